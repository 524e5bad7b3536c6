//! Address book: add, edit, delete, and one default shipping and one default billing address.

use serde::Deserialize;

use super::db_err;
use crate::db::{Db, Ts};
use crate::with_db;
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

type Row = (
    i64,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    bool,
    bool,
);

const COLUMNS: &str = "id, label, recipient_name, company, line1, line2, city, region, postal_code,
        CAST(country AS TEXT), phone, is_default_shipping, is_default_billing";

fn from_row(r: Row) -> Address {
    Address {
        id: r.0,
        label: r.1,
        recipient_name: r.2,
        company: r.3,
        line1: r.4,
        line2: r.5,
        city: r.6,
        region: r.7,
        postal_code: r.8,
        country: r.9,
        phone: r.10,
        is_default_shipping: r.11,
        is_default_billing: r.12,
    }
}

/// The user's addresses, defaults first.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<Address>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM addresses WHERE user_id = $1
          ORDER BY is_default_shipping DESC, is_default_billing DESC, id"
    );
    let rows: Vec<Row> = with_db!(db, pool => {
        sqlx::query_as(&sql).bind(user_id).fetch_all(pool).await
    })
    .map_err(db_err)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// One of the user's addresses; anyone else's is a 404.
pub async fn get(db: &Db, user_id: i64, id: i64) -> Result<Address, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM addresses WHERE id = $1 AND user_id = $2");
    let row: Option<Row> = with_db!(db, pool => {
        sqlx::query_as(&sql).bind(id).bind(user_id).fetch_optional(pool).await
    })
    .map_err(db_err)?;
    row.map(from_row).ok_or_else(not_found)
}

fn not_found() -> AppError {
    AppError::NotFound("That address is not in your address book.".into())
}

/// Adds an address. The first one becomes the default for shipping and billing.
pub async fn create(db: &Db, user_id: i64, input: &AddressInput) -> Result<i64, AppError> {
    let a = input.parse()?;
    let now = Ts::now();
    let outcome: Result<i64, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
        let ship = a.is_default_shipping || existing == 0;
        let bill = a.is_default_billing || existing == 0;
        clear_defaults(&mut tx, user_id, ship, bill, now).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO addresses (user_id, label, recipient_name, company, line1, line2, city, region,
                                    postal_code, country, phone, is_default_shipping, is_default_billing,
                                    created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
        )
        .bind(user_id)
        .bind(&a.label)
        .bind(&a.recipient_name)
        .bind(&a.company)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(&a.phone)
        .bind(ship)
        .bind(bill)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }.await);
    outcome.map_err(db_err)
}

/// Replaces an address's fields (ticking a default box moves that default here).
pub async fn update(db: &Db, user_id: i64, id: i64, input: &AddressInput) -> Result<(), AppError> {
    let a = input.parse()?;
    let now = Ts::now();
    let outcome: Result<u64, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        clear_defaults(&mut tx, user_id, a.is_default_shipping, a.is_default_billing, now).await?;
        let r = sqlx::query(
            "UPDATE addresses SET label = $1, recipient_name = $2, company = $3, line1 = $4, line2 = $5,
                    city = $6, region = $7, postal_code = $8, country = $9, phone = $10,
                    is_default_shipping = (is_default_shipping OR $11), is_default_billing = (is_default_billing OR $12),
                    updated_at = $13
              WHERE id = $14 AND user_id = $15",
        )
        .bind(&a.label)
        .bind(&a.recipient_name)
        .bind(&a.company)
        .bind(&a.line1)
        .bind(&a.line2)
        .bind(&a.city)
        .bind(&a.region)
        .bind(&a.postal_code)
        .bind(&a.country)
        .bind(&a.phone)
        .bind(a.is_default_shipping)
        .bind(a.is_default_billing)
        .bind(now)
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 1 {
            tx.commit().await?; // otherwise not theirs: dropping `tx` rolls back the cleared defaults
        }
        Ok(r.rows_affected())
    }.await);
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
    let outcome: Result<u64, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        clear_defaults(&mut tx, user_id, kind == DefaultKind::Shipping, kind == DefaultKind::Billing, now).await?;
        let r = sqlx::query(&set).bind(now).bind(id).bind(user_id).execute(&mut *tx).await?;
        if r.rows_affected() == 1 {
            tx.commit().await?; // otherwise not theirs: dropping `tx` rolls back the cleared defaults
        }
        Ok(r.rows_affected())
    }.await);
    match outcome.map_err(db_err)? {
        0 => Err(not_found()),
        _ => Ok(()),
    }
}

/// Deletes one of the user's addresses.
pub async fn delete(db: &Db, user_id: i64, id: i64) -> Result<(), AppError> {
    let n = with_db!(db, pool => {
        sqlx::query("DELETE FROM addresses WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
    .map_err(db_err)?;
    if n == 0 { Err(not_found()) } else { Ok(()) }
}

async fn clear_defaults<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    user_id: i64,
    shipping: bool,
    billing: bool,
    now: Ts,
) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'e> &'e mut DB::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    i64: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Ts: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    if shipping {
        sqlx::query("UPDATE addresses SET is_default_shipping = FALSE, updated_at = $1 WHERE user_id = $2 AND is_default_shipping = TRUE")
            .bind(now)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    if billing {
        sqlx::query("UPDATE addresses SET is_default_billing = FALSE, updated_at = $1 WHERE user_id = $2 AND is_default_billing = TRUE")
            .bind(now)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
