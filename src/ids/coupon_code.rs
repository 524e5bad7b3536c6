//! Discount coupon codes as typed at checkout.

use serde::{Deserialize, Serialize};

use super::string_newtype_impls;

/// A coupon code such as `"SPRING-25"`: 3 to 32 characters of `A–Z`, `0–9`, `-`, `_`.
///
/// Input is trimmed and upper-cased first, so shoppers can type `" spring-25"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct CouponCode(String);

/// Why a coupon code was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum CouponCodeError {
    /// Nothing was entered.
    #[error("Enter a coupon code.")]
    Empty,
    /// Fewer than [`CouponCode::MIN_LEN`] characters.
    #[error("Coupon codes are at least 3 characters long.")]
    TooShort,
    /// More than [`CouponCode::MAX_LEN`] characters.
    #[error("Coupon codes are at most 32 characters long.")]
    TooLong,
    /// Contains a character other than letters, digits, `-` and `_`.
    #[error("Coupon codes only contain letters, digits, '-' and '_'.")]
    InvalidChar(char),
}

impl CouponCode {
    /// Shortest accepted code, in characters.
    pub const MIN_LEN: usize = 3;
    /// Longest accepted code, in characters.
    pub const MAX_LEN: usize = 32;

    /// Trims, upper-cases and validates a code.
    pub fn parse(input: &str) -> Result<CouponCode, CouponCodeError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(CouponCodeError::Empty);
        }
        if let Some(bad) = code.chars().find(|&c| !is_code_char(c)) {
            return Err(CouponCodeError::InvalidChar(bad));
        }
        if code.len() < Self::MIN_LEN {
            return Err(CouponCodeError::TooShort);
        }
        if code.len() > Self::MAX_LEN {
            return Err(CouponCodeError::TooLong);
        }
        Ok(CouponCode(code))
    }

    /// The normalized code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

string_newtype_impls!(CouponCode, CouponCodeError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_valid_codes() {
        assert_eq!(
            CouponCode::parse(" spring-25 ").unwrap().as_str(),
            "SPRING-25"
        );
        assert_eq!(CouponCode::parse("ab_").unwrap().as_str(), "AB_");
        assert!(CouponCode::parse(&"Z".repeat(32)).is_ok());
    }

    #[test]
    fn rejects_invalid_codes() {
        assert_eq!(CouponCode::parse(" "), Err(CouponCodeError::Empty));
        assert_eq!(CouponCode::parse("ab"), Err(CouponCodeError::TooShort));
        assert_eq!(
            CouponCode::parse(&"Z".repeat(33)),
            Err(CouponCodeError::TooLong)
        );
        assert_eq!(
            CouponCode::parse("10% OFF"),
            Err(CouponCodeError::InvalidChar('%'))
        );
        assert_eq!(
            CouponCode::parse("ÉTÉ2024"),
            Err(CouponCodeError::InvalidChar('É'))
        );
    }

    #[test]
    fn conversions_and_serde() {
        let code: CouponCode = "save10".parse().unwrap();
        assert_eq!(code.to_string(), "SAVE10");
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"SAVE10\"");
        assert_eq!(
            serde_json::from_str::<CouponCode>("\"save10\"").unwrap(),
            code
        );
        assert!(serde_json::from_str::<CouponCode>("\"x\"").is_err());
    }

    #[test]
    fn messages_are_shopper_friendly() {
        assert_eq!(CouponCodeError::Empty.to_string(), "Enter a coupon code.");
        assert_eq!(
            CouponCodeError::TooShort.to_string(),
            "Coupon codes are at least 3 characters long."
        );
    }
}
