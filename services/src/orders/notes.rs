//! Internal notes staff add to an order.

use super::{Actor, audit, db_err, lock_order};
use crate::args;
use crate::db::{Db, Ts};
use shared::errors::AppError;

pub async fn add_note(db: &Db, number: &str, body: &str, actor: &Actor) -> Result<(), AppError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 2000 {
        return Err(AppError::invalid(
            "body",
            "Write the note (up to 2000 characters).",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    tx.exec(
        "INSERT INTO order_notes (order_id, author_user_id, author, body, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        args![order.id, actor.user_id, actor.label.as_str(), body, now],
    )
    .await
    .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "order.note",
        "order",
        Some(order.id),
        serde_json::json!({"number": order.number}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(())
}
