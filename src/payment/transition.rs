//! The payment transition table and the error for moves it does not allow.

use serde::{Deserialize, Serialize};

use super::{PaymentEvent, PaymentStatus};

use PaymentEvent::{Authorize, Capture, Fail, FullRefund, PartialRefund, Void};
use PaymentStatus::{Authorized, Captured, Failed, PartiallyRefunded, Pending, Refunded, Voided};

/// Every allowed `(from, event, to)` move. [`PaymentStatus::apply`] consults only this table.
pub const TRANSITIONS: &[(PaymentStatus, PaymentEvent, PaymentStatus)] = &[
    (Pending, Authorize, Authorized),
    (Pending, Capture, Captured),
    (Pending, Fail, Failed),
    (Pending, Void, Voided),
    (Authorized, Capture, Captured),
    (Authorized, Fail, Failed),
    (Authorized, Void, Voided),
    (Captured, PartialRefund, PartiallyRefunded),
    (Captured, FullRefund, Refunded),
    (PartiallyRefunded, PartialRefund, PartiallyRefunded),
    (PartiallyRefunded, FullRefund, Refunded),
];

/// The transition table, [`TRANSITIONS`].
pub fn transitions() -> &'static [(PaymentStatus, PaymentEvent, PaymentStatus)] {
    TRANSITIONS
}

/// An event that is not allowed in the payment's current status.
///
/// Displays as e.g. "cannot capture a payment that is FAILED".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("cannot {verb} a payment that is {from}", verb = .event.verb())]
pub struct InvalidTransition {
    /// The status the payment was in.
    pub from: PaymentStatus,
    /// The rejected event.
    pub event: PaymentEvent,
}
