//! Folding a guest cart into the shopper's own cart at sign-in.

use storefront::CartLimits;
use storefront::cart::{MergeLine, MergeNotice, plan_merge};

use super::db_err;
use crate::args;
use crate::db::{Db, Ts, is_unique_violation};
use shared::errors::AppError;

/// A cart line with what merging needs to know about its variant.
#[derive(sqlx::FromRow)]
struct Line {
    variant_id: i64,
    quantity: i32,
    unit_price_amount: i64,
    currency: String,
    track_inventory: bool,
    /// On hand minus reserved (no inventory row: `None`).
    available: Option<i32>,
    /// The product's name, for notices.
    name: String,
}

const LINES: &str = "SELECT ci.variant_id AS variant_id, ci.quantity AS quantity,
        ci.unit_price_amount AS unit_price_amount, ci.currency AS currency,
        v.track_inventory AS track_inventory, i.on_hand - i.reserved AS available, p.name AS name
   FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id
   JOIN products p ON p.id = v.product_id LEFT JOIN inventory i ON i.variant_id = v.id
  WHERE ci.cart_id = $1 ORDER BY ci.created_at, ci.id";

fn merge_line(l: &Line) -> MergeLine {
    MergeLine {
        variant_id: l.variant_id,
        quantity: l.quantity.max(0) as u32,
        available: l
            .track_inventory
            .then(|| l.available.unwrap_or(0).max(0) as u32),
    }
}

/// Merges the guest cart `token` into `user_id`'s cart: same variant → quantities add, capped
/// by the limits and stock; new lines while there is room. The guest cart is closed. Returns
/// a notice for every line that was capped or left out.
pub async fn merge_into_user(
    db: &Db,
    limits: CartLimits,
    token: &str,
    user_id: i64,
) -> Result<Vec<String>, AppError> {
    let guest: Option<(i64, String)> = db
        .opt(
            "SELECT id, currency FROM carts WHERE token = $1 AND user_id IS NULL AND status IN ('ACTIVE', 'ABANDONED')",
            args![token],
        )
        .await
        .map_err(db_err)?;
    let Some((guest_id, _)) = guest else {
        return Ok(Vec::new());
    };
    let now = Ts::now();
    let email: Option<String> = db
        .opt::<(String,)>("SELECT email FROM users WHERE id = $1", args![user_id])
        .await
        .map_err(db_err)?
        .map(|(e,)| e);
    // No cart of their own yet: the guest cart simply becomes theirs.
    let adopted: Result<u64, sqlx::Error> = db
        .exec(
            "UPDATE carts SET user_id = $1, email = $2, updated_at = $3, last_activity_at = $3
              WHERE id = $4 AND user_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM carts o WHERE o.user_id = $1 AND o.status IN ('ACTIVE', 'ABANDONED'))",
            args![user_id, email, now, guest_id],
        )
        .await;
    match adopted {
        Ok(1) => return Ok(Vec::new()),
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {}
        Err(e) => return Err(db_err(e)),
    }
    fold_into_own(db, limits, guest_id, user_id, now).await
}

/// One transaction: the guest cart's lines (in the shopper's currency) go into the shopper's
/// own cart as planned by [`plan_merge`], and the guest cart is emptied and closed.
async fn fold_into_own(
    db: &Db,
    limits: CartLimits,
    guest_id: i64,
    user_id: i64,
    now: Ts,
) -> Result<Vec<String>, AppError> {
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let own_id: Option<(i64, String)> = tx
        .opt(
            "UPDATE carts SET last_activity_at = $1, updated_at = $1, status = 'ACTIVE'
              WHERE user_id = $2 AND status IN ('ACTIVE', 'ABANDONED') RETURNING id, currency",
            args![now, user_id],
        )
        .await
        .map_err(db_err)?;
    let Some((own_id, currency)) = own_id else {
        return Ok(Vec::new());
    };
    let own: Vec<Line> = tx.all(LINES, args![own_id]).await.map_err(db_err)?;
    let guest: Vec<Line> = tx.all(LINES, args![guest_id]).await.map_err(db_err)?;
    let (same, other): (Vec<&Line>, Vec<&Line>) =
        guest.iter().partition(|l| l.currency == currency);
    let own_lines: Vec<MergeLine> = own.iter().map(merge_line).collect();
    let guest_lines: Vec<MergeLine> = same.iter().map(|l| merge_line(l)).collect();
    let plan = plan_merge(limits, &own_lines, &guest_lines);
    for &(variant_id, q) in &plan.update {
        tx.exec(
            "UPDATE cart_items SET quantity = $1, updated_at = $2 WHERE cart_id = $3 AND variant_id = $4",
            args![q as i32, now, own_id, variant_id],
        )
        .await
        .map_err(db_err)?;
    }
    for &(variant_id, q) in &plan.insert {
        let g = same
            .iter()
            .find(|l| l.variant_id == variant_id)
            .expect("planned from guest lines");
        tx.exec(
            "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
            args![own_id, variant_id, q as i32, g.unit_price_amount, &g.currency, now],
        )
        .await
        .map_err(db_err)?;
    }
    tx.exec("DELETE FROM cart_items WHERE cart_id = $1", args![guest_id])
        .await
        .map_err(db_err)?;
    tx.exec(
        "UPDATE carts SET status = 'EXPIRED', expires_at = $1, updated_at = $1 WHERE id = $2",
        args![now, guest_id],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(notices(&plan.notices, &guest, &other))
}

/// What to tell the shopper: lines capped or dropped by the plan, and guest lines priced in
/// another currency.
fn notices(planned: &[MergeNotice], guest: &[Line], other: &[&Line]) -> Vec<String> {
    let name = |v: i64| {
        guest
            .iter()
            .find(|l| l.variant_id == v)
            .map_or_else(String::new, |l| l.name.clone())
    };
    let mut notices: Vec<String> = planned
        .iter()
        .map(|n| match n {
            MergeNotice::Capped {
                variant_id,
                wanted,
                kept,
            } => format!(
                "{}: your carts together had {wanted}; we kept {kept} (the most you can buy now).",
                name(*variant_id)
            ),
            MergeNotice::Dropped { variant_id, .. } => format!(
                "{}: not added from your earlier cart (cart full or out of stock).",
                name(*variant_id)
            ),
        })
        .collect();
    notices.extend(
        other
            .iter()
            .map(|l| format!("{}: not added (priced in another currency).", l.name)),
    );
    notices
}
