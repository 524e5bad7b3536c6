//! Property tests: `apply` agrees exactly with the transition table, and refund
//! classification never lets refunds exceed the captured amount.

use proptest::prelude::*;
use proptest::sample::select;

use super::{InvalidTransition, PaymentEvent, PaymentStatus, RefundError, transitions};
use crate::money::{Currency, Money};

fn status() -> impl Strategy<Value = PaymentStatus> {
    select(PaymentStatus::ALL.to_vec())
}

fn event() -> impl Strategy<Value = PaymentEvent> {
    select(PaymentEvent::ALL.to_vec())
}

fn table_target(from: PaymentStatus, event: PaymentEvent) -> Option<PaymentStatus> {
    transitions()
        .iter()
        .find(|(f, e, _)| *f == from && *e == event)
        .map(|t| t.2)
}

#[test]
fn table_is_deterministic() {
    for (i, (from, event, _)) in transitions().iter().enumerate() {
        let dupes = transitions()[i + 1..]
            .iter()
            .filter(|(f, e, _)| f == from && e == event)
            .count();
        assert_eq!(dupes, 0, "{from} + {event:?} listed twice");
    }
}

#[test]
fn apply_matches_table_exhaustively() {
    for from in PaymentStatus::ALL {
        for event in PaymentEvent::ALL {
            let expected = table_target(from, event).ok_or(InvalidTransition { from, event });
            assert_eq!(from.apply(event), expected, "{from} + {event:?}");
        }
    }
}

proptest! {
    #[test]
    fn apply_agrees_with_table(from in status(), event in event()) {
        match table_target(from, event) {
            Some(to) => prop_assert_eq!(from.apply(event), Ok(to)),
            None => prop_assert_eq!(from.apply(event), Err(InvalidTransition { from, event })),
        }
    }

    /// Capture an amount, then attempt a series of refunds: the refunded total never exceeds
    /// the capture, and the status is REFUNDED exactly when everything has been returned.
    #[test]
    fn refund_sequences_never_exceed_capture(
        captured in 1_i64..1_000_000,
        attempts in prop::collection::vec(-10_i64..400_000, 1..12),
    ) {
        let usd = |m| Money::new(m, Currency::Usd);
        let mut status = PaymentStatus::Pending.apply(PaymentEvent::Capture).unwrap();
        let mut refunded = 0_i64;
        for amount in attempts {
            match PaymentEvent::refund(usd(amount), usd(captured), usd(refunded)) {
                Ok(event) => {
                    status = status.apply(event).unwrap();
                    refunded += amount;
                }
                Err(RefundError::NotPositive) => prop_assert!(amount <= 0),
                Err(RefundError::ExceedsRefundable { refundable }) => {
                    prop_assert_eq!(refundable, usd(captured - refunded));
                    prop_assert!(amount > captured - refunded);
                }
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
            prop_assert!(refunded <= captured);
            let expected = match refunded {
                0 => PaymentStatus::Captured,
                r if r == captured => PaymentStatus::Refunded,
                _ => PaymentStatus::PartiallyRefunded,
            };
            prop_assert_eq!(status, expected);
        }
    }

    #[test]
    fn refund_never_panics(a in any::<i64>(), c in any::<i64>(), r in any::<i64>()) {
        let usd = |m| Money::new(m, Currency::Usd);
        let _ = PaymentEvent::refund(usd(a), usd(c), usd(r));
    }

    #[test]
    fn status_serde_roundtrip(status in status(), junk in "\\PC{0,20}") {
        let json = serde_json::to_string(&status).unwrap();
        prop_assert_eq!(serde_json::from_str::<PaymentStatus>(&json).unwrap(), status);
        let junk_json = serde_json::to_string(&junk).unwrap();
        prop_assert_eq!(serde_json::from_str::<PaymentStatus>(&junk_json).ok(), junk.parse().ok());
    }
}
