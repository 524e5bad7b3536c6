//! Where an order is in its lifecycle.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{InvalidTransition, OrderEvent, transitions};

/// The state of an order. Displayed, parsed and serialized as `"PENDING"`, `"CONFIRMED"`, …
///
/// Moves only through [`OrderStatus::apply`], following [`transitions()`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum OrderStatus {
    /// Placed, awaiting confirmation (e.g. of payment).
    Pending,
    /// Accepted by the store.
    Confirmed,
    /// Being picked and packed.
    Processing,
    /// Handed to the carrier.
    Shipped,
    /// Received by the customer.
    Delivered,
    /// Cancelled before shipping.
    Cancelled,
    /// Money returned to the customer.
    Refunded,
}

/// The text is not one of the order status names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("unknown order status \"{0}\"")]
pub struct UnknownOrderStatus(pub String);

impl OrderStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [OrderStatus; 7] = [
        OrderStatus::Pending,
        OrderStatus::Confirmed,
        OrderStatus::Processing,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Refunded,
    ];

    /// The stored/wire name, e.g. `"PENDING"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "PENDING",
            OrderStatus::Confirmed => "CONFIRMED",
            OrderStatus::Processing => "PROCESSING",
            OrderStatus::Shipped => "SHIPPED",
            OrderStatus::Delivered => "DELIVERED",
            OrderStatus::Cancelled => "CANCELLED",
            OrderStatus::Refunded => "REFUNDED",
        }
    }

    /// The status after `event`, or [`InvalidTransition`] if the table has no such move.
    pub fn apply(self, event: OrderEvent) -> Result<OrderStatus, InvalidTransition> {
        transitions()
            .iter()
            .find(|(from, on, _)| *from == self && *on == event)
            .map(|&(_, _, to)| to)
            .ok_or(InvalidTransition { from: self, event })
    }

    /// The events that [`apply`](Self::apply) accepts from this status.
    pub fn allowed_events(self) -> impl Iterator<Item = OrderEvent> {
        transitions()
            .iter()
            .filter(move |(from, _, _)| *from == self)
            .map(|&(_, event, _)| event)
    }

    /// True when no event can move the order any further. Only [`OrderStatus::Refunded`]:
    /// delivered and cancelled orders can still be refunded.
    pub fn is_terminal(self) -> bool {
        self.allowed_events().next().is_none()
    }

    /// True while the order can still be cancelled (pending, confirmed or processing).
    pub fn can_cancel(self) -> bool {
        self.apply(OrderEvent::Cancel).is_ok()
    }

    /// True while the order is still on its way to the customer (not yet delivered,
    /// cancelled or refunded).
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            OrderStatus::Pending
                | OrderStatus::Confirmed
                | OrderStatus::Processing
                | OrderStatus::Shipped
        )
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Exact, case-sensitive match on the names returned by [`OrderStatus::as_str`].
impl FromStr for OrderStatus {
    type Err = UnknownOrderStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrderStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| UnknownOrderStatus(s.to_owned()))
    }
}

impl TryFrom<String> for OrderStatus {
    type Error = UnknownOrderStatus;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<OrderStatus> for &'static str {
    fn from(value: OrderStatus) -> Self {
        value.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderEvent::*;
    use OrderStatus::*;

    #[test]
    fn happy_path() {
        let delivered = [Confirm, StartProcessing, Ship, Deliver]
            .into_iter()
            .try_fold(Pending, OrderStatus::apply);
        assert_eq!(delivered, Ok(Delivered));
        assert_eq!(
            Delivered.apply(Refund {
                payment_captured: true
            }),
            Ok(Refunded)
        );
    }

    #[test]
    fn cancellation() {
        for status in [Pending, Confirmed, Processing] {
            assert!(status.can_cancel());
            assert_eq!(status.apply(Cancel), Ok(Cancelled));
        }
        for status in [Shipped, Delivered, Cancelled, Refunded] {
            assert!(!status.can_cancel());
        }
    }

    #[test]
    fn cancelled_orders_refund_only_if_payment_was_captured() {
        assert_eq!(
            Cancelled.apply(Refund {
                payment_captured: true
            }),
            Ok(Refunded)
        );
        assert_eq!(
            Cancelled.apply(Refund {
                payment_captured: false
            }),
            Err(InvalidTransition {
                from: Cancelled,
                event: Refund {
                    payment_captured: false
                }
            })
        );
    }

    #[test]
    fn delivered_orders_refund_regardless_of_flag() {
        assert_eq!(
            Delivered.apply(Refund {
                payment_captured: false
            }),
            Ok(Refunded)
        );
    }

    #[test]
    fn invalid_moves_explain_themselves() {
        let err = Pending.apply(Ship).unwrap_err();
        assert_eq!(
            err,
            InvalidTransition {
                from: Pending,
                event: Ship
            }
        );
        assert_eq!(err.to_string(), "cannot ship an order that is PENDING");
        assert_eq!(
            Shipped.apply(Cancel).unwrap_err().to_string(),
            "cannot cancel an order that is SHIPPED"
        );
        assert_eq!(
            Refunded
                .apply(Refund {
                    payment_captured: true
                })
                .unwrap_err()
                .to_string(),
            "cannot refund an order that is REFUNDED"
        );
    }

    #[test]
    fn terminal_and_open() {
        let terminal: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(terminal, [Refunded]);
        let open: Vec<_> = OrderStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(open, [Pending, Confirmed, Processing, Shipped]);
    }

    #[test]
    fn names_parse_and_serialize() {
        for status in OrderStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(status.to_string(), status.as_str());
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(serde_json::from_str::<OrderStatus>(&json).unwrap(), status);
        }
        assert_eq!(
            "pending".parse::<OrderStatus>(),
            Err(UnknownOrderStatus("pending".to_owned()))
        );
        assert!(serde_json::from_str::<OrderStatus>("\"LOST\"").is_err());
        assert_eq!(Processing.as_str(), "PROCESSING");
    }
}
