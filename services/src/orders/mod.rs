//! What happens to an order after it is placed: staff moving it through the state machine
//! (confirm, process, fulfil, deliver), cancellation with its compensations, refunds,
//! returns and internal notes. The admin pages, the shopper's pages and the JSON API all
//! call these functions, so the rules are the same everywhere.
//!
//! Every status change is a conditional `UPDATE … WHERE status = <from>` decided by the
//! domain's [`OrderStatus::apply`], with a row in `order_state_history` naming the actor;
//! staff actions also leave an `audit_events` row.

mod admin_list;
mod cancel;
mod detail;
mod fulfil;
mod notes;
mod refund;
mod returns;
mod staff_action;
mod transitions;

pub use admin_list::list_orders;
pub use cancel::{CancelOutcome, cancel_order};
pub use detail::{admin_order, lifecycle, with_lifecycle};
pub use fulfil::{FulfilRequest, fulfil, tracking_url};
pub use notes::add_note;
pub use refund::{RefundRequest, refund_order, retry_pending_refunds};
pub use returns::{ReturnRequest, advance_return, refund_return, request_return};
pub use staff_action::{ActionOutcome, OrderAction, apply_staff_action};
pub use transitions::{advance, confirm_order};

use storefront::{Currency, Money, OrderStatus};

use crate::args;
use crate::db::{Db, Ts, Tx};
use shared::account::CurrentUser;
use shared::errors::AppError;

pub(crate) fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("order query", e)
}

/// Who does something to an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// `staff:<email>`, `customer` or `system`.
    pub label: String,
    pub staff: bool,
}

impl Actor {
    pub fn staff(user: &CurrentUser) -> Actor {
        Actor {
            user_id: Some(user.id),
            label: format!("staff:{}", user.email),
            staff: true,
        }
    }

    pub fn customer(user_id: Option<i64>) -> Actor {
        Actor {
            user_id,
            label: "customer".into(),
            staff: false,
        }
    }

    pub fn system() -> Actor {
        Actor {
            user_id: None,
            label: "system".into(),
            staff: false,
        }
    }
}

/// The order row the lifecycle functions work on.
#[derive(Clone, Debug, sqlx::FromRow)]
pub(crate) struct OrderRow {
    pub id: i64,
    pub number: String,
    pub status: String,
    pub email: String,
    pub user_id: Option<i64>,
    pub currency: crate::db::DbCurrency,
}

impl OrderRow {
    pub fn status(&self) -> Result<OrderStatus, AppError> {
        self.status
            .parse()
            .map_err(|e| AppError::internal("order status", e))
    }

    pub fn currency(&self) -> Currency {
        self.currency.0
    }

    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency())
    }
}

const ORDER_ROW: &str =
    "SELECT id, number, status, email, user_id, CAST(currency AS TEXT) AS currency
   FROM orders WHERE number = $1";

fn not_found(number: &str) -> AppError {
    AppError::NotFound(format!("There is no order {number}."))
}

/// The order, read in `tx` and locked until it ends (PostgreSQL `FOR UPDATE`; a SQLite write
/// transaction already excludes other writers).
pub(crate) async fn lock_order(tx: &mut Tx, number: &str) -> Result<OrderRow, AppError> {
    let sql = format!(
        "{ORDER_ROW}{}",
        crate::db::dialect::for_update(tx.backend())
    );
    tx.opt(&sql, args![number.trim()])
        .await
        .map_err(db_err)?
        .ok_or_else(|| not_found(number))
}

/// The currency of order `number` (404 if there is none).
pub async fn find_order_currency(db: &Db, number: &str) -> Result<Currency, AppError> {
    Ok(find_order(db, number).await?.currency())
}

pub(crate) async fn find_order(db: &Db, number: &str) -> Result<OrderRow, AppError> {
    db.opt(ORDER_ROW, args![number.trim()])
        .await
        .map_err(db_err)?
        .ok_or_else(|| not_found(number))
}

/// "Cannot ship an order that is CANCELLED." as a 409.
pub(crate) fn refused(e: impl std::fmt::Display) -> AppError {
    let text = e.to_string();
    let mut chars = text.chars();
    let shown = match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => text,
    };
    AppError::Conflict(format!("{shown}."))
}

/// Moves the order from its current status by `event` (refused with the machine's reason),
/// stamping `stamp` (a `*_at` column) and writing the history row.
pub(crate) async fn move_status(
    tx: &mut Tx,
    order: &OrderRow,
    event: storefront::OrderEvent,
    actor: &Actor,
    reason: Option<&str>,
    stamp: Option<&str>,
    now: Ts,
) -> Result<OrderStatus, AppError> {
    let from = order.status()?;
    let to = from.apply(event).map_err(refused)?;
    let stamp = stamp.map(|c| format!(", {c} = $1")).unwrap_or_default();
    let moved = tx
        .exec(
            &format!(
                "UPDATE orders SET status = $2, updated_at = $1{stamp} WHERE id = $3 AND status = $4"
            ),
            args![now, to.as_str(), order.id, from.as_str()],
        )
        .await
        .map_err(db_err)?;
    if moved != 1 {
        return Err(AppError::Conflict(format!(
            "Order {} changed meanwhile; reload it and try again.",
            order.number
        )));
    }
    history(
        tx,
        order.id,
        Some(from.as_str()),
        to.as_str(),
        actor,
        reason,
        now,
    )
    .await?;
    Ok(to)
}

pub(crate) async fn history(
    tx: &mut Tx,
    order_id: i64,
    from: Option<&str>,
    to: &str,
    actor: &Actor,
    reason: Option<&str>,
    now: Ts,
) -> Result<(), AppError> {
    tx.exec(
        "INSERT INTO order_state_history (order_id, from_status, to_status, actor, actor_user_id, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        args![order_id, from, to, actor.label.as_str(), actor.user_id, reason, now],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Logs a back-office action (who, what, when, the details).
pub(crate) async fn audit(
    tx: &mut Tx,
    actor: &Actor,
    action: &str,
    entity_type: &str,
    entity_id: Option<i64>,
    changes: serde_json::Value,
    now: Ts,
) -> Result<(), AppError> {
    if !actor.staff {
        return Ok(());
    }
    let json = crate::db::sql::json_param(tx.backend(), 6);
    tx.exec(
        &format!(
            "INSERT INTO audit_events (actor_user_id, actor, action, entity_type, entity_id, changes, created_at)
             VALUES ($1, $2, $3, $4, $5, {json}, $7)"
        ),
        args![
            actor.user_id,
            actor.label.as_str(),
            action,
            entity_type,
            entity_id,
            changes.to_string(),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Puts `qty` units of `variant` back on the shelf, with an inventory movement (`reason`:
/// `CANCELLATION` or `RETURN`) naming the actor and the order.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn restock(
    tx: &mut Tx,
    variant: i64,
    qty: i64,
    reason: &str,
    note: &str,
    actor: &Actor,
    order_id: i64,
    now: Ts,
) -> Result<(), AppError> {
    let after: Option<(i32,)> = tx
        .opt(
            "UPDATE inventory SET on_hand = on_hand + $1, version = version + 1, updated_at = $2
              WHERE variant_id = $3 RETURNING on_hand",
            args![qty, now, variant],
        )
        .await
        .map_err(db_err)?;
    tx.exec(
        "INSERT INTO inventory_movements (variant_id, delta, on_hand_after, reason, note, actor, actor_user_id, order_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        args![
            variant,
            qty,
            after.map(|a| i64::from(a.0)),
            reason,
            note,
            actor.label.as_str(),
            actor.user_id,
            order_id,
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Queues a mail about the order (once per `dedupe`).
pub(crate) async fn mail(
    tx: &mut Tx,
    topic: &str,
    template: &str,
    order: &OrderRow,
    dedupe: String,
    extra: serde_json::Value,
    now: Ts,
) -> Result<(), AppError> {
    let mut payload = serde_json::json!({
        "template": template,
        "order_id": order.id,
        "number": order.number,
        "to": order.email,
    });
    if let (Some(p), serde_json::Value::Object(e)) = (payload.as_object_mut(), extra) {
        p.extend(e);
    }
    let sql = crate::db::sql::outbox_insert(tx.backend()) + " ON CONFLICT (dedupe_key) DO NOTHING";
    tx.exec(&sql, args![topic, payload.to_string(), dedupe, now])
        .await
        .map_err(db_err)?;
    Ok(())
}
