//! The API's own stable shapes (decoupled from the app's internal types).

use serde::Serialize;
use storefront::money::Money;
use utoipa::ToSchema;

use shared::catalog::ProductCard;
use shared::listing::{FacetGroup, ListingPage};
use shared::product::ProductDetail;

/// An amount of money.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMoney {
    /// Integer minor units (cents).
    #[schema(example = 4800)]
    pub amount: i64,
    /// ISO 4217 code.
    #[schema(example = "USD")]
    pub currency: String,
    /// For display, e.g. "$48.00".
    #[schema(example = "$48.00")]
    pub formatted: String,
}

impl From<Money> for ApiMoney {
    fn from(m: Money) -> Self {
        ApiMoney {
            amount: m.minor(),
            currency: m.currency().code().to_string(),
            formatted: m.to_string(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProductSummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub brand: Option<String>,
    pub kind: super::learning_dto::ApiProductKind,
    /// Lowest variant price.
    pub price: ApiMoney,
    pub compare_at_price: Option<ApiMoney>,
    pub image_url: Option<String>,
    pub in_stock: bool,
    /// Path of the product page.
    pub url: String,
}

fn kind(k: shared::catalog::ProductKind) -> super::learning_dto::ApiProductKind {
    k.into()
}

impl From<ProductCard> for ApiProductSummary {
    fn from(c: ProductCard) -> Self {
        ApiProductSummary {
            url: format!("/p/{}", c.slug),
            id: c.id,
            slug: c.slug,
            name: c.name,
            brand: c.brand,
            kind: kind(c.kind),
            price: c.price.into(),
            compare_at_price: c
                .compare_at
                .filter(|m| m.minor() > c.price.minor())
                .map(Into::into),
            image_url: c.image_url,
            in_stock: c.in_stock,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFacetValue {
    pub value: String,
    pub label: String,
    pub count: i64,
    pub selected: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFacet {
    /// Query parameter that filters by this facet (`category`, `brand`, `size`, …).
    pub param: String,
    pub label: String,
    pub values: Vec<ApiFacetValue>,
}

impl From<FacetGroup> for ApiFacet {
    fn from(g: FacetGroup) -> Self {
        ApiFacet {
            param: g.param,
            label: g.label,
            values: g
                .values
                .into_iter()
                .map(|v| ApiFacetValue {
                    value: v.value,
                    label: v.label,
                    count: v.count,
                    selected: v.selected,
                })
                .collect(),
        }
    }
}

/// A page of products with facet counts and keyset cursors.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProductList {
    pub products: Vec<ApiProductSummary>,
    /// Products matching the filters across all pages.
    pub total: i64,
    /// Pass as `after` for the next page.
    pub next_cursor: Option<String>,
    /// Pass as `before` for the previous page.
    pub prev_cursor: Option<String>,
    pub facets: Vec<ApiFacet>,
    /// True when a search found nothing exact and these are close (typo-tolerant) matches.
    pub fuzzy: bool,
}

impl From<ListingPage> for ApiProductList {
    fn from(p: ListingPage) -> Self {
        ApiProductList {
            products: p.products.into_iter().map(Into::into).collect(),
            total: p.total,
            next_cursor: p.next.map(|c| c.encode()),
            prev_cursor: p.prev.map(|c| c.encode()),
            facets: p.facets.into_iter().map(Into::into).collect(),
            fuzzy: p.fuzzy,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiVariant {
    pub id: i64,
    pub sku: String,
    pub name: String,
    /// Option values, e.g. {"size": "M", "colour": "Black"}.
    pub attributes: std::collections::BTreeMap<String, String>,
    pub price: ApiMoney,
    pub compare_at_price: Option<ApiMoney>,
    /// Units available now; null when stock is not tracked (digital goods).
    pub available: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProduct {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub kind: super::learning_dto::ApiProductKind,
    pub brand: Option<String>,
    /// Category path, root first (slugs).
    pub categories: Vec<String>,
    pub images: Vec<String>,
    pub variants: Vec<ApiVariant>,
    pub url: String,
    /// Courses, bundles, licences and certifications: syllabus, seat tiers, savings,
    /// prerequisites, cohorts.
    pub learning: super::learning_dto::ApiLearning,
}

impl From<ProductDetail> for ApiProduct {
    fn from(p: ProductDetail) -> Self {
        ApiProduct {
            url: format!("/p/{}", p.slug),
            id: p.id,
            slug: p.slug,
            name: p.name,
            description: p.description,
            kind: kind(p.kind),
            brand: p.brand.map(|b| b.name),
            categories: p.breadcrumbs.into_iter().map(|c| c.slug).collect(),
            images: p.images.into_iter().map(|i| i.url).collect(),
            variants: p
                .variants
                .into_iter()
                .map(|v| ApiVariant {
                    id: v.id,
                    sku: v.sku,
                    name: v.name,
                    attributes: v.attributes.into_iter().collect(),
                    price: v.price.into(),
                    compare_at_price: v.compare_at.map(Into::into),
                    available: v.available,
                })
                .collect(),
            learning: p.learning.into(),
        }
    }
}
