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
/// and `ci` (cart_items): nothing for a subscription plan with a free trial (the trial is
/// free at checkout; its end is the first charge, at the variant's price), a team licence's
/// seat-tier price for the line's seats (the last tier starting at or below them, as
/// `storefront::learning::SeatTiers::unit_price`), else the variant's price. Only team
/// licences have `seat_tiers` rows. [`line_unit_price`] is the same for one line in Rust.
pub const LINE_UNIT_PRICE: &str = "CASE WHEN p.kind = 'SUBSCRIPTION' AND EXISTS
      (SELECT 1 FROM subscription_plans sp WHERE sp.product_id = p.id AND sp.trial_days > 0)
    THEN 0
    ELSE COALESCE((SELECT t.unit_amount FROM seat_tiers t
      WHERE t.product_id = p.id AND t.min_seats <= ci.quantity
      ORDER BY t.min_seats DESC LIMIT 1), v.price_amount) END";

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

/// One unit's price on a cart line of `quantity` of product `product_id` (of `kind`), whose
/// variant costs `fallback`: [`LINE_UNIT_PRICE`] for one line. 0 for a plan with a free
/// trial, a team licence's seat-tier price, else the variant's price.
pub(crate) async fn line_unit_price(
    tx: &mut crate::db::Tx,
    product_id: i64,
    kind: storefront::pricing::ProductKind,
    quantity: u32,
    fallback: i64,
) -> Result<i64, AppError> {
    use storefront::pricing::ProductKind;
    match kind {
        ProductKind::TeamLicence => seat_price(tx, product_id, quantity, fallback).await,
        ProductKind::Subscription => {
            let plan = crate::subscriptions::cart_rules::plan_terms(tx, product_id).await?;
            Ok(if plan.is_some_and(|(_, trial_days)| trial_days > 0) {
                0
            } else {
                fallback
            })
        }
        _ => Ok(fallback),
    }
}
