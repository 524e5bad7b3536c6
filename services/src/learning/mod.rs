//! Learning products on the server: the cart rules with what the buyer owns (`cart_rules`),
//! granting access when an order is paid and taking it back on refund or cancellation
//! (`grant`, `revoke`), the buyer's learning page and the gated course page (`account`,
//! `course`), product-page facts (`product_info`), and downloads (`downloads`).

pub mod account;
pub mod admin;
pub mod cart_rules;
pub mod certificates;
pub mod course;
pub mod downloads;
pub mod grant;
pub mod items;
pub mod product_info;
pub mod revoke;
pub mod teams;

use shared::errors::AppError;

/// "First Last", either alone, or `None` when neither is set.
pub(crate) fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("learning query", e)
}

/// One unit's price on a cart line, as SQL over the aliases `p` (products), `v` (variants)
/// and `ci` (cart_items): a team licence's seat-tier price for the line's seats (the last
/// tier starting at or below them, as `storefront::learning::SeatTiers::unit_price`), else
/// the variant's price. Only team licences have `seat_tiers` rows.
pub const LINE_UNIT_PRICE: &str = "COALESCE((SELECT t.unit_amount FROM seat_tiers t
      WHERE t.product_id = p.id AND t.min_seats <= ci.quantity
      ORDER BY t.min_seats DESC LIMIT 1), v.price_amount)";

/// A team licence's per-seat price at `seats` seats ([`LINE_UNIT_PRICE`] for one line), or
/// `fallback` (the variant's price) for products without tiers.
pub(crate) async fn seat_price(
    tx: &mut crate::db::Tx,
    product_id: i64,
    seats: u32,
    fallback: i64,
) -> Result<i64, AppError> {
    let row: Option<(i64,)> = tx
        .opt(
            "SELECT unit_amount FROM seat_tiers WHERE product_id = $1 AND min_seats <= $2
              ORDER BY min_seats DESC LIMIT 1",
            crate::args![product_id, i64::from(seats)],
        )
        .await
        .map_err(db_err)?;
    Ok(row.map_or(fallback, |(p,)| p))
}
