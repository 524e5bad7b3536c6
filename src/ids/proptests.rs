//! Property tests: normalization is idempotent, serde round-trips, and serde accepts exactly
//! what the parsers accept.

use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{CouponCode, Email, Quantity, Sku, Slug};

/// Deserializing `raw` (as a JSON string) succeeds exactly when `parse` does, with the same value.
fn serde_agrees_with_parser<T, E>(raw: &str, parse: fn(&str) -> Result<T, E>) -> bool
where
    T: DeserializeOwned + PartialEq,
{
    let json = serde_json::to_string(raw).unwrap();
    serde_json::from_str::<T>(&json).ok() == parse(raw).ok()
}

/// A valid value survives a JSON round trip and re-parsing its display form.
fn roundtrips<T, E>(value: &T, parse: fn(&str) -> Result<T, E>) -> bool
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Display,
{
    let json = serde_json::to_string(value).unwrap();
    serde_json::from_str::<T>(&json).ok().as_ref() == Some(value)
        && parse(&value.to_string()).ok().as_ref() == Some(value)
}

proptest! {
    #[test]
    fn email(raw in "\\PC{0,40}|[ a-zA-Z0-9._+-]{1,12}@[a-zA-Z0-9-]{0,10}(\\.[a-zA-Z0-9-]{0,6}){0,3} ?") {
        prop_assert!(serde_agrees_with_parser(&raw, Email::parse));
        if let Ok(email) = Email::parse(&raw) {
            prop_assert!(roundtrips(&email, Email::parse));
            prop_assert_eq!(email.as_str(), email.as_str().trim().to_lowercase());
            prop_assert_eq!(email.as_str().matches('@').count(), 1);
        }
    }

    #[test]
    fn sku(raw in "\\PC{0,70}|[ a-zA-Z0-9_/-]{0,70}") {
        prop_assert!(serde_agrees_with_parser(&raw, Sku::parse));
        if let Ok(sku) = Sku::parse(&raw) {
            prop_assert!(roundtrips(&sku, Sku::parse));
            prop_assert!((1..=Sku::MAX_LEN).contains(&sku.as_str().len()));
        }
    }

    #[test]
    fn coupon_code(raw in "\\PC{0,40}|[ a-zA-Z0-9_%-]{0,40}") {
        prop_assert!(serde_agrees_with_parser(&raw, CouponCode::parse));
        if let Ok(code) = CouponCode::parse(&raw) {
            prop_assert!(roundtrips(&code, CouponCode::parse));
            prop_assert!((3..=32).contains(&code.as_str().len()));
        }
    }

    #[test]
    fn slug(raw in "\\PC{0,40}|[a-z0-9-]{0,130}") {
        prop_assert!(serde_agrees_with_parser(&raw, Slug::parse));
        if let Ok(slug) = Slug::parse(&raw) {
            prop_assert!(roundtrips(&slug, Slug::parse));
            prop_assert_eq!(Slug::from_title(&raw), Ok(slug));
        }
    }

    #[test]
    fn slug_from_title_is_always_valid_or_empty(title in "\\PC{0,200}") {
        match Slug::from_title(&title) {
            Ok(slug) => prop_assert_eq!(Slug::parse(slug.as_str()), Ok(slug)),
            Err(e) => {
                prop_assert_eq!(e, super::SlugError::Empty);
                prop_assert!(!title.chars().any(|c| c.is_ascii_alphanumeric()));
            }
        }
    }

    #[test]
    fn quantity(n in any::<i64>()) {
        let json = n.to_string();
        let parsed = Quantity::try_from(n);
        prop_assert_eq!(parsed.is_ok(), (1..=99).contains(&n));
        prop_assert_eq!(serde_json::from_str::<Quantity>(&json).ok(), parsed.clone().ok());
        prop_assert_eq!(Quantity::parse(&json).ok(), parsed.clone().ok());
        if let Ok(q) = parsed {
            prop_assert_eq!(serde_json::to_string(&q).unwrap(), json);
        }
    }

    #[test]
    fn quantity_parse_never_panics(raw in "\\PC{0,30}") {
        let _ = Quantity::parse(&raw);
    }
}
