//! The admin order list: filters by status, payment status and date, search by number or
//! email, newest first with keyset pagination on the id (no OFFSET: page 500 costs what
//! page 1 does).

use storefront::{Money, OrderStatus, PaymentStatus};

use super::db_err;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Db, Parsed};
use shared::errors::AppError;
use shared::order::{AdminOrderPage, AdminOrderRow, OrderFilter};

pub const PAGE_SIZE: usize = 25;

fn date(field: &str, v: &Option<String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::invalid(field, "Give dates as YYYY-MM-DD.")),
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    number: String,
    email: String,
    placed_at: String,
    status: Parsed<OrderStatus>,
    payment_status: Parsed<PaymentStatus>,
    fulfillment_status: String,
    total_amount: i64,
    currency: crate::db::DbCurrency,
    item_count: i64,
}

pub async fn list_orders(db: &Db, f: &OrderFilter) -> Result<AdminOrderPage, AppError> {
    let mut q = SqlBuf::new(db.backend());
    q.push(
        "SELECT o.id AS id, o.number AS number, o.email AS email,
                CAST(o.placed_at AS TEXT) AS placed_at, o.status AS status,
                o.payment_status AS payment_status, o.fulfillment_status AS fulfillment_status,
                o.total_amount AS total_amount, CAST(o.currency AS TEXT) AS currency,
                CAST(COALESCE((SELECT SUM(i.quantity) FROM order_items i
                    WHERE i.order_id = o.id AND i.parent_item_id IS NULL), 0) AS BIGINT) AS item_count
           FROM orders o WHERE 1 = 1",
    );
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        let s: OrderStatus = s
            .parse()
            .map_err(|_| AppError::invalid("status", format!("Unknown order status {s:?}.")))?;
        q.push(" AND o.status = ")
            .bind(Arg::Text(s.as_str().into()));
    }
    if let Some(s) = f.payment_status.as_deref().filter(|s| !s.is_empty()) {
        let known = s.parse::<PaymentStatus>().is_ok();
        if !known {
            return Err(AppError::invalid(
                "payment_status",
                format!("Unknown payment status {s:?}."),
            ));
        }
        q.push(" AND o.payment_status = ").bind(Arg::Text(s.into()));
    }
    let from = date("from", &f.from)?;
    let to = date("to", &f.to)?;
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Err(AppError::invalid(
            "to",
            "The end date is before the start date.",
        ));
    }
    if let Some(d) = from {
        let ts = crate::db::Ts(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
        q.push(" AND o.placed_at >= ").bind(Arg::Time(ts));
    }
    if let Some(d) = to.and_then(|d| d.succ_opt()) {
        let ts = crate::db::Ts(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
        q.push(" AND o.placed_at < ").bind(Arg::Time(ts));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        if text.chars().count() > 200 {
            return Err(AppError::invalid("q", "Search for at most 200 characters."));
        }
        let like = crate::db::sql::like_pattern(&text.to_lowercase());
        q.push(" AND (o.number = ")
            .bind(Arg::Text(text.to_uppercase()))
            .push(" OR o.email LIKE ")
            .bind(Arg::Text(like))
            .push(" ESCAPE '\\')");
    }
    if let Some(after) = f.after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let id: i64 = after
            .parse()
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| AppError::invalid("after", "That page link is not valid."))?;
        q.push(" AND o.id < ").bind(Arg::I64(id));
    }
    q.push(&format!(" ORDER BY o.id DESC LIMIT {}", PAGE_SIZE + 1));
    let mut rows: Vec<Row> = db.all(&q.sql, q.args.clone()).await.map_err(db_err)?;
    let next = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    Ok(AdminOrderPage {
        rows: rows
            .into_iter()
            .map(|r| AdminOrderRow {
                id: r.id,
                number: r.number,
                email: r.email,
                placed_at: r.placed_at,
                status: r.status.0,
                payment_status: r.payment_status.0,
                fulfillment_status: r.fulfillment_status,
                total: Money::new(r.total_amount, r.currency.0),
                item_count: r.item_count,
            })
            .collect(),
        next,
    })
}
