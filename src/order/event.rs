//! What can happen to an order.

use serde::{Deserialize, Serialize};

/// Something that happens to an order and may change its [`OrderStatus`](super::OrderStatus).
///
/// Serialized as `{"type": "SHIP"}`, `{"type": "REFUND", "payment_captured": true}`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderEvent {
    /// The store accepts a pending order.
    Confirm,
    /// Fulfilment starts on a confirmed order.
    StartProcessing,
    /// The parcel leaves with the carrier.
    Ship,
    /// The carrier reports delivery.
    Deliver,
    /// Everything on a confirmed order that needs no shipping (courses, licences,
    /// certifications, downloads) has been granted: delivered without a carrier.
    DeliverDigitally,
    /// The order is called off before shipping.
    Cancel,
    /// The customer's money is returned.
    Refund {
        /// Whether the order's payment had been captured (money actually taken). A cancelled
        /// order can only be refunded if it had; otherwise there is nothing to give back and
        /// the order simply stays cancelled. Delivered orders can always be refunded.
        payment_captured: bool,
    },
}

impl OrderEvent {
    /// Every distinct event value.
    pub const ALL: [OrderEvent; 8] = [
        OrderEvent::Confirm,
        OrderEvent::StartProcessing,
        OrderEvent::Ship,
        OrderEvent::Deliver,
        OrderEvent::DeliverDigitally,
        OrderEvent::Cancel,
        OrderEvent::Refund {
            payment_captured: false,
        },
        OrderEvent::Refund {
            payment_captured: true,
        },
    ];

    /// The verb for messages: "cannot {verb} an order that is …".
    pub const fn verb(self) -> &'static str {
        match self {
            OrderEvent::Confirm => "confirm",
            OrderEvent::StartProcessing => "start processing",
            OrderEvent::Ship => "ship",
            OrderEvent::Deliver => "deliver",
            OrderEvent::DeliverDigitally => "deliver digitally",
            OrderEvent::Cancel => "cancel",
            OrderEvent::Refund { .. } => "refund",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_shape() {
        let refund = OrderEvent::Refund {
            payment_captured: true,
        };
        let json = serde_json::to_string(&refund).unwrap();
        assert_eq!(json, r#"{"type":"REFUND","payment_captured":true}"#);
        assert_eq!(serde_json::from_str::<OrderEvent>(&json).unwrap(), refund);
        assert_eq!(
            serde_json::from_str::<OrderEvent>(r#"{"type":"START_PROCESSING"}"#).unwrap(),
            OrderEvent::StartProcessing
        );
        assert!(serde_json::from_str::<OrderEvent>(r#"{"type":"REFUND"}"#).is_err());
        assert!(serde_json::from_str::<OrderEvent>(r#"{"type":"EXPLODE"}"#).is_err());
    }
}
