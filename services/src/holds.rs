//! Stock reservations (seed 004): entering the payment step holds stock for every line for
//! a while (default 15 min). Each hold is one conditional statement,
//! `UPDATE inventory SET reserved = reserved + q WHERE … AND on_hand - reserved >= q`, so two
//! shoppers can never both get the last unit, on either engine; there is no read-then-write.
//!
//! A hold ends exactly once: every release or conversion first flips the reservation's status
//! from ACTIVE with a guarded UPDATE and only then moves the inventory counters, so the
//! expiry job, a cart change and the order saga can race without double counting.

use crate::args;
use crate::db::{Db, Ts, Tx};
use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("stock hold query", e)
}

/// Ends one ACTIVE reservation as `status` (RELEASED or EXPIRED) and gives its stock back.
pub(crate) async fn end_hold(
    tx: &mut Tx,
    id: i64,
    variant: i64,
    qty: i32,
    status: &str,
    now: Ts,
) -> Result<(), sqlx::Error> {
    let claimed = tx
        .exec(
            "UPDATE inventory_reservations SET status = $1, released_at = $2, updated_at = $2
              WHERE id = $3 AND status = 'ACTIVE'",
            args![status, now, id],
        )
        .await?;
    if claimed == 1 {
        tx.exec(
            "UPDATE inventory SET reserved = reserved - $1, version = version + 1, updated_at = $2
              WHERE variant_id = $3",
            args![qty, now, variant],
        )
        .await?;
    }
    Ok(())
}

/// A reservation row: id, variant, quantity.
pub(crate) type Hold = (i64, i64, i32);

pub(crate) async fn release_where(
    tx: &mut Tx,
    filter: &str,
    id: i64,
    status: &str,
    now: Ts,
) -> Result<usize, sqlx::Error> {
    let held: Vec<Hold> = tx
        .all(
            &format!(
                "SELECT id, variant_id, quantity FROM inventory_reservations
                  WHERE {filter} = $1 AND status = 'ACTIVE' ORDER BY variant_id"
            ),
            args![id],
        )
        .await?;
    for (rid, variant, qty) in &held {
        end_hold(tx, *rid, *variant, *qty, status, now).await?;
    }
    Ok(held.len())
}

/// Releases what an order held (its payment failed, or it was cancelled before shipping).
pub(crate) async fn release_for_order(
    tx: &mut Tx,
    order_id: i64,
    now: Ts,
) -> Result<usize, sqlx::Error> {
    release_where(tx, "order_id", order_id, "RELEASED", now).await
}

/// Releases the holds of a cart's open checkout (the cart changed; the payment step holds
/// again with the new lines).
pub async fn release_for_cart(db: &Db, cart_id: i64) -> Result<usize, AppError> {
    let any: Option<(i64,)> = db
        .opt(
            "SELECT id FROM inventory_reservations
              WHERE cart_id = $1 AND status = 'ACTIVE' AND order_id IS NULL LIMIT 1",
            args![cart_id],
        )
        .await
        .map_err(db_err)?;
    if any.is_none() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let held: Vec<Hold> = tx
        .all(
            "SELECT id, variant_id, quantity FROM inventory_reservations
              WHERE cart_id = $1 AND status = 'ACTIVE' AND order_id IS NULL ORDER BY variant_id",
            args![cart_id],
        )
        .await
        .map_err(db_err)?;
    let now = Ts::now();
    for (rid, variant, qty) in &held {
        end_hold(&mut tx, *rid, *variant, *qty, "RELEASED", now)
            .await
            .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(held.len())
}

/// The expiry job: ends holds past their time (not those of an order being paid for).
/// Returns how many ended. Safe on several instances at once.
pub async fn release_expired(db: &Db) -> Result<usize, AppError> {
    let now = Ts::now();
    let due: Vec<Hold> = db
        .all(
            "SELECT id, variant_id, quantity FROM inventory_reservations
              WHERE status = 'ACTIVE' AND order_id IS NULL AND expires_at < $1
              ORDER BY variant_id LIMIT 500",
            args![now],
        )
        .await
        .map_err(db_err)?;
    if due.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await.map_err(db_err)?;
    for (rid, variant, qty) in &due {
        end_hold(&mut tx, *rid, *variant, *qty, "EXPIRED", now)
            .await
            .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(due.len())
}

/// Turns an order's holds into sales: stock leaves `on_hand` and `reserved` together, with
/// a SALE movement per variant.
pub(crate) async fn convert_for_order(
    tx: &mut Tx,
    order_id: i64,
    now: Ts,
) -> Result<(), sqlx::Error> {
    let held: Vec<Hold> = tx
        .all(
            "SELECT id, variant_id, quantity FROM inventory_reservations
              WHERE order_id = $1 AND status = 'ACTIVE' ORDER BY variant_id",
            args![order_id],
        )
        .await?;
    for (rid, variant, qty) in held {
        let claimed = tx
            .exec(
                "UPDATE inventory_reservations SET status = 'CONFIRMED', confirmed_at = $1, updated_at = $1
                  WHERE id = $2 AND status = 'ACTIVE'",
                args![now, rid],
            )
            .await?;
        if claimed != 1 {
            continue;
        }
        let after: Option<(i32,)> = tx
            .opt(
                "UPDATE inventory SET on_hand = on_hand - $1, reserved = reserved - $1,
                        version = version + 1, updated_at = $2
                  WHERE variant_id = $3 RETURNING on_hand",
                args![qty, now, variant],
            )
            .await?;
        tx.exec(
            "INSERT INTO inventory_movements (variant_id, delta, on_hand_after, reason, actor, order_id, created_at)
             VALUES ($1, $2, $3, 'SALE', 'system', $4, $5)",
            args![variant, -qty, after.map(|a| i64::from(a.0)), order_id, now],
        )
        .await?;
    }
    Ok(())
}
