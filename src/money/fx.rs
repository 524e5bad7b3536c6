//! Prices in other currencies (issue 23, domain part): an exchange rate from the base
//! currency, conversion to the other currency's minor units (half-even, so zero-decimal
//! currencies come out whole), and the per-currency rounding rule a shop applies to derived
//! prices (`.99`, `.95`, whole units). `rust_decimal` only for the rate.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::tax::round_half_even;
use super::{Currency, Money, MoneyError};

/// Units of `to` for one unit of `from`, e.g. 1 USD = 0.92 EUR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRate {
    from: Currency,
    to: Currency,
    rate: Decimal,
}

/// Why a rate or a conversion is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FxError {
    /// Zero, negative, absurdly large or too precise.
    #[error("An exchange rate must be more than 0 and at most 1,000,000, with up to 8 decimals.")]
    BadRate,
    /// The amount is not in the rate's `from` currency.
    #[error("{0} cannot be converted with a rate from {1}.")]
    WrongCurrency(Currency, Currency),
    /// The result does not fit.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl ExchangeRate {
    /// A rate, if it is positive, at most 1,000,000 and has at most 8 decimals.
    ///
    /// # Errors
    /// [`FxError::BadRate`] otherwise.
    pub fn new(from: Currency, to: Currency, rate: Decimal) -> Result<ExchangeRate, FxError> {
        let ok = rate > Decimal::ZERO && rate <= Decimal::from(1_000_000) && rate.scale() <= 8;
        if !ok {
            return Err(FxError::BadRate);
        }
        Ok(ExchangeRate { from, to, rate })
    }

    /// The same currency: 1.
    pub fn identity(c: Currency) -> ExchangeRate {
        ExchangeRate {
            from: c,
            to: c,
            rate: Decimal::ONE,
        }
    }

    /// The currency converted from (the base).
    pub fn from(&self) -> Currency {
        self.from
    }

    /// The currency converted to.
    pub fn to(&self) -> Currency {
        self.to
    }

    /// Units of `to` per unit of `from`.
    pub fn rate(&self) -> Decimal {
        self.rate
    }

    /// `amount` (in `from`) in `to`, rounded half-to-even to `to`'s minor unit.
    pub fn convert(&self, amount: Money) -> Result<Money, FxError> {
        if amount.currency() != self.from {
            return Err(FxError::WrongCurrency(amount.currency(), self.from));
        }
        // amount.minor / 10^e_from × rate × 10^e_to, with the rate as mantissa / 10^scale.
        let mantissa = self.rate.mantissa().unsigned_abs();
        let scale = self.rate.scale();
        let up = 10u128.pow(self.to.exponent());
        let down = 10u128.pow(self.from.exponent()) * 10u128.pow(scale);
        let numerator = u128::from(amount.minor().unsigned_abs())
            .checked_mul(mantissa)
            .and_then(|n| n.checked_mul(up))
            .ok_or(FxError::Money(MoneyError::Overflow))?;
        let magnitude = i64::try_from(round_half_even(numerator, down))
            .map_err(|_| FxError::Money(MoneyError::Overflow))?;
        let minor = if amount.is_negative() {
            -magnitude
        } else {
            magnitude
        };
        Ok(Money::new(minor, self.to))
    }

    /// The approximate rate as a float, for display only.
    pub fn as_f64(&self) -> f64 {
        self.rate.to_f64().unwrap_or(0.0)
    }
}

/// How a derived price is rounded in its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "cents")]
pub enum PriceRounding {
    /// As converted.
    Exact,
    /// Up to the next price ending in these cents (`.99`, `.95`, …; 0–99).
    EndingIn(u8),
    /// Up to a whole unit.
    WholeUnits,
}

impl PriceRounding {
    /// `price` rounded by this rule: never below it (so never negative for a price that is
    /// not), and rounding a rounded price changes nothing. In a currency without a minor
    /// unit, `EndingIn` is [`PriceRounding::Exact`] (there are no cents to end in).
    pub fn apply(self, price: Money) -> Result<Money, MoneyError> {
        let per = price.currency().minor_per_major();
        let m = price.minor();
        let rounded = match self {
            PriceRounding::Exact => m,
            PriceRounding::EndingIn(_) if per == 1 => m,
            PriceRounding::EndingIn(cents) => {
                let cents = i64::from(cents.min(99)) * per / 100;
                let base = m.div_euclid(per) * per + cents;
                if base >= m {
                    base
                } else {
                    base.checked_add(per).ok_or(MoneyError::Overflow)?
                }
            }
            PriceRounding::WholeUnits => {
                let rem = m.rem_euclid(per);
                if rem == 0 {
                    m
                } else {
                    m.checked_add(per - rem).ok_or(MoneyError::Overflow)?
                }
            }
        };
        Ok(Money::new(rounded, price.currency()))
    }
}

/// A price derived from the base price: converted, then rounded by the currency's rule.
pub fn derive_price(
    base: Money,
    rate: &ExchangeRate,
    rounding: PriceRounding,
) -> Result<Money, FxError> {
    Ok(rounding.apply(rate.convert(base)?)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn usd(n: i64) -> Money {
        Money::new(n, Currency::Usd)
    }

    fn rate(to: Currency, r: &str) -> ExchangeRate {
        ExchangeRate::new(Currency::Usd, to, r.parse().unwrap()).unwrap()
    }

    #[test]
    fn converts_to_minor_units_half_even() {
        let eur = rate(Currency::Eur, "0.92");
        assert_eq!(
            eur.convert(usd(2_900)).unwrap(),
            Money::new(2_668, Currency::Eur)
        );
        // 0.125 EUR → 0.12 (half to even), 0.135 → 0.14.
        let half = rate(Currency::Eur, "0.5");
        assert_eq!(
            half.convert(usd(25)).unwrap(),
            Money::new(12, Currency::Eur)
        );
        assert_eq!(
            half.convert(usd(27)).unwrap(),
            Money::new(14, Currency::Eur)
        );
        // Yen has no minor unit: $29.00 × 151.37 = ¥4,389.73 → ¥4,390.
        let jpy = rate(Currency::Jpy, "151.37");
        assert_eq!(
            jpy.convert(usd(2_900)).unwrap(),
            Money::new(4_390, Currency::Jpy)
        );
        assert!(ExchangeRate::new(Currency::Usd, Currency::Eur, Decimal::ZERO).is_err());
        assert!(ExchangeRate::new(Currency::Usd, Currency::Eur, "-1".parse().unwrap()).is_err());
        assert!(matches!(
            eur.convert(Money::new(1, Currency::Gbp)),
            Err(FxError::WrongCurrency(..))
        ));
    }

    #[test]
    fn rounding_rules() {
        let eur = |n| Money::new(n, Currency::Eur);
        assert_eq!(
            PriceRounding::EndingIn(99).apply(eur(2_668)).unwrap(),
            eur(2_699)
        );
        assert_eq!(
            PriceRounding::EndingIn(99).apply(eur(2_699)).unwrap(),
            eur(2_699)
        );
        assert_eq!(
            PriceRounding::EndingIn(95).apply(eur(2_696)).unwrap(),
            eur(2_795)
        );
        assert_eq!(
            PriceRounding::WholeUnits.apply(eur(2_601)).unwrap(),
            eur(2_700)
        );
        assert_eq!(
            PriceRounding::WholeUnits.apply(eur(2_600)).unwrap(),
            eur(2_600)
        );
        let yen = Money::new(4_390, Currency::Jpy);
        assert_eq!(PriceRounding::EndingIn(99).apply(yen).unwrap(), yen);
    }

    fn currency() -> impl Strategy<Value = Currency> {
        prop::sample::select(Currency::ALL.to_vec())
    }

    fn rounding() -> impl Strategy<Value = PriceRounding> {
        prop_oneof![
            Just(PriceRounding::Exact),
            (0u8..100).prop_map(PriceRounding::EndingIn),
            Just(PriceRounding::WholeUnits),
        ]
    }

    proptest! {
        #[test]
        fn derived_prices_are_never_negative_and_rounding_is_idempotent(
            base in 0i64..100_000_000,
            to in currency(),
            mantissa in 1i64..100_000_000,
            scale in 0u32..=8,
            rule in rounding(),
        ) {
            let r = Decimal::new(mantissa, scale);
            prop_assume!(r <= Decimal::from(1_000_000));
            let rate = ExchangeRate::new(Currency::Usd, to, r).unwrap();
            let price = derive_price(usd(base), &rate, rule).unwrap();
            prop_assert!(!price.is_negative());
            prop_assert_eq!(price.currency(), to);
            prop_assert!(price.minor() >= rate.convert(usd(base)).unwrap().minor());
            prop_assert_eq!(rule.apply(price).unwrap(), price);
        }

        #[test]
        fn the_identity_rate_changes_nothing(base in -100_000_000i64..100_000_000, c in currency()) {
            let m = Money::new(base, c);
            prop_assert_eq!(ExchangeRate::identity(c).convert(m).unwrap(), m);
        }

        #[test]
        fn line_totals_add_up_in_each_currency(
            prices in prop::collection::vec(0i64..1_000_000, 1..20),
            to in currency(),
            mantissa in 1i64..10_000_000,
        ) {
            // Each line is converted once; the order's total is the sum of its converted
            // lines, in one currency, exactly (never a separately converted total).
            let rate = ExchangeRate::new(Currency::Usd, to, Decimal::new(mantissa, 4)).unwrap();
            let lines: Vec<Money> = prices.iter().map(|p| rate.convert(usd(*p)).unwrap()).collect();
            let total = lines.iter().try_fold(Money::zero(to), |acc, l| acc.checked_add(*l)).unwrap();
            prop_assert_eq!(total.minor(), lines.iter().map(Money::minor).sum::<i64>());
            prop_assert_eq!(total.currency(), to);
        }
    }
}
