//! The product page's data (shared by server and browser).

use serde::{Deserialize, Serialize};
use storefront::money::Money;

use crate::catalog::{ProductCard, ProductKind};
use crate::listing::CategoryCrumb;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub kind: ProductKind,
    pub brand: Option<BrandRef>,
    pub breadcrumbs: Vec<CategoryCrumb>,
    pub images: Vec<ProductImage>,
    /// Option names and their values in display order, e.g. size: S, M, L.
    pub options: Vec<ProductOption>,
    pub variants: Vec<VariantInfo>,
    /// For bundles: what is inside.
    pub bundle_items: Vec<BundleItem>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    /// Absolute URL of this page (set by the server, which knows the public base URL).
    pub canonical_url: String,
    /// Absolute URL prefix for images in OpenGraph / JSON-LD.
    pub base_url: String,
    pub related: Vec<ProductCard>,
    pub also_bought: Vec<ProductCard>,
    /// Courses, bundles, licences and certifications: syllabus, seat tiers, savings,
    /// prerequisites and cohorts (empty for other kinds).
    pub learning: crate::learning::ProductLearning,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrandRef {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductImage {
    pub url: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
    pub variant_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductOption {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleItem {
    pub name: String,
    pub slug: String,
    pub quantity: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariantInfo {
    pub id: i64,
    pub sku: String,
    pub name: String,
    /// (option name, value) pairs.
    pub attributes: Vec<(String, String)>,
    pub price: Money,
    pub compare_at: Option<Money>,
    /// Units that can be bought now; `None` when stock isn't tracked (digital goods).
    pub available: Option<i32>,
    pub low_stock_threshold: i32,
}

/// What the stock line under the price says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockMessage {
    InStock,
    OnlyLeft(i32),
    OutOfStock,
    InstantDownload,
}

impl StockMessage {
    pub fn text(&self) -> String {
        match self {
            StockMessage::InStock => "In stock".into(),
            StockMessage::OnlyLeft(n) => format!("Only {n} left"),
            StockMessage::OutOfStock => "Out of stock".into(),
            StockMessage::InstantDownload => "Instant download after purchase".into(),
        }
    }

    /// The line for a product of `kind`: courses and certifications count places, not units,
    /// and are opened in the buyer's account rather than downloaded.
    pub fn text_for(&self, kind: crate::catalog::ProductKind) -> String {
        use crate::catalog::ProductKind as K;
        if kind.is_subscription() {
            return "Starts as soon as you subscribe; cancel anytime".into();
        }
        if !kind.is_learning() {
            return self.text();
        }
        match (self, kind) {
            (StockMessage::OutOfStock, _) => "Fully booked".into(),
            (StockMessage::OnlyLeft(1), _) => "Only 1 place left".into(),
            (StockMessage::OnlyLeft(n), _) => format!("Only {n} places left"),
            (StockMessage::InStock, _) => "Places available".into(),
            (StockMessage::InstantDownload, K::Certification) => {
                "Your exam place is booked as soon as you pay".into()
            }
            (StockMessage::InstantDownload, K::TeamLicence) => {
                "Invite your team from your account right after purchase".into()
            }
            (StockMessage::InstantDownload, _) => {
                "Open it in your account right after purchase".into()
            }
        }
    }

    pub fn can_buy(&self) -> bool {
        !matches!(self, StockMessage::OutOfStock)
    }
}

impl VariantInfo {
    pub fn stock_message(&self) -> StockMessage {
        match self.available {
            None => StockMessage::InstantDownload,
            Some(n) if n <= 0 => StockMessage::OutOfStock,
            Some(n) if n <= self.low_stock_threshold => StockMessage::OnlyLeft(n),
            Some(_) => StockMessage::InStock,
        }
    }

    pub fn value_of(&self, option: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == option)
            .map(|(_, v)| v.as_str())
    }
}

impl ProductDetail {
    /// The variant matching the chosen option values (missing choices fall back to the first
    /// in-stock variant that agrees with the rest), or an explicit `variant` id.
    pub fn pick_variant(
        &self,
        variant_id: Option<i64>,
        chosen: &[(String, String)],
    ) -> Option<&VariantInfo> {
        if let Some(id) = variant_id
            && let Some(v) = self.variants.iter().find(|v| v.id == id)
        {
            return Some(v);
        }
        let agrees = |v: &&VariantInfo| {
            chosen.iter().all(|(name, value)| {
                !self.options.iter().any(|o| &o.name == name)
                    || v.value_of(name) == Some(value.as_str())
            })
        };
        self.variants
            .iter()
            .filter(agrees)
            .find(|v| v.stock_message().can_buy())
            .or_else(|| self.variants.iter().find(agrees))
            .or_else(|| self.variants.iter().find(|v| v.stock_message().can_buy()))
            .or(self.variants.first())
    }
}
