//! Data shapes shared by server functions and components (serialised across the wire).

use serde::{Deserialize, Serialize};
use storefront::money::Money;

/// What kind of thing a product is; drives badges ("Instant download") and fulfilment.
pub use storefront::pricing::ProductKind;

/// Short label shown on cards for `kind`, or `None` for ordinary physical goods.
pub fn kind_badge(kind: ProductKind) -> Option<&'static str> {
    match kind {
        ProductKind::Physical => None,
        ProductKind::Digital => Some("Instant download"),
        ProductKind::Bundle => Some("Bundle"),
        ProductKind::Course => Some("Course"),
        ProductKind::CourseBundle => Some("Course bundle"),
        ProductKind::TeamLicence => Some("Team licence"),
        ProductKind::Certification => Some("Certification"),
        ProductKind::Subscription => Some("Subscription"),
    }
}

/// A product as shown in grids and lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub brand: Option<String>,
    pub kind: ProductKind,
    /// Lowest active variant price.
    pub price: Money,
    /// "Was" price of that variant, shown struck through when higher than `price`.
    pub compare_at: Option<Money>,
    pub image_url: Option<String>,
    pub image_alt: String,
    pub in_stock: bool,
}

impl ProductCard {
    pub fn on_sale(&self) -> bool {
        self.compare_at
            .as_ref()
            .is_some_and(|c| c.minor() > self.price.minor())
    }
}

/// A category link for navigation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
    pub product_count: i64,
}
