//! Properties of seat-tier totals and bundle shares.

use proptest::prelude::*;

use super::*;
use crate::{Currency, Money};

fn tiers_strategy() -> impl Strategy<Value = SeatTiers> {
    (
        1_000i64..50_000,
        prop::collection::vec((1u32..200, 0i64..2_000), 0..4),
    )
        .prop_map(|(first, steps)| {
            let mut tiers = vec![SeatTier {
                min_seats: 2,
                unit: Money::new(first, Currency::Usd),
            }];
            let (mut at, mut unit) = (2u32, first);
            for (gap, cut) in steps {
                at += gap;
                unit = (unit - cut).max(0);
                if at <= Seats::MAX {
                    tiers.push(SeatTier {
                        min_seats: at,
                        unit: Money::new(unit, Currency::Usd),
                    });
                }
            }
            SeatTiers::new(tiers).expect("generated tiers are valid")
        })
}

proptest! {
    /// The total is seats × the unit of the tier that covers them, and more seats never
    /// cost less per seat than fewer seats in a higher tier... and never less in total
    /// than the same count priced at the cheapest tier.
    #[test]
    fn seat_totals_follow_the_tiers(tiers in tiers_strategy(), n in 2u32..=1000) {
        let seats = Seats::new(n).unwrap();
        let total = tiers.total(seats).unwrap();
        let tier = tiers.tier_for(seats);
        prop_assert!(tier.min_seats <= n);
        prop_assert_eq!(total.minor(), tier.unit.minor() * i64::from(n));
        let cheapest = tiers.tiers().iter().map(|t| t.unit.minor()).min().unwrap();
        let dearest = tiers.tiers()[0].unit.minor();
        prop_assert!(total.minor() >= cheapest * i64::from(n));
        prop_assert!(total.minor() <= dearest * i64::from(n));
        // Per-seat price never rises with more seats.
        if n < 1000 {
            let next = tiers.unit_price(Seats::new(n + 1).unwrap());
            prop_assert!(next.minor() <= tier.unit.minor());
        }
    }

    /// Shares add up to the bundle price exactly, none is negative, each course's share is
    /// within a minor unit of its proportional part, and the saving is list − price.
    #[test]
    fn bundle_shares_add_up(prices in prop::collection::vec(0i64..100_000, 2..8), bps in 0u32..=10_000) {
        let courses: Vec<Money> = prices.iter().map(|&p| Money::new(p, Currency::Usd)).collect();
        let b = bundle_price(&courses, BundleDiscount::Percent(bps)).unwrap();
        let sum: i64 = b.shares.iter().map(Money::minor).sum();
        prop_assert_eq!(sum, b.price.minor());
        prop_assert_eq!(b.list.minor() - b.price.minor(), b.savings.minor());
        prop_assert!(b.shares.iter().all(|s| !s.is_negative()));
        let list = b.list.minor();
        if list > 0 {
            for (share, price) in b.shares.iter().zip(&prices) {
                let exact = i128::from(b.price.minor()) * i128::from(*price);
                let got = i128::from(share.minor()) * i128::from(list);
                prop_assert!((got - exact).abs() < i128::from(list));
            }
        }
    }

    /// A fixed amount off never makes the price negative: it is refused instead.
    #[test]
    fn amount_off_is_bounded(prices in prop::collection::vec(0i64..10_000, 2..5), off in 0i64..40_000) {
        let courses: Vec<Money> = prices.iter().map(|&p| Money::new(p, Currency::Usd)).collect();
        let list: i64 = prices.iter().sum();
        match bundle_price(&courses, BundleDiscount::Amount(Money::new(off, Currency::Usd))) {
            Ok(b) => prop_assert_eq!(b.price.minor(), list - off),
            Err(e) => { prop_assert!(off > list); prop_assert_eq!(e, BundleError::Discount); }
        }
    }
}
