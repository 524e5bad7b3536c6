//! Switching plans (monthly ↔ annual). The rule, the same for both directions:
//!
//! 1. The switch takes effect on the day it is made: a new period of the new plan starts then.
//! 2. The unused days of the current period are credited: `old price × days left ÷ days in
//!    the period`, rounded **down** to the minor unit (the shop never credits more than was
//!    paid for those days).
//! 3. The credit pays the new plan's first charge; what is due now is `new price − credit`
//!    (never below zero), and credit above the new price is carried to the next charges.
//!
//! So `charge + credit_used = new price` and `credit_used + carried = credit` exactly.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::plan::Period;
use crate::{Money, MoneyError};

/// What a plan switch costs today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Switch {
    /// Credit for the unused days of the current period.
    pub credit: Money,
    /// The part of the credit spent on the new plan's first period.
    pub credit_used: Money,
    /// Due now for the new plan's first period.
    pub charge: Money,
    /// Credit left for later charges.
    pub carried: Money,
}

/// Why a switch cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SwitchError {
    /// The plans are priced in different currencies.
    #[error("Both plans must be priced in the same currency.")]
    Currency,
    /// A negative price or an empty period.
    #[error("Prices must be zero or more and the period at least a day long.")]
    Invalid,
    /// Arithmetic overflow.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Prices switching on `today` from a plan costing `old_price` for `current` to one costing
/// `new_price` per period.
pub fn switch_plan(
    current: Period,
    old_price: Money,
    new_price: Money,
    today: Date,
) -> Result<Switch, SwitchError> {
    let currency = new_price.currency();
    if old_price.currency() != currency {
        return Err(SwitchError::Currency);
    }
    let days = current.days();
    if old_price.is_negative() || new_price.is_negative() || days <= 0 {
        return Err(SwitchError::Invalid);
    }
    let left = current.days_left(today);
    let credit_minor = i128::from(old_price.minor()) * i128::from(left) / i128::from(days);
    let credit = Money::new(
        i64::try_from(credit_minor).map_err(|_| SwitchError::Invalid)?,
        currency,
    );
    let credit_used = if credit.minor() > new_price.minor() {
        new_price
    } else {
        credit
    };
    Ok(Switch {
        credit,
        credit_used,
        charge: new_price.checked_sub(credit_used)?,
        carried: credit.checked_sub(credit_used)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use crate::subscription::Interval;

    fn usd(n: i64) -> Money {
        Money::new(n, Currency::Usd)
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn monthly_to_annual_mid_period() {
        let p = Period::starting(d("2027-04-01"), Interval::Month, 1).unwrap(); // 30 days
        let s = switch_plan(p, usd(2_900), usd(29_000), d("2027-04-16")).unwrap();
        // 15 of 30 days left: $14.50 credited, $275.50 due now.
        assert_eq!(
            (s.credit, s.charge, s.carried),
            (usd(1_450), usd(27_550), usd(0))
        );
    }

    #[test]
    fn annual_to_monthly_carries_the_rest() {
        let p = Period::starting(d("2027-01-01"), Interval::Year, 1).unwrap(); // 365 days
        let s = switch_plan(p, usd(29_000), usd(2_900), d("2027-07-02")).unwrap();
        // 183 days left: 29000 × 183 / 365 = 14539.7… → 14539 credited.
        assert_eq!(s.credit, usd(14_539));
        assert_eq!(
            (s.charge, s.credit_used, s.carried),
            (usd(0), usd(2_900), usd(11_639))
        );
        assert!(switch_plan(p, usd(1), Money::new(1, Currency::Eur), d("2027-07-02")).is_err());
    }
}
