//! The [`Money`] value type and its checked arithmetic.

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

use super::{Currency, MoneyError};

/// An amount of money: a whole number of minor units (cents, pence, yen…) in a currency.
///
/// All arithmetic is checked: mixing currencies yields [`MoneyError::CurrencyMismatch`] and
/// leaving the `i64` range yields [`MoneyError::Overflow`]; nothing panics.
/// Serialized as `{"minor": 123450, "currency": "USD"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// An amount of `minor` units (e.g. cents) of `currency`.
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Zero in `currency`.
    pub const fn zero(currency: Currency) -> Money {
        Money::new(0, currency)
    }

    /// The amount in minor units (e.g. `123450` for $1,234.50).
    pub const fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency of the amount.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// True if the amount is below zero.
    pub const fn is_negative(&self) -> bool {
        self.minor < 0
    }

    /// True if the amount is exactly zero.
    pub const fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// True if the amount is above zero.
    pub const fn is_positive(&self) -> bool {
        self.minor > 0
    }

    /// `self + other`; both must share a currency.
    pub fn checked_add(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.minor
            .checked_add(other.minor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`; both must share a currency.
    pub fn checked_sub(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        self.minor
            .checked_sub(other.minor)
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `self × qty`, e.g. a unit price times a line quantity.
    pub fn checked_mul_qty(&self, qty: u32) -> Result<Money, MoneyError> {
        self.minor
            .checked_mul(i64::from(qty))
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// `-self`.
    pub fn checked_neg(&self) -> Result<Money, MoneyError> {
        self.minor
            .checked_neg()
            .map(|minor| Money::new(minor, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// Adds up `amounts`, all of which must be in `currency`; an empty input sums to zero.
    pub fn sum<I>(amounts: I, currency: Currency) -> Result<Money, MoneyError>
    where
        I: IntoIterator,
        I::Item: Borrow<Money>,
    {
        amounts
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(*m.borrow()))
    }

    fn same_currency(&self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const USD: Currency = Currency::Usd;

    fn usd(minor: i64) -> Money {
        Money::new(minor, USD)
    }

    #[test]
    fn accessors() {
        let m = usd(-5);
        assert_eq!(m.minor(), -5);
        assert_eq!(m.currency(), USD);
        assert!(m.is_negative() && !m.is_zero() && !m.is_positive());
        assert!(Money::zero(USD).is_zero());
    }

    #[test]
    fn add_sub_mul() {
        assert_eq!(usd(150).checked_add(usd(250)), Ok(usd(400)));
        assert_eq!(usd(150).checked_sub(usd(250)), Ok(usd(-100)));
        assert_eq!(usd(1999).checked_mul_qty(3), Ok(usd(5997)));
        assert_eq!(usd(1999).checked_mul_qty(0), Ok(usd(0)));
        assert_eq!(usd(7).checked_neg(), Ok(usd(-7)));
    }

    #[test]
    fn mixing_currencies_fails() {
        let err = MoneyError::CurrencyMismatch {
            expected: USD,
            found: Currency::Eur,
        };
        assert_eq!(
            usd(1).checked_add(Money::new(1, Currency::Eur)),
            Err(err.clone())
        );
        assert_eq!(usd(1).checked_sub(Money::new(1, Currency::Eur)), Err(err));
    }

    #[test]
    fn overflow_is_reported() {
        assert_eq!(usd(i64::MAX).checked_add(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).checked_sub(usd(1)), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MAX).checked_mul_qty(2), Err(MoneyError::Overflow));
        assert_eq!(usd(i64::MIN).checked_neg(), Err(MoneyError::Overflow));
    }

    #[test]
    fn sum_checks_currency_and_overflow() {
        assert_eq!(Money::sum([usd(1), usd(2), usd(3)], USD), Ok(usd(6)));
        let lines = [usd(1), usd(2)];
        assert_eq!(Money::sum(lines.iter(), USD), Ok(usd(3)));
        assert_eq!(
            Money::sum(Vec::<Money>::new(), Currency::Jpy),
            Ok(Money::zero(Currency::Jpy))
        );
        assert!(matches!(
            Money::sum([usd(1), Money::new(1, Currency::Gbp)], USD),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert!(matches!(
            Money::sum([usd(1)], Currency::Gbp),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
        assert_eq!(
            Money::sum([usd(i64::MAX), usd(1)], USD),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn serde_roundtrip_and_rejects_bad_currency() {
        let m = usd(123_450);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"minor":123450,"currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Money>(r#"{"minor":1,"currency":"ZZZ"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"minor":1.5,"currency":"USD"}"#).is_err());
    }
}
