//! ISO 4217 currencies the store can price in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An ISO 4217 currency the store supports.
///
/// Parsed case-insensitively from its three-letter code (`"usd"` → [`Currency::Usd`]);
/// displayed and serialized as the upper-case code (`"USD"`). Unknown codes are rejected,
/// including when deserializing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Currency {
    /// United States dollar.
    Usd,
    /// Euro.
    Eur,
    /// Pound sterling.
    Gbp,
    /// Canadian dollar.
    Cad,
    /// Australian dollar.
    Aud,
    /// Indian rupee.
    Inr,
    /// Japanese yen (no minor unit).
    Jpy,
    /// South Korean won (no minor unit).
    Krw,
}

/// The code given is not a currency this store supports.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("\"{0}\" is not a supported currency.")]
pub struct UnknownCurrency(pub String);

impl Currency {
    /// The shop's base currency: what an empty cart (no priced line yet) is shown in.
    pub const BASE: Currency = Currency::Usd;

    /// Every supported currency.
    pub const ALL: [Currency; 8] = [
        Currency::Usd,
        Currency::Eur,
        Currency::Gbp,
        Currency::Cad,
        Currency::Aud,
        Currency::Inr,
        Currency::Jpy,
        Currency::Krw,
    ];

    /// Parses a three-letter ISO 4217 code, ignoring case and surrounding whitespace.
    pub fn parse(code: &str) -> Result<Currency, UnknownCurrency> {
        let trimmed = code.trim();
        Currency::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(trimmed))
            .ok_or_else(|| UnknownCurrency(code.to_owned()))
    }

    /// The upper-case ISO 4217 code, e.g. `"USD"`.
    pub const fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Eur => "EUR",
            Currency::Gbp => "GBP",
            Currency::Cad => "CAD",
            Currency::Aud => "AUD",
            Currency::Inr => "INR",
            Currency::Jpy => "JPY",
            Currency::Krw => "KRW",
        }
    }

    /// Number of decimal digits of the minor unit (2 for USD cents, 0 for JPY).
    pub const fn exponent(self) -> u32 {
        match self {
            Currency::Jpy | Currency::Krw => 0,
            _ => 2,
        }
    }

    /// How many minor units make one major unit (100 for USD, 1 for JPY).
    pub const fn minor_per_major(self) -> i64 {
        10_i64.pow(self.exponent())
    }

    /// The unambiguous symbol used when formatting, if the currency has one.
    ///
    /// Currencies whose symbol would be ambiguous (`$` for CAD/AUD) return `None` and are
    /// formatted with their code instead ("CAD 1,234.50").
    pub const fn symbol(self) -> Option<&'static str> {
        match self {
            Currency::Usd => Some("$"),
            Currency::Eur => Some("€"),
            Currency::Gbp => Some("£"),
            Currency::Inr => Some("₹"),
            Currency::Jpy => Some("¥"),
            Currency::Krw => Some("₩"),
            Currency::Cad | Currency::Aud => None,
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = UnknownCurrency;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::parse(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = UnknownCurrency;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Currency::parse(&value)
    }
}

impl TryFrom<&str> for Currency {
    type Error = UnknownCurrency;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        Currency::parse(value)
    }
}

impl From<Currency> for &'static str {
    fn from(value: Currency) -> Self {
        value.code()
    }
}

impl AsRef<str> for Currency {
    fn as_ref(&self) -> &str {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_case_insensitively() {
        assert_eq!(Currency::parse("USD"), Ok(Currency::Usd));
        assert_eq!(Currency::parse("usd"), Ok(Currency::Usd));
        assert_eq!(" eUr ".parse::<Currency>(), Ok(Currency::Eur));
        for c in Currency::ALL {
            assert_eq!(Currency::parse(c.code()), Ok(c));
        }
    }

    #[test]
    fn rejects_unknown_codes() {
        for bad in ["", "US", "USDD", "XXX", "BTC", "€"] {
            assert_eq!(Currency::parse(bad), Err(UnknownCurrency(bad.to_owned())));
        }
    }

    #[test]
    fn knows_minor_unit_exponents() {
        for c in [
            Currency::Usd,
            Currency::Eur,
            Currency::Gbp,
            Currency::Cad,
            Currency::Aud,
        ] {
            assert_eq!(c.exponent(), 2);
        }
        assert_eq!(Currency::Inr.exponent(), 2);
        assert_eq!(Currency::Jpy.exponent(), 0);
        assert_eq!(Currency::Krw.exponent(), 0);
        assert_eq!(Currency::Usd.minor_per_major(), 100);
        assert_eq!(Currency::Jpy.minor_per_major(), 1);
    }

    #[test]
    fn displays_as_code() {
        assert_eq!(Currency::Usd.to_string(), "USD");
        assert_eq!(Currency::Krw.to_string(), "KRW");
    }

    #[test]
    fn serde_goes_through_the_parser() {
        assert_eq!(serde_json::to_string(&Currency::Gbp).unwrap(), "\"GBP\"");
        assert_eq!(
            serde_json::from_str::<Currency>("\"jpy\"").unwrap(),
            Currency::Jpy
        );
        assert!(serde_json::from_str::<Currency>("\"ABC\"").is_err());
        assert!(serde_json::from_str::<Currency>("3").is_err());
    }
}
