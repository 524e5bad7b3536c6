//! Cart lifecycle: idle carts with items become ABANDONED (the input of recovery emails);
//! guest carts idle past the expiry become EXPIRED. Signed-in shoppers' carts persist.

use std::time::Duration;

use super::db_err;
use crate::args;
use crate::db::{Db, Ts};
use shared::errors::AppError;

/// One pass; returns `(abandoned, expired)` counts. Safe on several instances at once.
pub async fn sweep(
    db: &Db,
    abandon_after: Duration,
    expire_after: Duration,
) -> Result<(u64, u64), AppError> {
    let now = Ts::now();
    let abandoned = db
        .exec(
            "UPDATE carts SET status = 'ABANDONED', abandoned_at = $1, updated_at = $1
              WHERE status = 'ACTIVE' AND last_activity_at < $2
                AND EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = carts.id)",
            args![now, now.minus(abandon_after)],
        )
        .await
        .map_err(db_err)?;
    let expired = db
        .exec(
            "UPDATE carts SET status = 'EXPIRED', expires_at = $1, updated_at = $1
              WHERE status IN ('ACTIVE', 'ABANDONED') AND user_id IS NULL AND last_activity_at < $2",
            args![now, now.minus(expire_after)],
        )
        .await
        .map_err(db_err)?;
    Ok((abandoned, expired))
}
