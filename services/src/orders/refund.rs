//! Refunds: by amount or by line, never more than was captured. A refund is recorded
//! PENDING (with the lines it covers and an idempotency key) in the same transaction that
//! checks it, then sent to the gateway, then marked SUCCEEDED or FAILED. A crash or an
//! outage in between leaves a PENDING row that [`retry_pending_refunds`] (or the next call)
//! sends again with the same key, so the gateway refunds once.

use storefront::payment::PaymentEvent;
use storefront::{LinePick, LineState, Money, OrderEvent, plan_line_refund};

use super::fulfil::line_states;
use super::{Actor, OrderRow, audit, db_err, history, lock_order, move_status};
use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::payments::{GatewayError, PaymentGateway};
use shared::errors::AppError;

/// What to refund: `lines`, or `amount` (minor units), or — with neither — everything left.
#[derive(Clone, Debug, Default)]
pub struct RefundRequest {
    pub amount: Option<i64>,
    pub lines: Vec<LinePick>,
    pub reason: Option<String>,
    /// Makes a retried request refund once (`Idempotency-Key`).
    pub key: Option<String>,
    /// The return this refund pays back (set by [`super::refund_return`]).
    pub return_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PaymentRow {
    pub id: i64,
    pub status: String,
    pub captured_amount: i64,
    pub refunded_amount: i64,
}

pub(crate) async fn payment_row(
    tx: &mut Tx,
    order_id: i64,
) -> Result<Option<PaymentRow>, AppError> {
    tx.opt(
        "SELECT id, status, captured_amount, refunded_amount
           FROM payments WHERE order_id = $1 ORDER BY id DESC LIMIT 1",
        args![order_id],
    )
    .await
    .map_err(db_err)
}

/// Refunds still on their way to the gateway.
async fn pending_total(tx: &mut Tx, payment_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = tx
        .one(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM refunds
              WHERE payment_id = $1 AND status = 'PENDING'",
            args![payment_id],
        )
        .await
        .map_err(db_err)?;
    Ok(n)
}

/// Records a PENDING refund of `amount` (checked against what is left) in `tx`. `None` when a
/// refund with `key` exists already (a retry).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_refund(
    tx: &mut Tx,
    order: &OrderRow,
    payment: &PaymentRow,
    amount: Money,
    lines: &[LinePick],
    reason: Option<&str>,
    key: &str,
    return_id: Option<i64>,
    actor: &Actor,
    now: Ts,
) -> Result<Option<i64>, AppError> {
    let exists: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM refunds WHERE idempotency_key = $1",
            args![key],
        )
        .await
        .map_err(db_err)?;
    if exists.is_some() {
        return Ok(None);
    }
    let already = payment.refunded_amount + pending_total(tx, payment.id).await?;
    PaymentEvent::refund(
        amount,
        order.money(payment.captured_amount),
        order.money(already),
    )
    .map_err(|e| AppError::invalid("amount", e.to_string()))?;
    let lines_json = serde_json::to_string(lines).unwrap_or_else(|_| "[]".into());
    let json = crate::db::sql::json_param(tx.backend(), 9);
    let (id,): (i64,) = tx
        .one(
            &format!(
                "INSERT INTO refunds (payment_id, order_id, return_id, amount, currency, reason, status,
                                      idempotency_key, lines, created_by_user_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, {json}, $8, $10, $10) RETURNING id"
            ),
            args![
                payment.id,
                order.id,
                return_id,
                amount.minor(),
                order.currency().code(),
                reason,
                key,
                actor.user_id,
                lines_json,
                now
            ],
        )
        .await
        .map_err(db_err)?;
    for p in lines {
        tx.exec(
            "UPDATE order_items SET quantity_refunded = quantity_refunded + $1 WHERE id = $2 AND order_id = $3",
            args![i64::from(p.quantity), p.order_item_id, order.id],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(Some(id))
}

/// Refunds part or all of an order's captured payment (staff). Returns the amount refunded
/// by this call.
pub async fn refund_order(
    db: &Db,
    gateway: &dyn PaymentGateway,
    number: &str,
    req: &RefundRequest,
    actor: &Actor,
) -> Result<Money, AppError> {
    let reason = req
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(AppError::invalid(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    let payment = payment_row(&mut tx, order.id).await?.filter(|p| {
        p.status
            .parse::<storefront::PaymentStatus>()
            .is_ok_and(|s| s.holds_captured_funds())
    });
    let Some(payment) = payment else {
        return Err(AppError::Conflict(format!(
            "Nothing has been captured for order {}, so there is nothing to refund.",
            order.number
        )));
    };
    let lines: Vec<LinePick> = req
        .lines
        .iter()
        .copied()
        .filter(|p| p.quantity > 0)
        .collect();
    let amount = match (req.amount, lines.is_empty()) {
        (Some(_), false) => {
            return Err(AppError::invalid(
                "amount",
                "Refund either lines or an amount, not both.",
            ));
        }
        (Some(a), true) => order.money(a),
        (None, false) => {
            let states: Vec<LineState> = line_states(&mut tx, &order)
                .await?
                .into_iter()
                .map(|(l, _)| l)
                .collect();
            plan_line_refund(&states, &lines)
                .map_err(|e| AppError::invalid("lines", e.to_string()))?
        }
        (None, true) => {
            let left = payment.captured_amount
                - payment.refunded_amount
                - pending_total(&mut tx, payment.id).await?;
            if left <= 0 {
                return Err(AppError::Conflict(format!(
                    "Order {} has been refunded in full already.",
                    order.number
                )));
            }
            order.money(left)
        }
    };
    let (count,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM refunds WHERE order_id = $1",
            args![order.id],
        )
        .await
        .map_err(db_err)?;
    let key = match &req.key {
        Some(k) => format!("refund:{}:key:{k}", order.number),
        None => format!("refund:{}:{}", order.number, count + 1),
    };
    let recorded = record_refund(
        &mut tx,
        &order,
        &payment,
        amount,
        &lines,
        reason,
        &key,
        req.return_id,
        actor,
        now,
    )
    .await?;
    if recorded.is_some() {
        audit(
            &mut tx,
            actor,
            "order.refund",
            "order",
            Some(order.id),
            serde_json::json!({
                "number": order.number, "amount": amount.minor(), "lines": lines, "reason": reason
            }),
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(db_err)?;
    send_pending(db, gateway, order.id, actor).await?;
    Ok(amount)
}

#[derive(sqlx::FromRow)]
struct Pending {
    id: i64,
    amount: i64,
    idempotency_key: Option<String>,
    reference: Option<String>,
    number: String,
    currency: crate::db::DbCurrency,
}

/// Sends the order's PENDING refunds to the gateway and books the answers. An outage leaves
/// them PENDING and answers 503; a refusal marks them FAILED (their units can be refunded
/// again) and answers 409.
pub(crate) async fn send_pending(
    db: &Db,
    gateway: &dyn PaymentGateway,
    order_id: i64,
    actor: &Actor,
) -> Result<(), AppError> {
    let pending: Vec<Pending> = db
        .all(
            "SELECT r.id, r.amount, r.idempotency_key, p.provider_payment_id AS reference,
                    o.number, CAST(o.currency AS TEXT) AS currency
               FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN orders o ON o.id = r.order_id
              WHERE r.order_id = $1 AND r.status = 'PENDING' ORDER BY r.id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let mut problem = None;
    for r in pending {
        let number = r.number.as_str();
        let money = Money::new(r.amount, r.currency.0);
        let key = r
            .idempotency_key
            .clone()
            .unwrap_or_else(|| format!("refund:{}", r.id));
        let answer = match &r.reference {
            Some(reference) => gateway.refund(reference, money, &key).await,
            // Paid without a gateway reference (nothing was charged through one).
            None => Ok(format!("manual_{}", r.id)),
        };
        match answer {
            Ok(provider_id) => book(db, order_id, r.id, &provider_id, actor).await?,
            Err(GatewayError::Unavailable(why)) => {
                tracing::warn!(
                    order = number,
                    refund = r.id,
                    why,
                    "refund not sent; will retry"
                );
                problem = Some(AppError::Unavailable(format!(
                    "The refund of {money} for {number} is recorded but the payment service did not answer; it will be sent again shortly."
                )));
            }
            Err(GatewayError::Declined { message, .. }) => {
                fail(db, order_id, r.id, &message).await?;
                problem = Some(AppError::Conflict(format!(
                    "The payment service refused the refund of {money} for {number}: {message}"
                )));
            }
        }
    }
    problem.map_or(Ok(()), Err)
}

/// The gateway refunded: the refund SUCCEEDED, the payment and order totals move, and a
/// fully refunded delivered or cancelled order becomes REFUNDED — once.
async fn book(
    db: &Db,
    order_id: i64,
    refund_id: i64,
    provider_id: &str,
    actor: &Actor,
) -> Result<(), AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let moved = tx
        .exec(
            "UPDATE refunds SET status = 'SUCCEEDED', provider_refund_id = $1, processed_at = $2,
                    updated_at = $2
              WHERE id = $3 AND status = 'PENDING'",
            args![provider_id, now, refund_id],
        )
        .await
        .map_err(db_err)?;
    if moved != 1 {
        tx.rollback().await.map_err(db_err)?;
        return Ok(());
    }
    let (payment_id, amount, return_id): (i64, i64, Option<i64>) = tx
        .one(
            "SELECT payment_id, amount, return_id FROM refunds WHERE id = $1",
            args![refund_id],
        )
        .await
        .map_err(db_err)?;
    let (captured, refunded): (i64, i64) = tx
        .one(
            "UPDATE payments SET refunded_amount = refunded_amount + $1, updated_at = $2
              WHERE id = $3 RETURNING captured_amount, refunded_amount",
            args![amount, now, payment_id],
        )
        .await
        .map_err(db_err)?;
    let status = if refunded >= captured {
        "REFUNDED"
    } else {
        "PARTIALLY_REFUNDED"
    };
    tx.exec(
        "UPDATE payments SET status = $1 WHERE id = $2",
        args![status, payment_id],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "UPDATE orders SET refunded_amount = refunded_amount + $1, payment_status = $2, updated_at = $3
          WHERE id = $4",
        args![amount, status, now, order_id],
    )
    .await
    .map_err(db_err)?;
    let order: OrderRow = tx
        .one(
            "SELECT id, number, status, email, user_id, CAST(currency AS TEXT) AS currency
               FROM orders WHERE id = $1",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let shown = order.money(amount);
    let full = status == "REFUNDED";
    let event = OrderEvent::Refund {
        payment_captured: true,
    };
    if full && order.status()?.apply(event).is_ok() {
        move_status(
            &mut tx,
            &order,
            event,
            actor,
            Some(&format!("Refunded {shown}")),
            None,
            now,
        )
        .await?;
    } else {
        let s = order.status()?;
        history(
            &mut tx,
            order.id,
            Some(s.as_str()),
            s.as_str(),
            actor,
            Some(&format!("Refunded {shown}")),
            now,
        )
        .await?;
    }
    revoke_refunded(&mut tx, &order, full, actor, now).await?;
    if let Some(rid) = return_id {
        tx.exec(
            "UPDATE returns SET status = 'REFUNDED', resolved_at = $1, updated_at = $1
              WHERE id = $2 AND status = 'RECEIVED'",
            args![now, rid],
        )
        .await
        .map_err(db_err)?;
    }
    super::mail(
        &mut tx,
        "order.refunded",
        "order_refunded",
        &order,
        format!("order-refunded:{refund_id}"),
        serde_json::json!({"amount": amount, "currency": order.currency().code()}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(order = order.number, amount, "refund booked");
    Ok(())
}

/// Access paid for by refunded money ends: everything on a full refund, else the lines refunded
/// in full. Places in a capped course or cohort go back on sale.
async fn revoke_refunded(
    tx: &mut Tx,
    order: &OrderRow,
    full: bool,
    actor: &Actor,
    now: Ts,
) -> Result<(), AppError> {
    let lines: Option<Vec<i64>> = if full {
        None
    } else {
        let rows: Vec<(i64,)> = tx
            .all(
                "SELECT id FROM order_items WHERE order_id = $1 AND quantity_refunded >= quantity",
                args![order.id],
            )
            .await
            .map_err(db_err)?;
        Some(rows.into_iter().map(|(id,)| id).collect())
    };
    let revoked =
        crate::learning::revoke::revoke_for_order(tx, order.id, lines.as_deref(), now).await?;
    let note = format!("Order {} refunded: place freed", order.number);
    for (variant, qty) in revoked.freed {
        super::restock(
            tx,
            variant,
            qty,
            "CANCELLATION",
            &note,
            actor,
            order.id,
            now,
        )
        .await?;
    }
    Ok(())
}

/// The gateway refused: the refund FAILED and its units can be refunded again.
async fn fail(db: &Db, order_id: i64, refund_id: i64, message: &str) -> Result<(), AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let moved = tx
        .exec(
            "UPDATE refunds SET status = 'FAILED', failure_message = $1, updated_at = $2
              WHERE id = $3 AND status = 'PENDING'",
            args![message, now, refund_id],
        )
        .await
        .map_err(db_err)?;
    if moved == 1 {
        let (lines,): (String,) = tx
            .one(
                "SELECT CAST(lines AS TEXT) FROM refunds WHERE id = $1",
                args![refund_id],
            )
            .await
            .map_err(db_err)?;
        let picks: Vec<LinePick> = serde_json::from_str(&lines).unwrap_or_default();
        for p in picks {
            tx.exec(
                "UPDATE order_items SET quantity_refunded = quantity_refunded - $1
                  WHERE id = $2 AND order_id = $3 AND quantity_refunded >= $1",
                args![i64::from(p.quantity), p.order_item_id, order_id],
            )
            .await
            .map_err(db_err)?;
        }
    }
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

/// Sends every PENDING refund again (the background job; also after a crash). Returns how
/// many orders had some.
pub async fn retry_pending_refunds(
    db: &Db,
    gateway: &dyn PaymentGateway,
) -> Result<usize, AppError> {
    let orders: Vec<(i64,)> = db
        .all(
            "SELECT DISTINCT order_id FROM refunds WHERE status = 'PENDING' ORDER BY order_id LIMIT 100",
            args![],
        )
        .await
        .map_err(db_err)?;
    for (order_id,) in &orders {
        if let Err(e) = send_pending(db, gateway, *order_id, &Actor::system()).await {
            tracing::warn!(order_id, error = %e, "pending refund still not sent");
        }
    }
    Ok(orders.len())
}
