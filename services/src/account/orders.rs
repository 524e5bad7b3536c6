//! The account's order history (orders are created by checkout).

use storefront::{Money, OrderStatus};

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, Parsed};
use shared::account::OrderSummary;
use shared::errors::AppError;

/// The user's 100 most recent orders.
pub async fn list(db: &Db, user_id: i64) -> Result<Vec<OrderSummary>, AppError> {
    type Row = (String, String, Parsed<OrderStatus>, i64, DbCurrency, i64);
    let rows: Vec<Row> = db
        .all(
            "SELECT o.number, CAST(o.placed_at AS TEXT), o.status, o.total_amount, CAST(o.currency AS TEXT),
                    CAST(COALESCE((SELECT SUM(oi.quantity) FROM order_items oi WHERE oi.order_id = o.id), 0) AS BIGINT)
               FROM orders o WHERE o.user_id = $1 ORDER BY o.placed_at DESC, o.id DESC LIMIT 100",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(
            |(number, placed_at, status, total, cur, item_count)| OrderSummary {
                number,
                placed_at: placed_at.chars().take(10).collect(),
                status: status.0,
                total: Money::new(total, cur.0),
                item_count,
            },
        )
        .collect())
}
