//! API shapes of the cart and accounts.

use serde::Serialize;
use shared::account::CurrentUser;
use shared::cart::{CartLineView, CartView};
use utoipa::ToSchema;

use super::dto::ApiMoney;

/// A cart with every line re-priced now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCart {
    pub items: Vec<ApiCartItem>,
    pub subtotal: ApiMoney,
    pub discount: ApiMoney,
    /// Estimated at checkout once the address is known.
    pub tax: Option<ApiMoney>,
    /// Estimated at checkout once the address is known.
    pub shipping: Option<ApiMoney>,
    pub total: ApiMoney,
    /// Units across all lines.
    pub item_count: u32,
    pub max_lines: u32,
    pub max_per_line: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCartItem {
    /// Use in `/api/cart/items/{item_id}`.
    pub item_id: i64,
    pub variant_id: i64,
    pub product_slug: String,
    pub product_name: String,
    pub variant_name: Option<String>,
    pub sku: String,
    pub quantity: u32,
    pub unit_price: ApiMoney,
    /// The price when added, when the catalog price has changed since.
    pub previous_unit_price: Option<ApiMoney>,
    /// "Price changed from $20.00 to $18.00".
    pub price_notice: Option<String>,
    /// About the line's price: "Free trial — then $29.00 / month" for a subscription plan
    /// with a free trial (the line costs nothing now).
    pub note: Option<String>,
    pub line_total: ApiMoney,
    /// Units still available (absent when stock is not tracked).
    pub available: Option<u32>,
    pub purchasable: bool,
}

impl From<CartLineView> for ApiCartItem {
    fn from(l: CartLineView) -> Self {
        ApiCartItem {
            price_notice: l.price_notice(),
            item_id: l.id,
            variant_id: l.variant_id,
            product_slug: l.product_slug,
            product_name: l.product_name,
            variant_name: l.variant_name,
            sku: l.sku,
            quantity: l.quantity,
            unit_price: l.unit_price.into(),
            previous_unit_price: l.previous_price.map(Into::into),
            line_total: l.line_total.into(),
            available: l.available,
            purchasable: l.purchasable,
            note: l.note,
        }
    }
}

impl From<CartView> for ApiCart {
    fn from(c: CartView) -> Self {
        ApiCart {
            subtotal: c.totals.subtotal.into(),
            discount: c.totals.discount.into(),
            tax: c.totals.tax.map(Into::into),
            shipping: c.totals.shipping.map(Into::into),
            total: c.totals.total.into(),
            item_count: c.totals.item_count,
            max_lines: c.limits.max_lines,
            max_per_line: c.limits.max_per_line,
            items: c.lines.into_iter().map(Into::into).collect(),
        }
    }
}

/// The signed-in account.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiUser {
    pub id: i64,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl From<CurrentUser> for ApiUser {
    fn from(u: CurrentUser) -> Self {
        ApiUser {
            id: u.id,
            email: u.email,
            first_name: u.first_name,
            last_name: u.last_name,
        }
    }
}

/// A plain answer for people: what happened and what to do next.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMessage {
    pub message: String,
}

/// Answer to confirming a registration and to login: the account, and notices about the cart merge.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSession {
    pub user: ApiUser,
    pub notices: Vec<String>,
}
