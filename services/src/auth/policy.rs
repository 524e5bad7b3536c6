//! What a new password must be (OWASP ASVS 2.1): at least 8 characters, at most 128, and not
//! one of the most common passwords or the account's own email.

use std::collections::HashSet;
use std::sync::OnceLock;

pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 128;

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        include_str!("common_passwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// Checks a password chosen for `email`; the error is shown to the shopper as-is.
pub fn check_new_password(password: &str, email: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(format!(
            "Use at least {MIN_LEN} characters for your password."
        ));
    }
    if len > MAX_LEN {
        return Err(format!(
            "Use at most {MAX_LEN} characters for your password."
        ));
    }
    let lower = password.to_lowercase();
    if common().contains(lower.as_str()) {
        return Err("That password is too common and easy to guess. Choose another.".into());
    }
    let local = email.split('@').next().unwrap_or_default();
    if lower == email.to_lowercase() || (local.len() >= MIN_LEN && lower == local.to_lowercase()) {
        return Err("Don't use your email address as your password.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(check_new_password("short", "a@b.co").is_err());
        assert!(check_new_password("password", "a@b.co").is_err());
        assert!(check_new_password("Password1", "a@b.co").is_err());
        assert!(check_new_password("iloveyou", "a@b.co").is_err());
        assert!(check_new_password("ann.lee@example.com", "ann.lee@example.com").is_err());
        assert!(check_new_password(&"x".repeat(129), "a@b.co").is_err());
        assert!(check_new_password("violet kettle 42", "a@b.co").is_ok());
        assert!(common().len() > 10_000);
    }
}
