//! Tax rates and applying them to amounts with banker's rounding.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Money;

/// A tax rate as a fraction between 0 and 1 inclusive, e.g. `0.0825` for 8.25 %.
///
/// At most [`TaxRate::MAX_DECIMALS`] decimal places are kept, which lets
/// [`Money::apply_rate`] work in exact integer arithmetic. Serialized as the decimal string
/// (`"0.0825"`); deserialization goes through [`TaxRate::new`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Decimal", into = "Decimal")]
pub struct TaxRate(Decimal);

/// Why a tax rate was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum TaxRateError {
    /// The rate is below 0 or above 1 (100 %).
    #[error("Enter a tax rate between 0% and 100%.")]
    OutOfRange,
    /// The rate has more than [`TaxRate::MAX_DECIMALS`] decimal places.
    #[error("Enter a tax rate with at most 10 decimal places.")]
    TooPrecise,
    /// The text is not a number.
    #[error("Enter a tax rate like 0.0825 or 8.25%.")]
    Invalid,
}

impl TaxRate {
    /// No tax.
    pub const ZERO: TaxRate = TaxRate(Decimal::ZERO);

    /// The most decimal places a rate may have (as a fraction, not a percentage).
    pub const MAX_DECIMALS: u32 = 10;

    /// Validates a rate given as a fraction (`0.0825`).
    pub fn new(rate: Decimal) -> Result<TaxRate, TaxRateError> {
        if rate < Decimal::ZERO || rate > Decimal::ONE {
            return Err(TaxRateError::OutOfRange);
        }
        let normalized = rate.normalize();
        if normalized.scale() > Self::MAX_DECIMALS {
            return Err(TaxRateError::TooPrecise);
        }
        Ok(TaxRate(normalized))
    }

    /// A rate in parts per million, as the database stores it (`82_500` → `0.0825`).
    pub fn from_ppm(ppm: i64) -> Result<TaxRate, TaxRateError> {
        TaxRate::new(Decimal::new(ppm, 6))
    }

    /// Validates a rate given as a percentage (`8.25` → `0.0825`).
    pub fn from_percent(percent: Decimal) -> Result<TaxRate, TaxRateError> {
        let fraction = percent
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or(TaxRateError::OutOfRange)?;
        TaxRate::new(fraction)
    }

    /// The rate as a fraction.
    pub const fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// The rate as a percentage for display, e.g. `"8.25%"`.
    pub fn to_percent_string(&self) -> String {
        let percent = self.0 * Decimal::ONE_HUNDRED;
        format!("{}%", percent.normalize())
    }
}

impl Money {
    /// This amount times `rate`, rounded half-to-even to the currency's minor unit
    /// (e.g. tax on a subtotal). Exact: no floating point, no intermediate rounding.
    pub fn apply_rate(&self, rate: TaxRate) -> Money {
        let scale = rate.0.scale();
        let numerator = i128::from(self.minor()) * rate.0.mantissa();
        let denominator = 10_i128.pow(scale);
        let magnitude = round_half_even(numerator.unsigned_abs(), denominator.unsigned_abs());
        let signed = if numerator < 0 {
            -(magnitude as i128)
        } else {
            magnitude as i128
        };
        // 0 ≤ rate ≤ 1, so |result| ≤ |minor| and always fits; the fallback is unreachable.
        let minor = i64::try_from(signed).unwrap_or(self.minor());
        Money::new(minor, self.currency())
    }
}

/// `numerator / denominator` rounded to the nearest integer, ties to even.
pub(crate) fn round_half_even(numerator: u128, denominator: u128) -> u128 {
    let quotient = numerator / denominator;
    let twice_remainder = (numerator % denominator) * 2;
    let round_up =
        twice_remainder > denominator || (twice_remainder == denominator && quotient % 2 == 1);
    quotient + u128::from(round_up)
}

impl fmt::Display for TaxRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Accepts a fraction (`"0.0825"`) or a percentage with a `%` sign (`"8.25%"`).
impl FromStr for TaxRate {
    type Err = TaxRateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (number, is_percent) = match s.strip_suffix('%') {
            Some(number) => (number.trim_end(), true),
            None => (s, false),
        };
        let value = Decimal::from_str(number).map_err(|_| TaxRateError::Invalid)?;
        if is_percent {
            TaxRate::from_percent(value)
        } else {
            TaxRate::new(value)
        }
    }
}

impl TryFrom<Decimal> for TaxRate {
    type Error = TaxRateError;

    fn try_from(value: Decimal) -> Result<Self, Self::Error> {
        TaxRate::new(value)
    }
}

impl From<TaxRate> for Decimal {
    fn from(value: TaxRate) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::Currency;
    use super::*;

    fn rate(s: &str) -> TaxRate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_fractions_and_percentages() {
        assert_eq!(rate("0.0825").as_decimal(), Decimal::new(825, 4));
        assert_eq!(rate("8.25%"), rate("0.0825"));
        assert_eq!(rate(" 0.50 "), rate("0.5"));
        assert_eq!(rate("0"), TaxRate::ZERO);
        assert_eq!(rate("1").as_decimal(), Decimal::ONE);
        assert_eq!(rate("100%").as_decimal(), Decimal::ONE);
        assert_eq!(TaxRate::from_ppm(82_500).unwrap(), rate("0.0825"));
        assert_eq!(TaxRate::from_ppm(1_000_000).unwrap(), rate("1"));
        assert!(TaxRate::from_ppm(1_000_001).is_err());
        assert!(TaxRate::from_ppm(-1).is_err());
    }

    #[test]
    fn rejects_bad_rates() {
        assert_eq!("-0.01".parse::<TaxRate>(), Err(TaxRateError::OutOfRange));
        assert_eq!("1.0001".parse::<TaxRate>(), Err(TaxRateError::OutOfRange));
        assert_eq!("101%".parse::<TaxRate>(), Err(TaxRateError::OutOfRange));
        assert_eq!(
            "0.12345678901".parse::<TaxRate>(),
            Err(TaxRateError::TooPrecise)
        );
        assert_eq!("abc".parse::<TaxRate>(), Err(TaxRateError::Invalid));
        assert_eq!("".parse::<TaxRate>(), Err(TaxRateError::Invalid));
        assert_eq!("%".parse::<TaxRate>(), Err(TaxRateError::Invalid));
    }

    #[test]
    fn displays() {
        assert_eq!(rate("0.0825").to_string(), "0.0825");
        assert_eq!(rate("0.0825").to_percent_string(), "8.25%");
        assert_eq!(rate("0.2").to_percent_string(), "20%");
    }

    #[test]
    fn applies_with_half_even_rounding() {
        let usd = |minor| Money::new(minor, Currency::Usd);
        assert_eq!(usd(10_000).apply_rate(rate("0.0825")), usd(825));
        assert_eq!(usd(1_999).apply_rate(rate("0.0825")).minor(), 165); // 164.9175
        assert_eq!(usd(10).apply_rate(rate("0.05")).minor(), 0); // 0.5 → 0
        assert_eq!(usd(30).apply_rate(rate("0.05")).minor(), 2); // 1.5 → 2
        assert_eq!(usd(50).apply_rate(rate("0.05")).minor(), 2); // 2.5 → 2
        assert_eq!(usd(-30).apply_rate(rate("0.05")).minor(), -2); // -1.5 → -2
        assert_eq!(usd(-10).apply_rate(rate("0.05")).minor(), 0);
        assert_eq!(usd(1_234).apply_rate(TaxRate::ZERO).minor(), 0);
        assert_eq!(usd(1_234).apply_rate(rate("1")).minor(), 1_234);
        assert_eq!(usd(i64::MAX).apply_rate(rate("1")).minor(), i64::MAX);
        assert_eq!(usd(i64::MIN).apply_rate(rate("1")).minor(), i64::MIN);
        assert_eq!(
            usd(i64::MIN).apply_rate(rate("0.9999999999")).currency(),
            Currency::Usd
        );
        let yen = Money::new(1_235, Currency::Jpy).apply_rate(rate("0.1"));
        assert_eq!(yen, Money::new(124, Currency::Jpy)); // 123.5 → 124
    }

    #[test]
    fn serde_roundtrip_and_validation() {
        let r = rate("0.0825");
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "\"0.0825\"");
        assert_eq!(serde_json::from_str::<TaxRate>(&json).unwrap(), r);
        assert!(serde_json::from_str::<TaxRate>("\"1.5\"").is_err());
        assert!(serde_json::from_str::<TaxRate>("\"-0.1\"").is_err());
        assert!(serde_json::from_str::<TaxRate>("\"x\"").is_err());
    }
}
