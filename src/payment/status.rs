//! Where a payment is in its lifecycle.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{InvalidTransition, PaymentEvent, transitions};

/// The state of an order's payment. Displayed, parsed and serialized as `"PENDING"`,
/// `"AUTHORIZED"`, `"CAPTURED"`, `"PARTIALLY_REFUNDED"`, `"REFUNDED"`, `"FAILED"`, `"VOIDED"`.
///
/// Moves only through [`PaymentStatus::apply`], following [`transitions()`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum PaymentStatus {
    /// Created, nothing confirmed by the provider yet.
    Pending,
    /// Funds reserved on the customer's card but not taken.
    Authorized,
    /// Funds taken.
    Captured,
    /// Some, but not all, captured funds returned.
    PartiallyRefunded,
    /// All captured funds returned.
    Refunded,
    /// Declined or errored; no funds taken.
    Failed,
    /// Released before any funds were taken (an order cancelled before capture).
    Voided,
}

/// The text is not one of the payment status names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("unknown payment status \"{0}\"")]
pub struct UnknownPaymentStatus(pub String);

impl PaymentStatus {
    /// Every status.
    pub const ALL: [PaymentStatus; 7] = [
        PaymentStatus::Pending,
        PaymentStatus::Authorized,
        PaymentStatus::Captured,
        PaymentStatus::PartiallyRefunded,
        PaymentStatus::Refunded,
        PaymentStatus::Failed,
        PaymentStatus::Voided,
    ];

    /// The stored/wire name, e.g. `"PARTIALLY_REFUNDED"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Pending => "PENDING",
            PaymentStatus::Authorized => "AUTHORIZED",
            PaymentStatus::Captured => "CAPTURED",
            PaymentStatus::PartiallyRefunded => "PARTIALLY_REFUNDED",
            PaymentStatus::Refunded => "REFUNDED",
            PaymentStatus::Failed => "FAILED",
            PaymentStatus::Voided => "VOIDED",
        }
    }

    /// The status after `event`, or [`InvalidTransition`] if the table has no such move.
    pub fn apply(self, event: PaymentEvent) -> Result<PaymentStatus, InvalidTransition> {
        transitions()
            .iter()
            .find(|(from, on, _)| *from == self && *on == event)
            .map(|&(_, _, to)| to)
            .ok_or(InvalidTransition { from: self, event })
    }

    /// The events that [`apply`](Self::apply) accepts from this status.
    pub fn allowed_events(self) -> impl Iterator<Item = PaymentEvent> {
        transitions()
            .iter()
            .filter(move |(from, _, _)| *from == self)
            .map(|&(_, event, _)| event)
    }

    /// True when no event can move the payment any further (`REFUNDED`, `FAILED`, `VOIDED`).
    pub fn is_terminal(self) -> bool {
        self.allowed_events().next().is_none()
    }

    /// True if the store currently holds captured money for this payment
    /// (`CAPTURED` or `PARTIALLY_REFUNDED`): what
    /// [`OrderEvent::Refund`](crate::order::OrderEvent::Refund)'s `payment_captured` asks.
    pub const fn holds_captured_funds(self) -> bool {
        matches!(
            self,
            PaymentStatus::Captured | PaymentStatus::PartiallyRefunded
        )
    }
}

impl fmt::Display for PaymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Exact, case-sensitive match on the names returned by [`PaymentStatus::as_str`].
impl FromStr for PaymentStatus {
    type Err = UnknownPaymentStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PaymentStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| UnknownPaymentStatus(s.to_owned()))
    }
}

impl TryFrom<String> for PaymentStatus {
    type Error = UnknownPaymentStatus;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<PaymentStatus> for &'static str {
    fn from(value: PaymentStatus) -> Self {
        value.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PaymentEvent::*;
    use PaymentStatus::*;

    #[test]
    fn authorize_then_capture_then_refund() {
        let end = [Authorize, Capture, PartialRefund, PartialRefund, FullRefund]
            .into_iter()
            .try_fold(Pending, PaymentStatus::apply);
        assert_eq!(end, Ok(Refunded));
    }

    #[test]
    fn immediate_capture_and_failures() {
        assert_eq!(Pending.apply(Capture), Ok(Captured));
        assert_eq!(Pending.apply(Fail), Ok(Failed));
        assert_eq!(Authorized.apply(Fail), Ok(Failed));
        assert_eq!(Captured.apply(FullRefund), Ok(Refunded));
        assert_eq!(Captured.apply(PartialRefund), Ok(PartiallyRefunded));
        assert_eq!(Authorized.apply(Void), Ok(Voided));
        assert_eq!(Pending.apply(Void), Ok(Voided));
        assert!(
            Captured.apply(Void).is_err(),
            "captured money is refunded, not voided"
        );
    }

    #[test]
    fn invalid_moves_explain_themselves() {
        let err = Failed.apply(Capture).unwrap_err();
        assert_eq!(
            err,
            InvalidTransition {
                from: Failed,
                event: Capture
            }
        );
        assert_eq!(err.to_string(), "cannot capture a payment that is FAILED");
        assert_eq!(
            Authorized.apply(PartialRefund).unwrap_err().to_string(),
            "cannot refund a payment that is AUTHORIZED"
        );
        assert!(Captured.apply(Fail).is_err());
        assert!(Refunded.apply(FullRefund).is_err());
    }

    #[test]
    fn terminal_and_funds() {
        let terminal: Vec<_> = PaymentStatus::ALL
            .into_iter()
            .filter(|s| s.is_terminal())
            .collect();
        assert_eq!(terminal, [Refunded, Failed, Voided]);
        let holding: Vec<_> = PaymentStatus::ALL
            .into_iter()
            .filter(|s| s.holds_captured_funds())
            .collect();
        assert_eq!(holding, [Captured, PartiallyRefunded]);
    }

    #[test]
    fn names_parse_and_serialize() {
        for status in PaymentStatus::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(status.to_string(), status.as_str());
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(
                serde_json::from_str::<PaymentStatus>(&json).unwrap(),
                status
            );
        }
        assert_eq!(PartiallyRefunded.to_string(), "PARTIALLY_REFUNDED");
        assert!("PartiallyRefunded".parse::<PaymentStatus>().is_err());
        assert!(serde_json::from_str::<PaymentStatus>("\"VOID\"").is_err());
    }
}
