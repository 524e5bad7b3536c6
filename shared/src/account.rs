//! Account data shared by server functions and components.

use serde::{Deserialize, Serialize};

/// The signed-in shopper (or staff member).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub role: Role,
}

/// What an account may do. Stored and shown as `CUSTOMER`, `STAFF` or `ADMIN`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// A shopper.
    Customer,
    /// The back office, except the administrators' pages (settings, roles, jobs).
    Staff,
    /// Everything.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Customer, Role::Staff, Role::Admin];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "CUSTOMER",
            Role::Staff => "STAFF",
            Role::Admin => "ADMIN",
        }
    }

    /// Staff and administrators: the back office.
    pub const fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not one of the roles.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a role (CUSTOMER, STAFF or ADMIN)")]
pub struct UnknownRole(pub String);

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Role, UnknownRole> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

impl CurrentUser {
    /// "Ann" or the email when no name is set.
    pub fn greeting_name(&self) -> String {
        self.first_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| self.email.clone())
    }

    pub fn is_staff(&self) -> bool {
        self.role.is_staff()
    }
}

/// What the header needs on every page: who is signed in and how many items the cart holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub user: Option<CurrentUser>,
    pub cart_count: u32,
    /// The store's name (back office Settings).
    #[serde(default)]
    pub store_name: String,
    /// Payments are simulated (the test gateway, or Stripe test keys): every page says so.
    #[serde(default)]
    pub test_payments: bool,
}

/// A one-time message shown on the next page (after a plain form post redirects).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashKind {
    Success,
    Error,
    Notice,
}

impl Flash {
    pub fn success(text: impl Into<String>) -> Self {
        Flash {
            kind: FlashKind::Success,
            text: text.into(),
        }
    }
    pub fn error(text: impl Into<String>) -> Self {
        Flash {
            kind: FlashKind::Error,
            text: text.into(),
        }
    }
    pub fn notice(text: impl Into<String>) -> Self {
        Flash {
            kind: FlashKind::Notice,
            text: text.into(),
        }
    }
}

/// A saved address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub id: i64,
    pub label: Option<String>,
    pub recipient_name: String,
    pub company: Option<String>,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    pub phone: Option<String>,
    pub is_default_shipping: bool,
    pub is_default_billing: bool,
}

impl Address {
    /// One-line summary, e.g. "Ann Lee, 1 Main St, Springfield 12345, US".
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.recipient_name.clone(), self.line1.clone()];
        if let Some(l2) = self.line2.as_ref().filter(|s| !s.is_empty()) {
            parts.push(l2.clone());
        }
        let mut city = format!("{} {}", self.city, self.postal_code);
        if let Some(r) = self.region.as_ref().filter(|s| !s.is_empty()) {
            city = format!("{}, {} {}", self.city, r, self.postal_code);
        }
        parts.push(city);
        parts.push(self.country.clone());
        parts.join(", ")
    }
}

/// A wishlist entry with what is needed to show and buy it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WishlistEntry {
    pub product_id: i64,
    pub slug: String,
    pub name: String,
    /// The variant "Move to cart" adds (the saved one, else the first active one).
    pub variant_id: Option<i64>,
    pub variant_name: Option<String>,
    pub price: Option<storefront::Money>,
    pub image_url: Option<String>,
    pub in_stock: bool,
}

/// A past order in the account's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub number: String,
    pub placed_at: String,
    pub status: storefront::OrderStatus,
    pub total: storefront::Money,
    pub item_count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_from_their_stored_names_only() {
        assert_eq!("ADMIN".parse::<Role>(), Ok(Role::Admin));
        assert_eq!(" staff ".parse::<Role>(), Ok(Role::Staff));
        assert!("SUPERUSER".parse::<Role>().is_err());
        assert!("".parse::<Role>().is_err());
        assert_eq!(
            serde_json::to_string(&Role::Customer).unwrap(),
            "\"CUSTOMER\""
        );
        assert!(Role::Admin.is_staff() && !Role::Customer.is_staff());
    }
}
