//! Customer email addresses.

use serde::{Deserialize, Serialize};

use super::string_newtype_impls;

/// A syntactically plausible email address, trimmed and lower-cased.
///
/// Rules: at most 254 characters; exactly one `@`; a non-empty local part of at most 64
/// characters; no whitespace or control characters; a domain of at least two dot-separated
/// labels, each non-empty, made of letters, digits and `-`, and not starting or ending with
/// `-`. Deliverability is not checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct Email(String);

/// Why an email address was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EmailError {
    /// Nothing was entered.
    #[error("Enter your email address.")]
    Empty,
    /// Longer than [`Email::MAX_LEN`] characters (or a local part over 64).
    #[error("That email address is too long.")]
    TooLong,
    /// Contains spaces or invisible characters.
    #[error("An email address can't contain spaces.")]
    Whitespace,
    /// No `@`, more than one `@`, or nothing before the `@`.
    #[error("Enter an email address like name@example.com.")]
    Malformed,
    /// The part after the `@` is not a valid domain.
    #[error("Check the part of your email address after the @.")]
    InvalidDomain,
}

impl Email {
    /// Longest accepted address, in characters.
    pub const MAX_LEN: usize = 254;
    /// Longest accepted local part (before the `@`), in characters.
    pub const MAX_LOCAL_LEN: usize = 64;

    /// Trims, lower-cases and validates an address.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(EmailError::Empty);
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(EmailError::TooLong);
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(EmailError::Whitespace);
        }
        let (local, domain) = email.split_once('@').ok_or(EmailError::Malformed)?;
        if local.is_empty() || domain.contains('@') {
            return Err(EmailError::Malformed);
        }
        if local.chars().count() > Self::MAX_LOCAL_LEN {
            return Err(EmailError::TooLong);
        }
        if !is_valid_domain(domain) {
            return Err(EmailError::InvalidDomain);
        }
        Ok(Email(email))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, e.g. `"example.com"`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

fn is_valid_domain(domain: &str) -> bool {
    let mut labels = 0;
    for label in domain.split('.') {
        labels += 1;
        let valid = !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !valid {
            return false;
        }
    }
    labels >= 2
}

string_newtype_impls!(Email, EmailError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_valid_addresses() {
        assert_eq!(
            Email::parse("  Jane.Doe@Example.COM ").unwrap().as_str(),
            "jane.doe@example.com"
        );
        for ok in [
            "a@b.co",
            "first+tag@sub.example.org",
            "x_y@my-shop.example",
            "o'neil@ex.ie",
        ] {
            assert_eq!(Email::parse(ok).unwrap().as_str(), ok);
        }
        assert_eq!(
            Email::parse("a@shop.example.com").unwrap().domain(),
            "shop.example.com"
        );
    }

    #[test]
    fn rejects_invalid_addresses() {
        use EmailError::*;
        let cases = [
            ("", Empty),
            ("   ", Empty),
            ("plainaddress", Malformed),
            ("@example.com", Malformed),
            ("a@b@example.com", Malformed),
            ("jane doe@example.com", Whitespace),
            ("jane@exa\tmple.com", Whitespace),
            ("jane@", InvalidDomain),
            ("jane@localhost", InvalidDomain),
            ("jane@.example.com", InvalidDomain),
            ("jane@example.com.", InvalidDomain),
            ("jane@example..com", InvalidDomain),
            ("jane@-example.com", InvalidDomain),
            ("jane@example-.com", InvalidDomain),
            ("jane@exam_ple.com", InvalidDomain),
        ];
        for (input, expected) in cases {
            assert_eq!(Email::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn enforces_length_limits() {
        let domain = format!("{}.com", "d".repeat(61));
        let local = "l".repeat(64);
        let longest = format!("{local}@{}.{}.{}", "a".repeat(61), "b".repeat(61), domain);
        assert_eq!(longest.len(), 254);
        assert!(Email::parse(&longest).is_ok());
        assert_eq!(
            Email::parse(&format!("x{longest}")),
            Err(EmailError::TooLong)
        );
        assert_eq!(
            Email::parse(&format!("{}@ex.com", "l".repeat(65))),
            Err(EmailError::TooLong)
        );
    }

    #[test]
    fn conversions_and_serde() {
        let email: Email = "A@B.CO".parse().unwrap();
        assert_eq!(email.to_string(), "a@b.co");
        assert_eq!(email.as_ref(), "a@b.co");
        assert_eq!(Email::try_from("a@b.co".to_owned()), Ok(email.clone()));
        assert_eq!(String::from(email.clone()), "a@b.co");
        assert_eq!(serde_json::to_string(&email).unwrap(), "\"a@b.co\"");
        assert_eq!(serde_json::from_str::<Email>("\" A@B.co\"").unwrap(), email);
        assert!(serde_json::from_str::<Email>("\"nope\"").is_err());
    }

    #[test]
    fn messages_are_shopper_friendly() {
        assert_eq!(EmailError::Empty.to_string(), "Enter your email address.");
        assert_eq!(
            EmailError::Malformed.to_string(),
            "Enter an email address like name@example.com."
        );
    }
}
