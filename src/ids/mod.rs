//! Validated identifiers and shopper inputs: parse once at the edge, trust everywhere else.
//!
//! Every type here can only be built through its parser (including via serde), serializes as
//! its plain string/number, and has its own error enum whose messages can be shown to a
//! shopper as-is.

mod coupon_code;
mod email;
mod quantity;
mod sku;
mod slug;
mod units;

#[cfg(test)]
mod proptests;

pub use coupon_code::{CouponCode, CouponCodeError};
pub use email::{Email, EmailError};
pub use quantity::{Quantity, QuantityError};
pub use sku::{Sku, SkuError};
pub use slug::{Slug, SlugError};
pub use units::{Units, UnitsError};

/// Implements `Display`, `FromStr`, `AsRef<str>`, `TryFrom<String>`, `TryFrom<&str>` and
/// `From<T> for String` for a string newtype with a `parse(&str)` constructor and `as_str()`.
macro_rules! string_newtype_impls {
    ($ty:ident, $err:ident) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $err;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $err;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                $ty::parse(&value)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = $err;

            fn try_from(value: &str) -> Result<Self, Self::Error> {
                $ty::parse(value)
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
    };
}
use string_newtype_impls;
