//! API shapes of orders and shipping methods.

use serde::Serialize;
use utoipa::ToSchema;

use shared::account::Address;
use shared::checkout::ShippingOption;
use shared::order::OrderView;
use storefront::{OrderStatus, PaymentStatus};

use super::dto::ApiMoney;

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderLine {
    pub variant_id: i64,
    pub name: String,
    pub variant_name: Option<String>,
    pub quantity: u32,
    pub unit_price: ApiMoney,
    pub subtotal: ApiMoney,
    /// This line's share of every discount (exact to the cent; refunds use it).
    pub discount: ApiMoney,
    pub tax: ApiMoney,
    pub total: ApiMoney,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSaving {
    pub name: String,
    pub code: Option<String>,
    pub amount: ApiMoney,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTotals {
    pub subtotal: ApiMoney,
    pub discount: ApiMoney,
    pub shipping: ApiMoney,
    pub tax: ApiMoney,
    /// True when tax is included in the prices rather than added.
    pub tax_included: bool,
    pub total: ApiMoney,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAddress {
    pub recipient_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    pub country: String,
    pub phone: Option<String>,
}

impl From<Address> for ApiAddress {
    fn from(a: Address) -> Self {
        ApiAddress {
            recipient_name: a.recipient_name,
            company: a.company,
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
            phone: a.phone,
        }
    }
}

/// A placed order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrder {
    #[schema(example = "LC-100042")]
    pub number: String,
    /// PENDING, CONFIRMED, PROCESSING, SHIPPED, DELIVERED, CANCELLED, REFUNDED.
    #[schema(value_type = String, example = "CONFIRMED")]
    pub status: OrderStatus,
    /// PENDING, AUTHORIZED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED, FAILED, VOIDED.
    #[schema(value_type = String, example = "CAPTURED")]
    pub payment_status: PaymentStatus,
    pub email: String,
    pub placed_at: String,
    pub totals: ApiTotals,
    pub lines: Vec<ApiOrderLine>,
    pub savings: Vec<ApiSaving>,
    pub shipping_address: Option<ApiAddress>,
    pub billing_address: Option<ApiAddress>,
    pub shipping_method: Option<String>,
    /// e.g. "Visa ending in 4242".
    pub payment: Option<String>,
    /// Where the shopper (or a guest, with the secret key in it) can see the order.
    pub url: String,
    /// Status PENDING: the shopper must authenticate the payment (3-D Secure) at this URL;
    /// the bank sends them back to the order, and the order confirms when the payment does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_action: Option<ApiNextAction>,
}

/// What the shopper must do to finish paying.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiNextAction {
    /// Always `redirect_to_url`.
    #[serde(rename = "type")]
    pub kind: String,
    pub url: String,
}

impl From<OrderView> for ApiOrder {
    fn from(o: OrderView) -> Self {
        let s = o.summary.clone();
        let zero = storefront::Money::zero(s.total.currency());
        ApiOrder {
            next_action: None,
            url: o.href(),
            number: o.number,
            status: o.status,
            payment_status: o.payment_status,
            email: o.email,
            placed_at: o.placed_at,
            totals: ApiTotals {
                subtotal: s.subtotal.into(),
                discount: s.discount.into(),
                shipping: s.shipping.unwrap_or(zero).into(),
                tax: s.tax.into(),
                tax_included: s.tax_included,
                total: s.total.into(),
            },
            lines: s
                .lines
                .into_iter()
                .map(|l| ApiOrderLine {
                    variant_id: l.variant_id,
                    name: l.name,
                    variant_name: l.variant_name,
                    quantity: l.quantity,
                    unit_price: l.unit_price.into(),
                    subtotal: l.subtotal.into(),
                    discount: l.discount.into(),
                    tax: l.tax.into(),
                    total: l.total.into(),
                })
                .collect(),
            savings: s
                .savings
                .into_iter()
                .map(|v| ApiSaving {
                    name: v.name,
                    code: v.code,
                    amount: v.amount.into(),
                })
                .collect(),
            shipping_address: o.shipping_address.map(Into::into),
            billing_address: o.billing_address.map(Into::into),
            shipping_method: o.shipping_method,
            payment: o.payment.map(|p| p.label()),
        }
    }
}

/// A shipping method priced for the caller's cart.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiShippingMethod {
    #[schema(example = "standard")]
    pub code: String,
    pub name: String,
    pub description: String,
    pub carrier: Option<String>,
    /// What this cart pays (zero when it qualifies for free shipping).
    pub price: ApiMoney,
    pub list_price: ApiMoney,
    pub free_over: Option<ApiMoney>,
    pub min_days: Option<i32>,
    pub max_days: Option<i32>,
}

impl From<ShippingOption> for ApiShippingMethod {
    fn from(o: ShippingOption) -> Self {
        ApiShippingMethod {
            code: o.code,
            name: o.name,
            description: o.description,
            carrier: o.carrier,
            price: o.price.into(),
            list_price: o.list_price.into(),
            free_over: o.free_over.map(Into::into),
            min_days: o.min_days,
            max_days: o.max_days,
        }
    }
}

/// A line of a placed order and what has happened to its units.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderItem {
    /// Use it to refund or return by line.
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub variant_name: Option<String>,
    pub quantity: u32,
    pub fulfilled: u32,
    pub returned: u32,
    pub refunded: u32,
    pub total: ApiMoney,
}

/// A status change (or note on the order's progress).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTimelineEntry {
    pub at: String,
    #[schema(value_type = Option<String>)]
    pub from_status: Option<OrderStatus>,
    #[schema(value_type = String)]
    pub to_status: OrderStatus,
    pub actor: String,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiShipment {
    pub carrier: String,
    pub tracking_number: String,
    pub tracking_url: Option<String>,
    pub shipped_at: String,
    pub items: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiRefund {
    pub id: i64,
    pub amount: ApiMoney,
    /// PENDING, SUCCEEDED or FAILED.
    pub status: String,
    pub reason: Option<String>,
    pub created_at: String,
}

/// An order with its lifecycle: the summary plus fulfilment, timeline, refunds.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderDetail {
    #[serde(flatten)]
    pub order: ApiOrder,
    /// UNFULFILLED, PARTIALLY_FULFILLED, FULFILLED, PARTIALLY_RETURNED, RETURNED.
    pub fulfillment_status: String,
    pub items: Vec<ApiOrderItem>,
    pub timeline: Vec<ApiTimelineEntry>,
    pub shipments: Vec<ApiShipment>,
    pub refunded: ApiMoney,
    pub refunds: Vec<ApiRefund>,
    pub can_cancel: bool,
}

impl From<OrderView> for ApiOrderDetail {
    fn from(mut o: OrderView) -> Self {
        let l = o.lifecycle.take();
        let zero = storefront::Money::zero(o.summary.total.currency());
        let order: ApiOrder = o.into();
        let Some(l) = l else {
            return ApiOrderDetail {
                order,
                fulfillment_status: "UNFULFILLED".into(),
                items: vec![],
                timeline: vec![],
                shipments: vec![],
                refunded: zero.into(),
                refunds: vec![],
                can_cancel: false,
            };
        };
        ApiOrderDetail {
            order,
            fulfillment_status: l.fulfillment_status,
            items: l
                .lines
                .into_iter()
                .map(|i| ApiOrderItem {
                    id: i.id,
                    sku: i.sku,
                    name: i.name,
                    variant_name: i.variant_name,
                    quantity: i.quantity,
                    fulfilled: i.fulfilled,
                    returned: i.returned,
                    refunded: i.refunded,
                    total: i.total.into(),
                })
                .collect(),
            timeline: l
                .timeline
                .into_iter()
                .map(|t| ApiTimelineEntry {
                    at: t.at,
                    from_status: t.from_status,
                    to_status: t.to_status,
                    actor: t.actor,
                    reason: t.reason,
                })
                .collect(),
            shipments: l
                .shipments
                .into_iter()
                .map(|s| ApiShipment {
                    carrier: s.carrier,
                    tracking_number: s.tracking_number,
                    tracking_url: s.tracking_url,
                    shipped_at: s.shipped_at,
                    items: s.items,
                })
                .collect(),
            refunded: l.refunded.into(),
            refunds: l
                .refunds
                .into_iter()
                .map(|r| ApiRefund {
                    id: r.id,
                    amount: r.amount.into(),
                    status: r.status,
                    reason: r.reason,
                    created_at: r.at,
                })
                .collect(),
            can_cancel: l.can_cancel,
        }
    }
}

/// A row of the caller's order history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderSummary {
    pub number: String,
    #[schema(value_type = String, example = "SHIPPED")]
    pub status: OrderStatus,
    pub placed_at: String,
    pub item_count: i64,
    pub total: ApiMoney,
    pub url: String,
}
