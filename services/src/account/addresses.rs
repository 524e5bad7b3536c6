//! Address book: add, edit, delete, and one default shipping and one default billing address.

use serde::Deserialize;

use super::db_err;
use crate::args;
use crate::db::{Db, Ts, Tx};
use shared::account::Address;
use shared::errors::AppError;

/// Form fields of an address (checkboxes arrive as `Some("on")` when ticked).
#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
pub struct AddressInput {
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub recipient_name: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub default_shipping: Option<String>,
    #[serde(default)]
    pub default_billing: Option<String>,
}

fn field(value: &str, name: &str, required: bool, max: usize) -> Result<Option<String>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return if required {
            Err(AppError::BadRequest(format!("Enter the {name}.")))
        } else {
            Ok(None)
        };
    }
    if v.chars().count() > max {
        return Err(AppError::BadRequest(format!(
            "The {name} is too long (at most {max} characters)."
        )));
    }
    Ok(Some(v.to_string()))
}

fn checked(v: &Option<String>) -> bool {
    v.as_deref()
        .is_some_and(|s| matches!(s, "on" | "true" | "1" | "yes"))
}

impl AddressInput {
    /// Validates into an [`Address`] (id 0).
    pub fn parse(&self) -> Result<Address, AppError> {
        let country = self.country.trim().to_ascii_uppercase();
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(AppError::BadRequest(
                "Enter the country as a two-letter code, e.g. US or GB.".into(),
            ));
        }
        Ok(Address {
            id: 0,
            label: field(&self.label, "label", false, 60)?,
            recipient_name: field(&self.recipient_name, "recipient's name", true, 200)?
                .unwrap_or_default(),
            company: field(&self.company, "company", false, 200)?,
            line1: field(&self.line1, "street address", true, 200)?.unwrap_or_default(),
            line2: field(&self.line2, "second address line", false, 200)?,
            city: field(&self.city, "city", true, 100)?.unwrap_or_default(),
            region: field(&self.region, "state or region", false, 100)?,
            postal_code: field(&self.postal_code, "postal code", true, 20)?.unwrap_or_default(),
            country,
            phone: field(&self.phone, "phone number", false, 40)?,
            is_default_shipping: checked(&self.default_shipping),
            is_default_billing: checked(&self.default_billing),
        })
    }
}

/// An `addresses` row as [`COLUMNS`] selects it.
#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    label: Option<String>,
    recipient_name: String,
    company: Option<String>,
    line1: String,
    line2: Option<String>,
    city: String,
    region: Option<String>,
    postal_code: String,
    country: String,
    phone: Option<String>,
    is_default_shipping: bool,
    is_default_billing: bool,
}

const COLUMNS: &str = "id, label, recipient_name, company, line1, line2, city, region, postal_code,
        CAST(country AS TEXT) AS country, phone, is_default_shipping, is_default_billing";

fn from_row(r: Row) -> Address {
    Address {
        id: r.id,
        label: r.label,
        recipient_name: r.recipient_name,
        company: r.company,
        line1: r.line1,
        line2: r.line2,
        city: r.city,
        region: r.region,
        postal_code: r.postal_code,
        country: r.country,
        phone: r.phone,
        is_default_shipping: r.is_default_shipping,
        is_default_billing: r.is_default_billing,
    }
}

/// The user's addresses, defaults first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<Address>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM addresses WHERE user_id = $1
          ORDER BY is_default_shipping DESC, is_default_billing DESC, id"
    );
    let rows: Vec<Row> = db.all(&sql, args![user_id]).await.map_err(db_err)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// One of the user's addresses; anyone else's is a 404.
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<Address, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM addresses WHERE id = $1 AND user_id = $2");
    let row: Option<Row> = db.opt(&sql, args![id, user_id]).await.map_err(db_err)?;
    row.map(from_row).ok_or_else(not_found)
}

fn not_found() -> AppError {
    AppError::NotFound("That address is not in your address book.".into())
}

/// Adds an address. The first one becomes the default for shipping and billing.
pub async fn create(db: &Db, user_id: i64, input: &AddressInput) -> Result<i64, AppError> {
    let a = input.parse()?;
    let now = Ts::now();
    let outcome: Result<i64, sqlx::Error> = async {
        let mut tx = db.begin_write().await?;
        let (existing,): (i64,) = tx
            .one(
                "SELECT COUNT(*) FROM addresses WHERE user_id = $1",
                args![user_id],
            )
            .await?;
        let ship = a.is_default_shipping || existing == 0;
        let bill = a.is_default_billing || existing == 0;
        clear_defaults(&mut tx, user_id, ship, bill, now).await?;
        let (id,): (i64,) = tx
            .one(
                "INSERT INTO addresses (user_id, label, recipient_name, company, line1, line2, city, region,
                                    postal_code, country, phone, is_default_shipping, is_default_billing,
                                    created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
                args![
                    user_id,
                    a.label.as_deref(),
                    &a.recipient_name,
                    a.company.as_deref(),
                    &a.line1,
                    a.line2.as_deref(),
                    &a.city,
                    a.region.as_deref(),
                    &a.postal_code,
                    &a.country,
                    a.phone.as_deref(),
                    ship,
                    bill,
                    now
                ],
            )
            .await?;
        tx.commit().await?;
        Ok(id)
    }
    .await;
    outcome.map_err(db_err)
}

/// Replaces an address's fields (ticking a default box moves that default here).
pub async fn update(db: &Db, user_id: i64, id: i64, input: &AddressInput) -> Result<(), AppError> {
    let a = input.parse()?;
    let now = Ts::now();
    let outcome: Result<u64, sqlx::Error> = async {
        let mut tx = db.begin_write().await?;
        clear_defaults(&mut tx, user_id, a.is_default_shipping, a.is_default_billing, now).await?;
        let n = tx
            .exec(
                "UPDATE addresses SET label = $1, recipient_name = $2, company = $3, line1 = $4, line2 = $5,
                    city = $6, region = $7, postal_code = $8, country = $9, phone = $10,
                    is_default_shipping = (is_default_shipping OR $11), is_default_billing = (is_default_billing OR $12),
                    updated_at = $13
              WHERE id = $14 AND user_id = $15",
                args![
                    a.label.as_deref(),
                    &a.recipient_name,
                    a.company.as_deref(),
                    &a.line1,
                    a.line2.as_deref(),
                    &a.city,
                    a.region.as_deref(),
                    &a.postal_code,
                    &a.country,
                    a.phone.as_deref(),
                    a.is_default_shipping,
                    a.is_default_billing,
                    now,
                    id,
                    user_id
                ],
            )
            .await?;
        if n == 1 {
            tx.commit().await?; // otherwise not theirs: dropping `tx` rolls back the cleared defaults
        }
        Ok(n)
    }
    .await;
    match outcome.map_err(db_err)? {
        0 => Err(not_found()),
        _ => Ok(()),
    }
}

/// Which default to move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultKind {
    Shipping,
    Billing,
}

/// Makes address `id` the default of `kind` (the old default loses it first, as the partial
/// unique index requires).
pub async fn set_default(
    db: &Db,
    user_id: i64,
    id: i64,
    kind: DefaultKind,
) -> Result<(), AppError> {
    let now = Ts::now();
    let col = match kind {
        DefaultKind::Shipping => "is_default_shipping",
        DefaultKind::Billing => "is_default_billing",
    };
    let set = format!(
        "UPDATE addresses SET {col} = TRUE, updated_at = $1 WHERE id = $2 AND user_id = $3"
    );
    let outcome: Result<u64, sqlx::Error> = async {
        let mut tx = db.begin_write().await?;
        let shipping = kind == DefaultKind::Shipping;
        let billing = kind == DefaultKind::Billing;
        clear_defaults(&mut tx, user_id, shipping, billing, now).await?;
        let n = tx.exec(&set, args![now, id, user_id]).await?;
        if n == 1 {
            tx.commit().await?; // otherwise not theirs: dropping `tx` rolls back the cleared defaults
        }
        Ok(n)
    }
    .await;
    match outcome.map_err(db_err)? {
        0 => Err(not_found()),
        _ => Ok(()),
    }
}

/// Deletes one of the user's addresses.
pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<(), AppError> {
    let n = db
        .exec(
            "DELETE FROM addresses WHERE id = $1 AND user_id = $2",
            args![id, user_id],
        )
        .await
        .map_err(db_err)?;
    if n == 0 { Err(not_found()) } else { Ok(()) }
}

async fn clear_defaults(
    tx: &mut Tx,
    user_id: i64,
    shipping: bool,
    billing: bool,
    now: Ts,
) -> Result<(), sqlx::Error> {
    if shipping {
        tx.exec(
            "UPDATE addresses SET is_default_shipping = FALSE, updated_at = $1 WHERE user_id = $2 AND is_default_shipping = TRUE",
            args![now, user_id],
        )
        .await?;
    }
    if billing {
        tx.exec(
            "UPDATE addresses SET is_default_billing = FALSE, updated_at = $1 WHERE user_id = $2 AND is_default_billing = TRUE",
            args![now, user_id],
        )
        .await?;
    }
    Ok(())
}
