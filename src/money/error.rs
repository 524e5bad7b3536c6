//! Errors produced by money arithmetic and amount parsing.

use serde::{Deserialize, Serialize};

use super::Currency;

/// Why a money operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum MoneyError {
    /// Two amounts in different currencies were combined.
    #[error("cannot combine {expected} with {found}")]
    CurrencyMismatch {
        /// The currency the operation works in (the left-hand side).
        expected: Currency,
        /// The other, different currency.
        found: Currency,
    },
    /// The result does not fit in an `i64` number of minor units.
    #[error("amount is too large")]
    Overflow,
    /// [`Money::allocate`](super::Money::allocate) was given no weights, or only zeros.
    #[error("allocation needs at least one non-zero weight")]
    InvalidWeights,
    /// A shopper-entered amount could not be read.
    #[error(transparent)]
    Parse(#[from] ParseAmountError),
}

/// Why a shopper-entered amount (e.g. `"1,234.50"`) was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ParseAmountError {
    /// Nothing was entered.
    #[error("Enter an amount.")]
    Empty,
    /// The amount had a minus sign; entered prices are never negative.
    #[error("Enter an amount that is not negative.")]
    Negative,
    /// More decimal places than the currency has (e.g. `12.345` dollars).
    #[error("{}", decimals_message(*max))]
    TooManyDecimals {
        /// Decimal places the currency allows.
        max: u32,
    },
    /// The amount is too large to store.
    #[error("That amount is too large.")]
    TooLarge,
    /// The text is not a number in the form `1234.50` or `1,234.50`.
    #[error("Enter an amount like 1,234.50.")]
    Invalid,
}

fn decimals_message(max: u32) -> String {
    match max {
        0 => "Enter a whole amount, without decimals.".to_owned(),
        1 => "Use at most 1 decimal place.".to_owned(),
        n => format!("Use at most {n} decimal places."),
    }
}
