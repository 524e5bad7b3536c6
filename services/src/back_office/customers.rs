//! Customers for staff: search, detail with orders and lifetime value; and for admins, the
//! role of an account (CUSTOMER, STAFF, ADMIN). A role change bumps `session_version`, so
//! every session of that account signs in again with the new rights.
//!
//! A customer's orders are those placed while signed in plus guest orders with the same
//! email. Lifetime value counts paid orders (not PENDING or CANCELLED) net of refunds.

use crate::args;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Db, DbCurrency, Ts};
use crate::orders::Actor;
use shared::account::Role;
use shared::admin::{AdminCustomer, AdminCustomerPage, AdminCustomerRow, CustomerOrder};
use shared::errors::AppError;

use super::products::money;
use super::{audit, db_err};
use crate::db::sql::like_pattern;

/// Customers per page.
pub const PAGE_SIZE: i64 = 25;

const MINE: &str = "(o.user_id = u.id OR (o.user_id IS NULL AND o.email = u.email))";
const PAID: &str = "o.status NOT IN ('PENDING', 'CANCELLED')";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    role: crate::db::Parsed<Role>,
    orders: i64,
    ltv: i64,
    last_order: Option<String>,
    joined: String,
    currency: Option<DbCurrency>,
}

fn select() -> String {
    format!(
        "SELECT u.id, u.email, u.first_name, u.last_name, u.role,
                CAST((SELECT COUNT(*) FROM orders o WHERE {MINE}) AS BIGINT) AS orders,
                CAST(COALESCE((SELECT SUM(o.total_amount - o.refunded_amount) FROM orders o WHERE {MINE} AND {PAID}), 0) AS BIGINT) AS ltv,
                (SELECT CAST(MAX(o.placed_at) AS TEXT) FROM orders o WHERE {MINE}) AS last_order,
                CAST(u.created_at AS TEXT) AS joined,
                (SELECT CAST(o.currency AS TEXT) FROM orders o WHERE {MINE} ORDER BY o.id DESC LIMIT 1) AS currency
           FROM users u"
    )
}

/// The currency of a customer's latest order; without orders their total is a zero in the base
/// currency.
fn store_or(latest: Option<DbCurrency>) -> storefront::Currency {
    latest.map_or(storefront::Currency::BASE, |c| c.0)
}

fn short(ts: &str) -> String {
    ts.chars().take(10).collect()
}

fn to_row(r: Row) -> AdminCustomerRow {
    let name = [r.first_name.as_deref(), r.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    AdminCustomerRow {
        lifetime_value: money(r.ltv, store_or(r.currency)),
        last_order: r.last_order.as_deref().map(short),
        joined: short(&r.joined),
        id: r.id,
        email: r.email,
        name,
        role: r.role.0,
        orders: r.orders,
    }
}

/// Accounts, newest first; `q` matches email or name; `role` filters.
pub async fn list_customers(
    db: &Db,
    q: Option<&str>,
    role: Option<&str>,
    after: Option<&str>,
) -> Result<AdminCustomerPage, AppError> {
    let mut s = SqlBuf::new(db.backend());
    s.push(&select()).push(" WHERE 1 = 1");
    if let Some(text) = q.map(str::trim).filter(|t| !t.is_empty()) {
        let pat = like_pattern(&text.chars().take(100).collect::<String>().to_lowercase());
        s.push(" AND (u.email LIKE ")
            .bind(Arg::Text(pat.clone()))
            .push(" ESCAPE '\\' OR lower(COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, '')) LIKE ")
            .bind(Arg::Text(pat))
            .push(" ESCAPE '\\')");
    }
    match role.map(str::trim).filter(|r| !r.is_empty()) {
        None => {}
        Some(r) if r.parse::<Role>().is_ok() => {
            let role = r.parse::<Role>().map_or("", Role::as_str);
            s.push(" AND u.role = ").bind(Arg::Text(role.to_string()));
        }
        Some(other) => {
            return Err(AppError::invalid(
                "role",
                format!("Unknown role {other:?}: use CUSTOMER, STAFF or ADMIN."),
            ));
        }
    }
    if let Some(a) = after.map(str::trim).filter(|a| !a.is_empty()) {
        let a: i64 = a
            .parse()
            .map_err(|_| AppError::invalid("after", "That page link is not valid."))?;
        s.push(" AND u.id < ").bind(Arg::I64(a));
    }
    s.push(" ORDER BY u.id DESC LIMIT ")
        .bind(Arg::I64(PAGE_SIZE + 1));
    let mut rows: Vec<Row> = db.all(&s.sql, s.args).await.map_err(db_err)?;
    let next_after = (rows.len() as i64 > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id.to_string()).unwrap_or_default()
    });
    Ok(AdminCustomerPage {
        rows: rows.into_iter().map(to_row).collect(),
        next_after,
    })
}

/// One customer with their orders.
pub async fn customer(db: &Db, id: i64) -> Result<AdminCustomer, AppError> {
    let row: Row = db
        .opt(&format!("{} WHERE u.id = $1", select()), args![id])
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::NotFound(format!("There is no customer {id}.")))?;
    let (phone, is_active, opt_in): (Option<String>, bool, bool) = db
        .one(
            "SELECT phone, is_active, marketing_opt_in FROM users WHERE id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let orders: Vec<(String, String, i64, i64, DbCurrency, String)> = db
        .all(
            &format!(
                "SELECT o.number, o.status, o.total_amount, o.refunded_amount, CAST(o.currency AS TEXT),
                        CAST(o.placed_at AS TEXT)
                   FROM orders o, users u
                  WHERE u.id = $1 AND {MINE}
                  ORDER BY o.id DESC LIMIT 100"
            ),
            args![id],
        )
        .await
        .map_err(db_err)?;
    let paid = orders
        .iter()
        .filter(|o| o.1 != "PENDING" && o.1 != "CANCELLED")
        .count() as i64;
    let ltv = row.ltv;
    let currency = store_or(row.currency);
    Ok(AdminCustomer {
        lifetime_value_minor: ltv,
        average_order: money(if paid > 0 { ltv / paid } else { 0 }, currency),
        phone,
        is_active,
        marketing_opt_in: opt_in,
        orders: orders
            .into_iter()
            .map(|(number, status, total, refunded, cur, at)| CustomerOrder {
                number,
                status,
                total: money(total, cur.0),
                refunded: money(refunded, cur.0),
                placed_at: at.chars().take(16).collect::<String>().replace('T', " "),
            })
            .collect(),
        row: to_row(row),
    })
}

/// Changes account `id`'s role (admins only; not their own). Bumps `session_version`:
/// the account's sessions end and it signs in again with the new rights.
pub async fn set_role(db: &Db, id: i64, role: &str, actor: &Actor) -> Result<String, AppError> {
    let role: Role = role
        .parse()
        .map_err(|_| AppError::invalid("role", "Choose CUSTOMER, STAFF or ADMIN."))?;
    if actor.user_id == Some(id) {
        return Err(AppError::Conflict(
            "You cannot change your own role; ask another administrator.".into(),
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<(String, crate::db::Parsed<Role>)> = tx
        .opt("SELECT email, role FROM users WHERE id = $1", args![id])
        .await
        .map_err(db_err)?;
    let (email, crate::db::Parsed(old)) =
        row.ok_or_else(|| AppError::NotFound(format!("There is no account {id}.")))?;
    if old == role {
        return Ok(email);
    }
    tx.exec(
        "UPDATE users SET role = $1, session_version = session_version + 1, updated_at = $2 WHERE id = $3",
        args![role.as_str(), now, id],
    )
    .await
    .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "user.role",
        "user",
        Some(id),
        serde_json::json!({ "email": email, "from": old.as_str(), "to": role.as_str() }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(email)
}
