//! Orders as CSV for accounting: one row per order line, the order's figures repeated on
//! each of its rows. Amounts are plain decimals in the order's currency.

use storefront::Money;

use crate::db::Db;
use crate::db::sql::{Arg, SqlBuf};
use shared::errors::AppError;

use super::db_err;

/// The columns, in order.
pub const COLUMNS: [&str; 20] = [
    "number",
    "placed_at",
    "status",
    "payment_status",
    "fulfillment_status",
    "email",
    "currency",
    "subtotal",
    "discount",
    "shipping",
    "tax",
    "total",
    "refunded",
    "sku",
    "product",
    "variant",
    "quantity",
    "unit_price",
    "line_total",
    "quantity_refunded",
];

#[derive(sqlx::FromRow)]
struct Row {
    number: String,
    placed_at: String,
    status: String,
    payment_status: String,
    fulfillment_status: String,
    email: String,
    currency: crate::db::DbCurrency,
    subtotal_amount: i64,
    discount_amount: i64,
    shipping_amount: i64,
    tax_amount: i64,
    total_amount: i64,
    refunded_amount: i64,
    sku: String,
    product_name: String,
    variant_name: String,
    quantity: i64,
    unit_price_amount: i64,
    line_total: i64,
    quantity_refunded: i64,
}

/// Orders placed from `from` to `to` (inclusive dates, `YYYY-MM-DD`, UTC; either may be
/// blank) as CSV text, oldest first. At most 100,000 lines.
pub async fn export_orders(
    db: &Db,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<String, AppError> {
    let day = |v: Option<&str>, field: &str| -> Result<Option<chrono::NaiveDate>, AppError> {
        match v.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
                .map(Some)
                .ok_or_else(|| {
                    AppError::invalid(field, format!("{v:?} is not a date (YYYY-MM-DD)."))
                }),
        }
    };
    let (from, to) = (day(from, "from")?, day(to, "to")?);
    let mut q = SqlBuf::new(db.backend());
    q.push(
        "SELECT o.number, CAST(o.placed_at AS TEXT) AS placed_at, o.status, o.payment_status,
                o.fulfillment_status, o.email, CAST(o.currency AS TEXT) AS currency,
                o.subtotal_amount, o.discount_amount, o.shipping_amount, o.tax_amount,
                o.total_amount, o.refunded_amount, i.sku, i.product_name, i.variant_name,
                CAST(i.quantity AS BIGINT) AS quantity, i.unit_price_amount,
                i.total_amount AS line_total, CAST(i.quantity_refunded AS BIGINT) AS quantity_refunded
           FROM orders o JOIN order_items i ON i.order_id = o.id
          WHERE i.parent_item_id IS NULL",
    );
    let ts =
        |d: chrono::NaiveDate| crate::db::Ts(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    if let Some(f) = from {
        q.push(" AND o.placed_at >= ").bind(Arg::Time(ts(f)));
    }
    if let Some(t) = to.and_then(|t| t.succ_opt()) {
        q.push(" AND o.placed_at < ").bind(Arg::Time(ts(t)));
    }
    q.push(" ORDER BY o.id, i.id LIMIT 100000");
    let rows: Vec<Row> = db.all(&q.sql, q.args).await.map_err(db_err)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::internal("writing CSV", e);
    w.write_record(COLUMNS).map_err(csv_err)?;
    for r in &rows {
        let cur = r.currency.0;
        let m = |minor: i64| Money::new(minor, cur).to_plain_string();
        let cells = [
            r.number.clone(),
            r.placed_at
                .chars()
                .take(19)
                .collect::<String>()
                .replace('T', " "),
            r.status.clone(),
            r.payment_status.clone(),
            r.fulfillment_status.clone(),
            r.email.clone(),
            cur.code().to_string(),
            m(r.subtotal_amount),
            m(r.discount_amount),
            m(r.shipping_amount),
            m(r.tax_amount),
            m(r.total_amount),
            m(r.refunded_amount),
            r.sku.clone(),
            r.product_name.clone(),
            r.variant_name.clone(),
            r.quantity.to_string(),
            m(r.unit_price_amount),
            m(r.line_total),
            r.quantity_refunded.to_string(),
        ];
        w.write_record(
            cells
                .iter()
                .map(|c| super::csv_cells::neutralise(c).into_owned()),
        )
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::internal("finishing CSV", e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::internal("CSV text", e))
}
