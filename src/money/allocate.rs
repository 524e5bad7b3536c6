//! Splitting an amount proportionally without losing or creating a minor unit.

use super::{Money, MoneyError};

impl Money {
    /// Splits `self` into one part per weight, proportionally, so that the parts add up to
    /// exactly `self`.
    ///
    /// Uses the largest-remainder method: each part first gets the floor of its exact share
    /// (of the absolute amount); the minor units left over go, one each, to the parts with the
    /// largest remainders, ties going to the earlier part. Every part therefore differs from
    /// its exact share by less than one minor unit, a zero weight always gets zero, and the
    /// result is deterministic. Negative amounts are split like their absolute value and then
    /// negated, so `-$100` into `[1, 1, 1]` gives `-33.34, -33.33, -33.33`.
    ///
    /// Errors with [`MoneyError::InvalidWeights`] if `weights` is empty or all zero.
    pub fn allocate(&self, weights: &[u64]) -> Result<Vec<Money>, MoneyError> {
        let total: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        if total == 0 {
            return Err(MoneyError::InvalidWeights);
        }
        // |amount| ≤ 2^63 and weight < 2^64, so every product fits in a u128.
        let amount = u128::from(self.minor().unsigned_abs());
        let mut parts: Vec<u128> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
        for (index, &weight) in weights.iter().enumerate() {
            let scaled = amount * u128::from(weight);
            parts.push(scaled / total);
            remainders.push((scaled % total, index));
        }
        let handed_out: u128 = parts.iter().sum();
        // Fewer than `weights.len()` units are left, and only parts with a non-zero
        // remainder can receive one (the remainders sum to `leftover * total`).
        let leftover = usize::try_from(amount - handed_out).unwrap_or(usize::MAX);
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, index) in remainders.iter().take(leftover) {
            parts[index] += 1;
        }
        parts
            .into_iter()
            .map(|part| {
                let magnitude = i128::try_from(part).map_err(|_| MoneyError::Overflow)?;
                let signed = if self.is_negative() {
                    -magnitude
                } else {
                    magnitude
                };
                i64::try_from(signed)
                    .map(|minor| Money::new(minor, self.currency()))
                    .map_err(|_| MoneyError::Overflow)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::Currency;
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    fn minors(parts: &[Money]) -> Vec<i64> {
        parts.iter().map(Money::minor).collect()
    }

    #[test]
    fn splits_100_dollars_three_ways() {
        let parts = usd(10_000).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(minors(&parts), [3334, 3333, 3333]);
        assert!(parts.iter().all(|p| p.currency() == Currency::Usd));
    }

    #[test]
    fn negative_amounts_mirror_positive_ones() {
        let parts = usd(-10_000).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(minors(&parts), [-3334, -3333, -3333]);
    }

    #[test]
    fn largest_remainder_wins_the_extra_cent() {
        // Exact shares: 0.5, 0.3, 0.2 of 5 cents = 2.5, 1.5, 1.0
        assert_eq!(minors(&usd(5).allocate(&[5, 3, 2]).unwrap()), [3, 1, 1]);
        // 70/30 of 1 cent: 0.7 vs 0.3 → the 70 share gets it.
        assert_eq!(minors(&usd(1).allocate(&[30, 70]).unwrap()), [0, 1]);
    }

    #[test]
    fn zero_weights_get_nothing() {
        assert_eq!(
            minors(&usd(101).allocate(&[0, 1, 0, 1]).unwrap()),
            [0, 51, 0, 50]
        );
    }

    #[test]
    fn zero_amount_and_single_weight() {
        assert_eq!(minors(&usd(0).allocate(&[1, 2]).unwrap()), [0, 0]);
        assert_eq!(minors(&usd(999).allocate(&[7]).unwrap()), [999]);
    }

    #[test]
    fn extreme_values_do_not_overflow() {
        let parts = usd(i64::MIN).allocate(&[u64::MAX, u64::MAX]).unwrap();
        assert_eq!(minors(&parts), [i64::MIN / 2, i64::MIN / 2]);
        let parts = usd(i64::MAX).allocate(&[u64::MAX, 1]).unwrap();
        assert_eq!(
            parts.iter().map(|p| i128::from(p.minor())).sum::<i128>(),
            i128::from(i64::MAX)
        );
        assert_eq!(
            minors(&usd(i64::MIN).allocate(&[0, 1]).unwrap()),
            [0, i64::MIN]
        );
    }

    #[test]
    fn rejects_empty_or_all_zero_weights() {
        assert_eq!(usd(100).allocate(&[]), Err(MoneyError::InvalidWeights));
        assert_eq!(usd(100).allocate(&[0, 0]), Err(MoneyError::InvalidWeights));
    }
}
