//! Property tests: the state machine agrees with its table; periods chain without gaps;
//! proration sums exactly; dates round-trip.

use proptest::prelude::*;
use proptest::sample::select;

use super::*;
use crate::{Currency, Money};

fn table_target(from: SubscriptionStatus, e: SubscriptionEvent) -> Option<SubscriptionStatus> {
    SUBSCRIPTION_TRANSITIONS
        .iter()
        .find(|(f, ev, _)| *f == from && *ev == e)
        .map(|t| t.2)
}

#[test]
fn table_is_deterministic_and_canceled_is_final() {
    for (i, (from, e, _)) in SUBSCRIPTION_TRANSITIONS.iter().enumerate() {
        let dupes = SUBSCRIPTION_TRANSITIONS[i + 1..]
            .iter()
            .filter(|(f, ev, _)| f == from && ev == e)
            .count();
        assert_eq!(dupes, 0, "{from} + {e:?} listed twice");
    }
    for e in SubscriptionEvent::ALL {
        assert!(SubscriptionStatus::Canceled.apply(e).is_err());
    }
}

fn date() -> impl Strategy<Value = Date> {
    (1i64..30_000).prop_map(|n| Date::from_days_since_epoch(n).unwrap())
}

proptest! {
    #[test]
    fn apply_agrees_with_the_table(
        from in select(SubscriptionStatus::ALL.to_vec()),
        e in select(SubscriptionEvent::ALL.to_vec()),
    ) {
        match table_target(from, e) {
            Some(to) => prop_assert_eq!(from.apply(e), Ok(to)),
            None => prop_assert_eq!(from.apply(e), Err(InvalidSubscriptionTransition { from, event: e })),
        }
    }

    /// Any walk through the machine stays in it, and access follows the status.
    #[test]
    fn walks_stay_in_the_machine(events in prop::collection::vec(select(SubscriptionEvent::ALL.to_vec()), 0..40)) {
        let mut s = SubscriptionStatus::Trialing;
        for e in events {
            if let Ok(next) = s.apply(e) {
                s = next;
            }
        }
        prop_assert!(SubscriptionStatus::ALL.contains(&s));
        if s == SubscriptionStatus::Canceled {
            prop_assert!(!s.grants_access(true));
        }
    }

    #[test]
    fn dates_round_trip(days in -700_000i64..2_900_000) {
        if let Some(d) = Date::from_days_since_epoch(days) {
            prop_assert_eq!(d.days_since_epoch(), days);
            prop_assert_eq!(d.to_string().parse::<Date>(), Ok(d));
        }
    }

    /// Renewals chain: each period starts where the last ended, lasts 28–31 days (monthly)
    /// or 365–366 (yearly), and keeps the anchor day whenever the month has it.
    #[test]
    fn periods_chain(start in date(), yearly in any::<bool>(), n in 1usize..30) {
        let interval = if yearly { Interval::Year } else { Interval::Month };
        let anchor = start.day();
        let mut p = Period::starting(start, interval, anchor).unwrap();
        for _ in 0..n {
            let days = p.days();
            if yearly { prop_assert!((365..=366).contains(&days)); } else { prop_assert!((28..=31).contains(&days)); }
            let next = p.next(interval, anchor).unwrap();
            prop_assert_eq!(next.start, p.end);
            prop_assert!(next.end.day() == anchor || next.end.day() < anchor);
            p = next;
        }
    }

    /// Proration sums exactly and never credits more than was paid.
    #[test]
    fn switch_sums(start in date(), yearly in any::<bool>(), offset in 0i64..400, old in 0i64..100_000, new in 0i64..100_000) {
        let interval = if yearly { Interval::Year } else { Interval::Month };
        let p = Period::starting(start, interval, start.day()).unwrap();
        let today = start.plus_days(offset).unwrap();
        let s = switch_plan(p, Money::new(old, Currency::Usd), Money::new(new, Currency::Usd), today).unwrap();
        prop_assert_eq!(s.charge.minor() + s.credit_used.minor(), new);
        prop_assert_eq!(s.credit_used.minor() + s.carried.minor(), s.credit.minor());
        prop_assert!(s.credit.minor() <= old && s.credit.minor() >= 0);
        prop_assert!(!s.charge.is_negative() && !s.carried.is_negative());
    }
}
