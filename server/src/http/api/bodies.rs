//! Typed JSON request bodies: each is a struct the handler deserializes into, and the same
//! struct is the body's schema in the OpenAPI document, so the document shows every field.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use shared::errors::AppError;
use utoipa::ToSchema;

use super::ApiError;

/// The body as `T`, or a 400 that says what is wrong (axum names the field: `quantity:
/// invalid type …`).
pub(super) fn parse<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    body.map(|Json(v)| v).map_err(|e| {
        let detail = e.body_text();
        let detail = detail
            .strip_prefix("Failed to deserialize the JSON body into the target type: ")
            .unwrap_or(&detail);
        AppError::bad(format!("The request body is not valid: {detail}")).into()
    })
}

/// A JSON object body as `T`: not JSON or not an object is a 400; a field of the wrong shape is
/// a 422 that names it (`payment.method`, `lines[0].quantity`).
pub(super) fn fields<T: DeserializeOwned>(
    body: Result<Json<Value>, JsonRejection>,
) -> Result<T, ApiError> {
    match body {
        Ok(Json(v)) => object(v),
        Err(e) => Err(AppError::bad(format!(
            "The request body is not valid JSON: {}",
            e.body_text()
        ))
        .into()),
    }
}

/// Like [`fields`], for a body that may be left empty (read as `{}`).
pub(super) fn optional_fields<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return typed(Value::Object(Default::default()));
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v) => object(v),
        Err(e) => Err(AppError::bad(format!("The request body is not valid JSON: {e}")).into()),
    }
}

fn object<T: DeserializeOwned>(v: Value) -> Result<T, ApiError> {
    if !v.is_object() {
        return Err(AppError::bad("Send a JSON object.").into());
    }
    typed(v)
}

/// `v` as `T`, naming the field that does not fit.
fn typed<T: DeserializeOwned>(v: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.inner().to_string();
        let err = if field.is_empty() || field == "." {
            AppError::bad(format!("The request body is not valid: {inner}"))
        } else {
            AppError::invalid(&field, format!("`{field}` is not valid: {inner}."))
        };
        err.into()
    })
}

/// A whole number, written as a JSON number or as digits in a string (`2` or `"2"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ToSchema)]
#[schema(value_type = i64)]
pub struct WholeNumber(pub i64);

impl<'de> Deserialize<'de> for WholeNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = WholeNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<WholeNumber, E> {
                Ok(WholeNumber(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<WholeNumber, E> {
                i64::try_from(v)
                    .map(WholeNumber)
                    .map_err(|_| E::custom("a whole number that is too large"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<WholeNumber, E> {
                v.trim()
                    .parse()
                    .map(WholeNumber)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// `POST /api/cart/items`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AddItemBody {
    /// The product option (variant) to add.
    pub variant_id: WholeNumber,
    /// How many (1–99, or 2–1000 seats for a team licence; courses and certifications: 1;
    /// default 1). Adds to the line when the variant is already in the cart.
    #[serde(default)]
    pub quantity: Option<WholeNumber>,
}

/// `PUT /api/cart/items/{item_id}`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SetQuantityBody {
    /// The line's new quantity (1–99, or 2–1000 seats for a team licence).
    pub quantity: WholeNumber,
}

/// `POST /api/users/register`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterBody {
    pub email: String,
    /// 8+ characters, not a common password, not the email.
    pub password: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

/// `POST /api/users/confirm`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ConfirmBody {
    /// The `token` parameter of the link in the sign-up mail.
    pub token: String,
}

/// `POST /api/users/login`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_come_as_numbers_or_digits() {
        let n = |j: &str| serde_json::from_str::<WholeNumber>(j).map(|w| w.0);
        assert_eq!(n("2").unwrap(), 2);
        assert_eq!(n("\" 7 \"").unwrap(), 7);
        assert_eq!(n("-1").unwrap(), -1);
        for bad in ["2.5", "\"abc\"", "true", "null", "[1]"] {
            let e = n(bad).unwrap_err().to_string();
            assert!(e.contains("whole number"), "{bad}: {e}");
        }
    }
}
