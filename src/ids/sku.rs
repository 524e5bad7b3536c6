//! Stock-keeping unit codes.

use serde::{Deserialize, Serialize};

use super::string_newtype_impls;

/// A stock-keeping unit such as `"TEE-BLK-M"`: 1 to 64 characters of `A–Z`, `0–9`, `-`, `_`.
///
/// Input is trimmed and upper-cased first, so `" tee-blk-m "` parses to `"TEE-BLK-M"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct Sku(String);

/// Why a SKU was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum SkuError {
    /// Nothing was entered.
    #[error("Enter a SKU.")]
    Empty,
    /// Longer than [`Sku::MAX_LEN`] characters.
    #[error("A SKU can be at most 64 characters.")]
    TooLong,
    /// Contains a character other than letters, digits, `-` and `_`.
    #[error("A SKU can only contain letters, digits, '-' and '_' (found '{0}').")]
    InvalidChar(char),
}

impl Sku {
    /// Longest accepted SKU, in characters.
    pub const MAX_LEN: usize = 64;

    /// Trims, upper-cases and validates a SKU.
    pub fn parse(input: &str) -> Result<Sku, SkuError> {
        let sku = input.trim().to_ascii_uppercase();
        if sku.is_empty() {
            return Err(SkuError::Empty);
        }
        if let Some(bad) = sku.chars().find(|&c| !is_sku_char(c)) {
            return Err(SkuError::InvalidChar(bad));
        }
        if sku.len() > Self::MAX_LEN {
            return Err(SkuError::TooLong);
        }
        Ok(Sku(sku))
    }

    /// The normalized SKU.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_sku_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

string_newtype_impls!(Sku, SkuError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_valid_skus() {
        assert_eq!(Sku::parse(" tee-blk-m ").unwrap().as_str(), "TEE-BLK-M");
        assert_eq!(Sku::parse("A").unwrap().as_str(), "A");
        assert_eq!(
            Sku::parse("mug_11oz-2024").unwrap().as_str(),
            "MUG_11OZ-2024"
        );
        assert!(Sku::parse(&"X".repeat(64)).is_ok());
    }

    #[test]
    fn rejects_invalid_skus() {
        assert_eq!(Sku::parse(""), Err(SkuError::Empty));
        assert_eq!(Sku::parse("  "), Err(SkuError::Empty));
        assert_eq!(Sku::parse(&"X".repeat(65)), Err(SkuError::TooLong));
        assert_eq!(Sku::parse("TEE BLK"), Err(SkuError::InvalidChar(' ')));
        assert_eq!(Sku::parse("TEE/BLK"), Err(SkuError::InvalidChar('/')));
        assert_eq!(Sku::parse("café"), Err(SkuError::InvalidChar('é')));
    }

    #[test]
    fn conversions_and_serde() {
        let sku: Sku = "abc-1".parse().unwrap();
        assert_eq!(sku.to_string(), "ABC-1");
        assert_eq!(serde_json::to_string(&sku).unwrap(), "\"ABC-1\"");
        assert_eq!(serde_json::from_str::<Sku>("\"abc-1\"").unwrap(), sku);
        assert!(serde_json::from_str::<Sku>("\"a b\"").is_err());
        assert!(serde_json::from_str::<Sku>("\"\"").is_err());
    }

    #[test]
    fn messages_are_shopper_friendly() {
        assert_eq!(
            SkuError::InvalidChar('/').to_string(),
            "A SKU can only contain letters, digits, '-' and '_' (found '/')."
        );
    }
}
