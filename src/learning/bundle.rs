//! Course bundles: a discount off the sum of the courses' prices, and the bundle price split
//! back over the courses so a refund of one course's share is exact.

use serde::{Deserialize, Serialize};

use crate::{Money, MoneyError};

/// How a bundle is discounted off the sum of its courses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BundleDiscount {
    /// Basis points off the sum (2000 = 20 %); at most 10000.
    Percent(u32),
    /// A fixed amount off the sum, in the courses' currency.
    Amount(Money),
}

/// Why a bundle cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    /// Fewer than two courses.
    #[error("A course bundle needs at least 2 courses.")]
    TooFewCourses,
    /// Courses (or the amount off) in different currencies.
    #[error("Every course in a bundle must be priced in the same currency.")]
    Currency,
    /// More than 100 % off, a negative amount, or more off than the courses cost.
    #[error("The bundle discount must be between nothing and the courses' total.")]
    Discount,
    /// The sum overflowed.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// A bundle's price and what it saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundlePrice {
    /// What the courses cost on their own, together.
    pub list: Money,
    /// What the bundle costs.
    pub price: Money,
    /// `list − price`, shown as "You save …".
    pub savings: Money,
    /// The bundle price split over the courses in proportion to their own prices (same
    /// order as given); the shares add up to `price` exactly.
    pub shares: Vec<Money>,
}

/// Prices a bundle of courses (their own prices, in order).
pub fn bundle_price(
    courses: &[Money],
    discount: BundleDiscount,
) -> Result<BundlePrice, BundleError> {
    if courses.len() < 2 {
        return Err(BundleError::TooFewCourses);
    }
    let currency = courses[0].currency();
    if courses
        .iter()
        .any(|c| c.currency() != currency || c.is_negative())
    {
        return Err(BundleError::Currency);
    }
    let list = Money::sum(courses.iter().copied(), currency)?;
    let off = match discount {
        BundleDiscount::Percent(bps) if bps <= 10_000 => {
            // Rounded half up to the minor unit; never more than the list price.
            let minor = (i128::from(list.minor()) * i128::from(bps) + 5_000) / 10_000;
            Money::new(
                i64::try_from(minor).map_err(|_| BundleError::Discount)?,
                currency,
            )
        }
        BundleDiscount::Amount(a) if a.currency() == currency => a,
        BundleDiscount::Amount(_) => return Err(BundleError::Currency),
        BundleDiscount::Percent(_) => return Err(BundleError::Discount),
    };
    if off.is_negative() || off.minor() > list.minor() {
        return Err(BundleError::Discount);
    }
    let price = list.checked_sub(off)?;
    let weights: Vec<u64> = courses.iter().map(|c| c.minor().unsigned_abs()).collect();
    let shares = if weights.iter().all(|&w| w == 0) {
        // Free courses: split evenly (the price is zero too).
        price.allocate(&vec![1; courses.len()])?
    } else {
        price.allocate(&weights)?
    };
    Ok(BundlePrice {
        list,
        price,
        savings: off,
        shares,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;

    fn usd(n: i64) -> Money {
        Money::new(n, Currency::Usd)
    }

    #[test]
    fn percent_off_the_sum_split_by_price() {
        let b = bundle_price(
            &[usd(4_900), usd(5_900), usd(2_900)],
            BundleDiscount::Percent(2_500),
        )
        .unwrap();
        assert_eq!(b.list, usd(13_700));
        assert_eq!(b.savings, usd(3_425));
        assert_eq!(b.price, usd(10_275));
        assert_eq!(b.shares.iter().map(Money::minor).sum::<i64>(), 10_275);
        assert_eq!(b.shares, vec![usd(3_675), usd(4_425), usd(2_175)]);
    }

    #[test]
    fn amount_off_and_refusals() {
        let b = bundle_price(
            &[usd(1_000), usd(3_000)],
            BundleDiscount::Amount(usd(1_000)),
        )
        .unwrap();
        assert_eq!(
            (b.price, b.shares.clone()),
            (usd(3_000), vec![usd(750), usd(2_250)])
        );
        assert_eq!(
            bundle_price(&[usd(1_000)], BundleDiscount::Percent(10)),
            Err(BundleError::TooFewCourses)
        );
        assert_eq!(
            bundle_price(&[usd(1_000), usd(1)], BundleDiscount::Amount(usd(1_002))),
            Err(BundleError::Discount)
        );
        assert_eq!(
            bundle_price(&[usd(1_000), usd(1)], BundleDiscount::Percent(10_001)),
            Err(BundleError::Discount)
        );
        assert_eq!(
            bundle_price(
                &[usd(1_000), Money::new(1, Currency::Eur)],
                BundleDiscount::Percent(1)
            ),
            Err(BundleError::Currency)
        );
    }
}
