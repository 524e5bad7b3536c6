//! What can happen to a payment.

use serde::{Deserialize, Serialize};

/// Something the payment provider reports, or the store does, to a payment.
///
/// Refunds are split into [`PartialRefund`](Self::PartialRefund) and
/// [`FullRefund`](Self::FullRefund) so the transition table stays a finite list; use
/// [`PaymentEvent::refund`] to pick the right one from amounts. Serialized as
/// `"AUTHORIZE"`, `"CAPTURE"`, `"FAIL"`, `"PARTIAL_REFUND"`, `"FULL_REFUND"`, `"VOID"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentEvent {
    /// Funds reserved.
    Authorize,
    /// Funds taken (after authorization, or immediately).
    Capture,
    /// Declined, voided or errored before any funds were taken.
    Fail,
    /// Some captured money returned, leaving part of it with the store.
    PartialRefund,
    /// Refund that brings the refunded total up to the captured total.
    FullRefund,
    /// The store releases a payment before taking any funds (the order is cancelled).
    Void,
}

impl PaymentEvent {
    /// Every event.
    pub const ALL: [PaymentEvent; 6] = [
        PaymentEvent::Authorize,
        PaymentEvent::Capture,
        PaymentEvent::Fail,
        PaymentEvent::PartialRefund,
        PaymentEvent::FullRefund,
        PaymentEvent::Void,
    ];

    /// The verb for messages: "cannot {verb} a payment that is …".
    pub const fn verb(self) -> &'static str {
        match self {
            PaymentEvent::Authorize => "authorize",
            PaymentEvent::Capture => "capture",
            PaymentEvent::Fail => "fail",
            PaymentEvent::PartialRefund | PaymentEvent::FullRefund => "refund",
            PaymentEvent::Void => "void",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_names() {
        assert_eq!(
            serde_json::to_string(&PaymentEvent::PartialRefund).unwrap(),
            "\"PARTIAL_REFUND\""
        );
        for event in PaymentEvent::ALL {
            let json = serde_json::to_string(&event).unwrap();
            assert_eq!(serde_json::from_str::<PaymentEvent>(&json).unwrap(), event);
        }
        assert!(serde_json::from_str::<PaymentEvent>("\"REFUND\"").is_err());
    }
}
