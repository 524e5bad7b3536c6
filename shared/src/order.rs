//! What an order looks like after it is placed, for its shopper and for staff: the status
//! timeline, shipments, refunds, returns and what may be done next.

use serde::{Deserialize, Serialize};
use storefront::{Money, OrderStatus, PaymentStatus};

use crate::account::Address;
use crate::checkout::{OrderSummary, PaymentChoice};

/// One row of the status timeline (`order_state_history`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub from_status: Option<OrderStatus>,
    pub to_status: OrderStatus,
    /// `system`, `customer`, `staff:<email>`, `webhook:stripe`, …
    pub actor: String,
    pub reason: Option<String>,
}

/// A parcel that left the shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentView {
    pub carrier: String,
    pub tracking_number: String,
    /// The carrier's tracking page, when the carrier is one we know.
    pub tracking_url: Option<String>,
    pub shipped_at: String,
    /// "2 × Linen shirt (M)", …
    pub items: Vec<String>,
}

/// An order line with what has happened to its units since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineView {
    pub id: i64,
    pub name: String,
    pub variant_name: Option<String>,
    pub sku: String,
    pub quantity: u32,
    pub fulfilled: u32,
    pub returned: u32,
    pub refunded: u32,
    /// Units a return may still be requested for (not returned, not in an open return).
    pub returnable: u32,
    pub total: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub id: i64,
    pub amount: Money,
    /// `PENDING`, `SUCCEEDED` or `FAILED`.
    pub status: String,
    pub reason: Option<String>,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnView {
    pub id: i64,
    pub status: String,
    pub reason: Option<String>,
    pub items: Vec<String>,
    pub at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteView {
    pub author: String,
    pub body: String,
    pub at: String,
}

/// Everything after placement, shown under the order's summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLifecycle {
    pub fulfillment_status: String,
    pub timeline: Vec<TimelineEntry>,
    pub shipments: Vec<ShipmentView>,
    pub lines: Vec<LineView>,
    pub captured: Money,
    pub refunded: Money,
    pub refunds: Vec<RefundView>,
    pub returns: Vec<ReturnView>,
    pub can_cancel: bool,
    pub can_request_return: bool,
}

/// What staff see of an order: the lifecycle plus internal notes and allowed actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrder {
    pub order: crate::order::OrderView,
    pub lifecycle: OrderLifecycle,
    pub customer_id: Option<i64>,
    pub notes: Vec<NoteView>,
    /// Actions the state machine allows now: `confirm`, `start_processing`, `fulfil`,
    /// `deliver`, `cancel`, `refund`.
    pub actions: Vec<String>,
    /// What can still be refunded.
    pub refundable: Money,
}

/// A row of the admin order list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderRow {
    pub id: i64,
    pub number: String,
    pub email: String,
    pub placed_at: String,
    pub status: OrderStatus,
    pub payment_status: PaymentStatus,
    pub fulfillment_status: String,
    pub total: Money,
    pub item_count: i64,
}

/// One page of the admin order list; `next` is the cursor of the following page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderPage {
    pub rows: Vec<AdminOrderRow>,
    pub next: Option<String>,
}

/// Filters of the admin order list (all optional; as typed in the form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFilter {
    pub status: Option<String>,
    pub payment_status: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// An order number or (part of) an email.
    pub q: Option<String>,
    /// The cursor from the previous page.
    pub after: Option<String>,
}

/// Shopper-facing name of an order status.
pub fn status_label(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Pending => "Payment pending",
        OrderStatus::Confirmed => "Confirmed",
        OrderStatus::Processing => "Being prepared",
        OrderStatus::Shipped => "Shipped",
        OrderStatus::Delivered => "Delivered",
        OrderStatus::Cancelled => "Cancelled",
        OrderStatus::Refunded => "Refunded",
    }
}

/// A placed order as its confirmation page and the API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub number: String,
    pub status: OrderStatus,
    pub payment_status: PaymentStatus,
    pub email: String,
    pub placed_at: String,
    pub summary: OrderSummary,
    pub shipping_address: Option<Address>,
    pub billing_address: Option<Address>,
    pub shipping_method: Option<String>,
    pub payment: Option<PaymentChoice>,
    pub cancel_reason: Option<String>,
    /// The secret that opens this page without signing in (guests' link).
    pub access_key: Option<String>,
    /// Timeline, shipments, refunds and returns since the order was placed.
    pub lifecycle: Option<OrderLifecycle>,
}

impl OrderView {
    /// `/orders/<number>?key=<access key>`
    pub fn href(&self) -> String {
        match &self.access_key {
            Some(k) => format!("/orders/{}?key={k}", self.number),
            None => format!("/orders/{}", self.number),
        }
    }
}
