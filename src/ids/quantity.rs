//! Cart line quantities.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How many of one item a cart or order line holds: a whole number from
/// [`Quantity::MIN`] (1) to [`Quantity::MAX`] (99).
///
/// Serialized as a plain JSON number; deserialization goes through the range check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64")]
pub struct Quantity(u32);

/// Why a quantity was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum QuantityError {
    /// Nothing was entered.
    #[error("Enter a quantity.")]
    Empty,
    /// The text is not a whole number.
    #[error("Enter a whole number between 1 and 99.")]
    NotANumber,
    /// A whole number outside `1..=99` (zero, negative, or more than one line allows).
    #[error("Enter a quantity between 1 and 99.")]
    OutOfRange,
}

impl Quantity {
    /// Smallest quantity on a line.
    pub const MIN: u32 = 1;
    /// Largest quantity on a single line.
    pub const MAX: u32 = 99;
    /// A quantity of one.
    pub const ONE: Quantity = Quantity(1);

    /// Validates a number.
    pub const fn new(value: u32) -> Result<Quantity, QuantityError> {
        if value >= Self::MIN && value <= Self::MAX {
            Ok(Quantity(value))
        } else {
            Err(QuantityError::OutOfRange)
        }
    }

    /// Parses shopper input such as `" 3 "` or `"+3"`.
    pub fn parse(input: &str) -> Result<Quantity, QuantityError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(QuantityError::Empty);
        }
        let digits = trimmed.strip_prefix(['+', '-']).unwrap_or(trimmed);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QuantityError::NotANumber);
        }
        // Well-formed integers that overflow or are negative are simply out of range.
        match trimmed.parse::<i64>() {
            Ok(n) => Quantity::try_from(n),
            Err(_) => Err(QuantityError::OutOfRange),
        }
    }

    /// The number of items.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// `self + more`, still within range (e.g. adding to an existing cart line).
    pub fn checked_add(self, more: Quantity) -> Result<Quantity, QuantityError> {
        Quantity::new(self.0 + more.0)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

impl TryFrom<u32> for Quantity {
    type Error = QuantityError;

    fn try_from(value: u32) -> Result<Self, Self::Error> {
        Quantity::new(value)
    }
}

impl TryFrom<i64> for Quantity {
    type Error = QuantityError;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        u32::try_from(value)
            .map_err(|_| QuantityError::OutOfRange)
            .and_then(Quantity::new)
    }
}

impl TryFrom<String> for Quantity {
    type Error = QuantityError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Quantity::parse(&value)
    }
}

impl From<Quantity> for u32 {
    fn from(value: Quantity) -> Self {
        value.0
    }
}

impl From<Quantity> for i64 {
    fn from(value: Quantity) -> Self {
        i64::from(value.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_ninety_nine() {
        assert_eq!(Quantity::new(1).unwrap().get(), 1);
        assert_eq!(Quantity::new(99).unwrap().get(), 99);
        assert_eq!(Quantity::parse(" 3 ").unwrap().get(), 3);
        assert_eq!(Quantity::parse("+3").unwrap().get(), 3);
        assert_eq!(Quantity::parse("007").unwrap().get(), 7);
        assert_eq!(Quantity::try_from(42_i64).unwrap().get(), 42);
        assert_eq!(Quantity::try_from(42_u32).unwrap().get(), 42);
        assert_eq!(Quantity::ONE.get(), Quantity::MIN);
    }

    #[test]
    fn rejects_out_of_range_and_garbage() {
        use QuantityError::*;
        for (input, expected) in [
            ("", Empty),
            ("  ", Empty),
            ("0", OutOfRange),
            ("100", OutOfRange),
            ("-1", OutOfRange),
            ("99999999999999999999999", OutOfRange),
            ("abc", NotANumber),
            ("1.5", NotANumber),
            ("1e2", NotANumber),
            ("+", NotANumber),
            ("--1", NotANumber),
            ("3 4", NotANumber),
        ] {
            assert_eq!(Quantity::parse(input), Err(expected), "input {input:?}");
        }
        assert_eq!(Quantity::try_from(0_u32), Err(OutOfRange));
        assert_eq!(Quantity::try_from(-5_i64), Err(OutOfRange));
        assert_eq!(Quantity::try_from(i64::MAX), Err(OutOfRange));
        assert_eq!(Quantity::try_from(u32::MAX), Err(OutOfRange));
    }

    #[test]
    fn checked_add_stays_in_range() {
        let q = |n| Quantity::new(n).unwrap();
        assert_eq!(q(40).checked_add(q(59)), Ok(q(99)));
        assert_eq!(q(40).checked_add(q(60)), Err(QuantityError::OutOfRange));
    }

    #[test]
    fn conversions_and_serde() {
        let q = Quantity::new(12).unwrap();
        assert_eq!(q.to_string(), "12");
        assert_eq!(u32::from(q), 12);
        assert_eq!(i64::from(q), 12);
        assert_eq!(serde_json::to_string(&q).unwrap(), "12");
        assert_eq!(serde_json::from_str::<Quantity>("12").unwrap(), q);
        for bad in ["0", "100", "-1", "\"12\"", "1.5", "null"] {
            assert!(serde_json::from_str::<Quantity>(bad).is_err(), "json {bad}");
        }
    }

    #[test]
    fn message_is_shopper_friendly() {
        assert_eq!(
            QuantityError::OutOfRange.to_string(),
            "Enter a quantity between 1 and 99."
        );
    }
}
