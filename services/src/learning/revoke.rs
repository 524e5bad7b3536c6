//! Taking back what an order granted: a cancellation or full refund revokes everything, a
//! refund of a line revokes that line. Revoking a licence revokes its seats and the access
//! they gave. Idempotent: only grants still active change, so a second call frees nothing.

use super::db_err;
use crate::args;
use crate::db::{Ts, Tx};
use shared::errors::AppError;

/// What a revocation did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Revoked {
    /// Grants revoked (enrolments, licences, seats, registrations, download links).
    pub grants: u64,
    /// Places given back: `(variant, units)` of courses and cohorts with a capacity (their
    /// stock). The caller restocks them unless its own restock already covers the order.
    pub freed: Vec<(i64, i64)>,
}

/// Revokes the grants of `items` (order line ids) of `order_id`, or of every line with `None`.
pub async fn revoke_for_order(
    tx: &mut Tx,
    order_id: i64,
    items: Option<&[i64]>,
    now: Ts,
) -> Result<Revoked, AppError> {
    let lines: Vec<(i64, Option<i64>, i32, bool)> = tx
        .all(
            "SELECT oi.id, oi.variant_id, oi.quantity, COALESCE(v.track_inventory, FALSE)
               FROM order_items oi LEFT JOIN product_variants v ON v.id = oi.variant_id
              WHERE oi.order_id = $1
                AND oi.product_kind IN ('COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION', 'DIGITAL')
              ORDER BY oi.id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let mut out = Revoked::default();
    for (item, variant, quantity, tracked) in lines {
        if items.is_some_and(|only| !only.contains(&item)) {
            continue;
        }
        let n = revoke_line(tx, item, now).await?;
        out.grants += n;
        if let (true, true, Some(variant)) = (n > 0, tracked, variant) {
            out.freed.push((variant, i64::from(quantity)));
        }
    }
    Ok(out)
}

/// Every grant of one order line; how many changed.
async fn revoke_line(tx: &mut Tx, item: i64, now: Ts) -> Result<u64, AppError> {
    let statements = [
        // Access through the line's licence seats first, while the licence still says which.
        "UPDATE enrolments SET status = 'REVOKED', revoked_at = $1
          WHERE status = 'ACTIVE' AND seat_id IN
                (SELECT s.id FROM licence_seats s JOIN licences l ON l.id = s.licence_id
                  WHERE l.order_item_id = $2)",
        "UPDATE licence_seats SET status = 'REVOKED', revoked_at = $1, token_hash = NULL
          WHERE status <> 'REVOKED' AND licence_id IN (SELECT id FROM licences WHERE order_item_id = $2)",
        "UPDATE licences SET status = 'REVOKED', revoked_at = $1
          WHERE order_item_id = $2 AND status = 'ACTIVE'",
        "UPDATE enrolments SET status = 'REVOKED', revoked_at = $1
          WHERE order_item_id = $2 AND status = 'ACTIVE'",
        "UPDATE certification_registrations SET status = 'REVOKED', revoked_at = $1
          WHERE order_item_id = $2 AND status <> 'REVOKED'",
        "UPDATE download_links SET revoked_at = $1 WHERE order_item_id = $2 AND revoked_at IS NULL",
    ];
    let mut changed = 0;
    for sql in statements {
        changed += tx.exec(sql, args![now, item]).await.map_err(db_err)?;
    }
    Ok(changed)
}
