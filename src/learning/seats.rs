//! Team-licence seats (2–1000 on one line) and tiered per-seat prices.

use serde::{Deserialize, Serialize};

use crate::{Currency, Money, MoneyError};

/// How many seats a team licence line holds: [`Seats::MIN`] (2) to [`Seats::MAX`] (1000). The
/// shop's per-line quantity limit does not apply to seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Seats(u32);

/// A seat count outside 2–1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("A team licence has between 2 and 1000 seats.")]
pub struct SeatsError;

impl Seats {
    /// Fewest seats on a licence.
    pub const MIN: u32 = 2;
    /// Most seats on one licence line.
    pub const MAX: u32 = 1000;

    /// Validates a seat count.
    pub const fn new(n: u32) -> Result<Seats, SeatsError> {
        if n >= Self::MIN && n <= Self::MAX {
            Ok(Seats(n))
        } else {
            Err(SeatsError)
        }
    }

    /// The number of seats.
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for Seats {
    type Error = SeatsError;
    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Seats::new(n)
    }
}

impl From<Seats> for u32 {
    fn from(s: Seats) -> u32 {
        s.0
    }
}

/// From `min_seats` seats on, each seat costs `unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatTier {
    /// The tier's first seat count (2, 10, 50 …).
    pub min_seats: u32,
    /// Price of one seat in this tier.
    pub unit: Money,
}

/// Why a list of tiers was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeatTierError {
    /// No tiers at all.
    #[error("Give at least one seat tier starting at 2 seats.")]
    Empty,
    /// The first tier does not start at 2 seats.
    #[error("The first seat tier must start at 2 seats.")]
    FirstTier,
    /// Tier starts not strictly increasing, or above 1000.
    #[error("Seat tiers must start at increasing seat counts of at most 1000.")]
    Order,
    /// A later tier costs more per seat than an earlier one.
    #[error("A larger tier cannot cost more per seat than a smaller one.")]
    Price,
    /// Tiers in different currencies, or a negative price.
    #[error("Every seat tier needs a price of zero or more in the product's currency.")]
    Currency,
}

/// Validated tiers: start at 2 seats, strictly increasing starts, per-seat prices that never
/// rise, one currency. The price for `n` seats is `n ×` the unit of the last tier whose start
/// is at most `n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<SeatTier>", into = "Vec<SeatTier>")]
pub struct SeatTiers(Vec<SeatTier>);

impl SeatTiers {
    /// Validates tiers (given in any order).
    pub fn new(mut tiers: Vec<SeatTier>) -> Result<SeatTiers, SeatTierError> {
        tiers.sort_by_key(|t| t.min_seats);
        let first = tiers.first().ok_or(SeatTierError::Empty)?;
        if first.min_seats != Seats::MIN {
            return Err(SeatTierError::FirstTier);
        }
        let currency = first.unit.currency();
        for pair in tiers.windows(2) {
            if pair[1].min_seats == pair[0].min_seats {
                return Err(SeatTierError::Order);
            }
            if pair[1].unit.minor() > pair[0].unit.minor() {
                return Err(SeatTierError::Price);
            }
        }
        if tiers.iter().any(|t| t.min_seats > Seats::MAX) {
            return Err(SeatTierError::Order);
        }
        if tiers
            .iter()
            .any(|t| t.unit.currency() != currency || t.unit.is_negative())
        {
            return Err(SeatTierError::Currency);
        }
        Ok(SeatTiers(tiers))
    }

    /// The tiers, smallest first.
    pub fn tiers(&self) -> &[SeatTier] {
        &self.0
    }

    /// The tiers' currency.
    pub fn currency(&self) -> Currency {
        self.0[0].unit.currency()
    }

    /// The tier that prices `seats`.
    pub fn tier_for(&self, seats: Seats) -> SeatTier {
        *self
            .0
            .iter()
            .rev()
            .find(|t| t.min_seats <= seats.get())
            .unwrap_or(&self.0[0])
    }

    /// One seat's price at `seats` seats.
    pub fn unit_price(&self, seats: Seats) -> Money {
        self.tier_for(seats).unit
    }

    /// What `seats` seats cost together.
    pub fn total(&self, seats: Seats) -> Result<Money, MoneyError> {
        self.unit_price(seats).checked_mul_qty(seats.get())
    }

    /// Each tier with the last seat count it covers (`None` for the open-ended last tier),
    /// for the product page ("2–9 seats: $90 per seat").
    pub fn ranges(&self) -> Vec<(u32, Option<u32>, Money)> {
        self.0
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let last = self.0.get(i + 1).map(|next| next.min_seats - 1);
                (t.min_seats, last, t.unit)
            })
            .collect()
    }
}

impl TryFrom<Vec<SeatTier>> for SeatTiers {
    type Error = SeatTierError;
    fn try_from(v: Vec<SeatTier>) -> Result<Self, Self::Error> {
        SeatTiers::new(v)
    }
}

impl From<SeatTiers> for Vec<SeatTier> {
    fn from(t: SeatTiers) -> Self {
        t.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(n: i64) -> Money {
        Money::new(n, Currency::Usd)
    }

    fn tiers() -> SeatTiers {
        SeatTiers::new(vec![
            SeatTier {
                min_seats: 10,
                unit: usd(8_000),
            },
            SeatTier {
                min_seats: 2,
                unit: usd(9_000),
            },
            SeatTier {
                min_seats: 50,
                unit: usd(6_500),
            },
        ])
        .unwrap()
    }

    #[test]
    fn seats_are_two_to_a_thousand() {
        assert!(Seats::new(1).is_err());
        assert!(Seats::new(1001).is_err());
        assert_eq!(Seats::new(1000).unwrap().get(), 1000);
        assert!(serde_json::from_str::<Seats>("1").is_err());
    }

    #[test]
    fn the_tier_is_the_last_that_starts_at_or_below() {
        let t = tiers();
        let price = |n| t.total(Seats::new(n).unwrap()).unwrap().minor();
        assert_eq!(price(2), 18_000);
        assert_eq!(price(9), 81_000);
        assert_eq!(price(10), 80_000);
        assert_eq!(price(49), 392_000);
        assert_eq!(price(50), 325_000);
        assert_eq!(price(1000), 6_500_000);
        assert_eq!(
            t.ranges(),
            vec![
                (2, Some(9), usd(9_000)),
                (10, Some(49), usd(8_000)),
                (50, None, usd(6_500))
            ]
        );
    }

    #[test]
    fn bad_tiers_are_refused() {
        let tier = |m, a| SeatTier {
            min_seats: m,
            unit: usd(a),
        };
        assert_eq!(SeatTiers::new(vec![]), Err(SeatTierError::Empty));
        assert_eq!(
            SeatTiers::new(vec![tier(3, 1)]),
            Err(SeatTierError::FirstTier)
        );
        assert_eq!(
            SeatTiers::new(vec![tier(2, 1), tier(2, 1)]),
            Err(SeatTierError::Order)
        );
        assert_eq!(
            SeatTiers::new(vec![tier(2, 1), tier(10, 2)]),
            Err(SeatTierError::Price)
        );
        assert_eq!(
            SeatTiers::new(vec![tier(2, 5), tier(1001, 2)]),
            Err(SeatTierError::Order)
        );
        let eur = SeatTier {
            min_seats: 10,
            unit: Money::new(1, Currency::Eur),
        };
        assert_eq!(
            SeatTiers::new(vec![tier(2, 5), eur]),
            Err(SeatTierError::Currency)
        );
    }
}
