//! Property tests: `apply` agrees exactly with the transition table.

use proptest::prelude::*;
use proptest::sample::select;

use super::{InvalidTransition, OrderEvent, OrderStatus, transitions};

fn status() -> impl Strategy<Value = OrderStatus> {
    select(OrderStatus::ALL.to_vec())
}

fn event() -> impl Strategy<Value = OrderEvent> {
    select(OrderEvent::ALL.to_vec())
}

fn table_target(from: OrderStatus, event: OrderEvent) -> Option<OrderStatus> {
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
    for from in OrderStatus::ALL {
        for event in OrderEvent::ALL {
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

    #[test]
    fn random_walks_stay_in_the_table(events in prop::collection::vec(event(), 0..20)) {
        let mut status = OrderStatus::Pending;
        for event in events {
            match status.apply(event) {
                Ok(next) => {
                    prop_assert!(transitions().contains(&(status, event, next)));
                    status = next;
                }
                Err(err) => prop_assert!(!status.allowed_events().any(|e| e == err.event)),
            }
        }
    }

    #[test]
    fn status_serde_roundtrip(status in status(), junk in "\\PC{0,12}") {
        let json = serde_json::to_string(&status).unwrap();
        prop_assert_eq!(serde_json::from_str::<OrderStatus>(&json).unwrap(), status);
        let junk_json = serde_json::to_string(&junk).unwrap();
        prop_assert_eq!(serde_json::from_str::<OrderStatus>(&junk_json).ok(), junk.parse().ok());
    }
}
