//! The order transition table and the error for moves it does not allow.

use serde::{Deserialize, Serialize};

use super::{OrderEvent, OrderStatus};

use OrderEvent::{Cancel, Confirm, Deliver, DeliverDigitally, Refund, Ship, StartProcessing};
use OrderStatus::{Cancelled, Confirmed, Delivered, Pending, Processing, Refunded, Shipped};

/// Every allowed `(from, event, to)` move. [`OrderStatus::apply`] consults only this table.
///
/// A delivered order is refundable whatever `payment_captured` says (delivery implies the
/// order was paid); a cancelled one only when `payment_captured` is true.
pub const TRANSITIONS: &[(OrderStatus, OrderEvent, OrderStatus)] = &[
    (Pending, Confirm, Confirmed),
    (Confirmed, StartProcessing, Processing),
    (Processing, Ship, Shipped),
    (Shipped, Deliver, Delivered),
    (Confirmed, DeliverDigitally, Delivered),
    (Pending, Cancel, Cancelled),
    (Confirmed, Cancel, Cancelled),
    (Processing, Cancel, Cancelled),
    (
        Delivered,
        Refund {
            payment_captured: true,
        },
        Refunded,
    ),
    (
        Delivered,
        Refund {
            payment_captured: false,
        },
        Refunded,
    ),
    (
        Cancelled,
        Refund {
            payment_captured: true,
        },
        Refunded,
    ),
];

/// The transition table, [`TRANSITIONS`].
pub fn transitions() -> &'static [(OrderStatus, OrderEvent, OrderStatus)] {
    TRANSITIONS
}

/// An event that is not allowed in the order's current status.
///
/// Displays as e.g. "cannot ship an order that is PENDING".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("cannot {verb} an order that is {from}", verb = .event.verb())]
pub struct InvalidTransition {
    /// The status the order was in.
    pub from: OrderStatus,
    /// The rejected event.
    pub event: OrderEvent,
}
