//! How many a shopper asked for, before the product's kind decides what that means.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Quantity, QuantityError};

/// A requested count, 1 to [`Units::MAX`] (1000): units of goods (which must also be a
/// [`Quantity`], at most 99) or seats on a team licence (2–1000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Units(u32);

/// Why a requested count was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnitsError {
    /// Nothing was entered.
    #[error("Enter a quantity.")]
    Empty,
    /// Not a whole number.
    #[error("Enter a whole number.")]
    NotANumber,
    /// Zero, negative or above 1000.
    #[error("Enter a quantity between 1 and 99. Team licences take 2 to 1000 seats.")]
    OutOfRange,
}

impl Units {
    /// The most anything can be asked for on one line (team-licence seats).
    pub const MAX: u32 = 1000;
    /// One.
    pub const ONE: Units = Units(1);

    /// Validates a count.
    pub const fn new(n: u32) -> Result<Units, UnitsError> {
        if n >= 1 && n <= Self::MAX {
            Ok(Units(n))
        } else {
            Err(UnitsError::OutOfRange)
        }
    }

    /// Parses shopper input such as `" 3 "`.
    pub fn parse(input: &str) -> Result<Units, UnitsError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(UnitsError::Empty);
        }
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(UnitsError::NotANumber);
        }
        match t.parse::<i64>() {
            Ok(n) => Units::try_from(n),
            Err(_) => Err(UnitsError::OutOfRange),
        }
    }

    /// The count.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// As units of goods (1–99).
    pub fn quantity(self) -> Result<Quantity, QuantityError> {
        Quantity::new(self.0)
    }
}

impl From<Quantity> for Units {
    fn from(q: Quantity) -> Units {
        Units(q.get())
    }
}

impl TryFrom<i64> for Units {
    type Error = UnitsError;
    fn try_from(n: i64) -> Result<Units, UnitsError> {
        u32::try_from(n)
            .map_err(|_| UnitsError::OutOfRange)
            .and_then(Units::new)
    }
}

impl From<Units> for u32 {
    fn from(u: Units) -> u32 {
        u.0
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_to_a_thousand() {
        assert_eq!(Units::parse(" 250 ").unwrap().get(), 250);
        assert_eq!(Units::parse("0"), Err(UnitsError::OutOfRange));
        assert_eq!(Units::parse("1001"), Err(UnitsError::OutOfRange));
        assert_eq!(Units::parse("-3"), Err(UnitsError::OutOfRange));
        assert_eq!(Units::parse("2.5"), Err(UnitsError::NotANumber));
        assert_eq!(Units::parse(""), Err(UnitsError::Empty));
        assert_eq!(
            Units::parse("99999999999999999999"),
            Err(UnitsError::OutOfRange)
        );
        assert!(Units::parse("100").unwrap().quantity().is_err());
        assert_eq!(Units::parse("12").unwrap().quantity().unwrap().get(), 12);
    }
}
