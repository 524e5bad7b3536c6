//! Money: ISO 4217 currencies, integer minor-unit amounts, allocation, formatting,
//! parsing of shopper-entered amounts and tax rates.
//!
//! Amounts are always integers (`i64` minor units, e.g. cents). `rust_decimal` is used only
//! to *describe* tax rates; applying a rate is done with exact integer arithmetic.

mod allocate;
mod amount;
mod currency;
mod error;
mod format;
mod fx;
mod parse;
mod tax;

#[cfg(test)]
mod proptests;

pub use amount::Money;
pub use currency::{Currency, UnknownCurrency};
pub use error::{MoneyError, ParseAmountError};
pub use fx::{ExchangeRate, FxError, PriceRounding, derive_price};
pub use parse::parse_amount;
pub(crate) use tax::round_half_even;
pub use tax::{TaxRate, TaxRateError};
