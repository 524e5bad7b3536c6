//! The cart as pages and the API show it: lines re-priced now, totals from the domain core.

use serde::{Deserialize, Serialize};
use storefront::{CartLimits, CartTotals, Money};

/// A whole cart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub totals: CartTotals,
    pub limits: CartLimits,
}

impl CartView {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// One line of the cart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartLineView {
    /// The line's id (used to change or remove it; only works on the caller's own cart).
    pub id: i64,
    pub variant_id: i64,
    pub product_slug: String,
    pub product_name: String,
    /// e.g. "M / Black"; `None` for single-variant products.
    pub variant_name: Option<String>,
    pub sku: String,
    pub image_url: Option<String>,
    pub quantity: u32,
    /// What the shopper pays per unit now.
    pub unit_price: Money,
    /// The price when added, when different from `unit_price`.
    pub previous_price: Option<Money>,
    pub line_total: Money,
    /// Units that can still be sold (`None`: not tracked).
    pub available: Option<u32>,
    /// False when the product or variant was withdrawn; such lines are not counted.
    pub purchasable: bool,
    /// About the line's price, e.g. "Free trial — then $29.00 / month" for a subscription
    /// plan with a free trial (its line costs nothing now).
    #[serde(default)]
    pub note: Option<String>,
}

impl CartLineView {
    /// "Price changed from $20.00 to $18.00", when it did.
    pub fn price_notice(&self) -> Option<String> {
        self.previous_price
            .map(|was| format!("Price changed from {was} to {}", self.unit_price))
    }

    /// A warning when the cart holds more than can be sold.
    pub fn stock_notice(&self) -> Option<String> {
        if !self.purchasable {
            return Some("No longer available; remove it to check out.".into());
        }
        match self.available {
            Some(0) => Some("Out of stock now.".into()),
            Some(a) if a < self.quantity => Some(format!("Only {a} left in stock.")),
            _ => None,
        }
    }
}

/// The answer to a cart change: the cart after it and a message for the shopper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartChange {
    pub message: String,
    pub cart: CartView,
}
