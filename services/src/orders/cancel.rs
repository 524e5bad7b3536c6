//! Cancellation (seed 004, workflow 3) as one saga: the order CANCELLED with the actor and
//! reason, stock back on the shelf, coupon uses given back, the payment voided or refunded,
//! and a mail queued.
//!
//! The first transaction does everything the database alone can do, guarded by the status
//! move (so stock and uses go back once) and records the refund as PENDING. The gateway is
//! called after the commit. If it fails, the order is already consistent (cancelled, refund
//! owed), and calling cancel again, or the background retry, finishes the job with the same
//! idempotency keys: no stock returned twice, no double refund.

use storefront::{Money, OrderEvent, OrderStatus, PaymentStatus};

use super::refund::{payment_row, record_refund, send_pending};
use super::{Actor, OrderRow, audit, db_err, lock_order, mail, move_status, refused, restock};
use crate::args;
use crate::checkout::usage;
use crate::db::{Db, Ts, Tx};
use crate::holds::release_for_order;
use crate::payments::{GatewayError, PaymentGateway};
use shared::errors::AppError;

/// What a cancellation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelOutcome {
    pub status: OrderStatus,
    /// Owed back to the customer by this cancellation (refunded, or being refunded).
    pub refund: Money,
}

/// Cancels order `number` (PENDING, CONFIRMED or PROCESSING); see the module docs. Calling
/// it again on a cancelled order finishes what is left and answers the same.
pub async fn cancel_order(
    db: &Db,
    gateway: &dyn PaymentGateway,
    number: &str,
    actor: &Actor,
    reason: Option<&str>,
) -> Result<CancelOutcome, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(AppError::invalid(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    let (cancelled_at,): (Option<String>,) = tx
        .one(
            "SELECT CAST(cancelled_at AS TEXT) FROM orders WHERE id = $1",
            args![order.id],
        )
        .await
        .map_err(db_err)?;
    let refund_key = format!("refund:cancel:{}", order.number);
    if cancelled_at.is_none() {
        first_pass(&mut tx, &order, actor, reason, &refund_key, now).await?;
        tx.commit().await.map_err(db_err)?;
        tracing::info!(order = order.number, actor = actor.label, "order cancelled");
    } else {
        tx.rollback().await.map_err(db_err)?;
    }
    void_authorisation(db, gateway, &order).await?;
    send_pending(db, gateway, order.id, actor).await?;
    let (status, refund): (String, Option<i64>) = db
        .one(
            "SELECT o.status, (SELECT amount FROM refunds r WHERE r.idempotency_key = $2)
               FROM orders o WHERE o.id = $1",
            args![order.id, refund_key],
        )
        .await
        .map_err(db_err)?;
    Ok(CancelOutcome {
        status: status
            .parse()
            .map_err(|e| AppError::internal("order status", e))?,
        refund: order.money(refund.unwrap_or(0)),
    })
}

/// The database half of a cancellation, in the caller's transaction: the status move, stock
/// and coupon uses given back, the refund owed recorded as PENDING, the mail and the audit row.
async fn first_pass(
    tx: &mut Tx,
    order: &OrderRow,
    actor: &Actor,
    reason: Option<&str>,
    refund_key: &str,
    now: Ts,
) -> Result<(), AppError> {
    check_cancellable(order)?;
    let shown_reason = reason_to_show(actor, reason);
    move_status(
        tx,
        order,
        OrderEvent::Cancel,
        actor,
        Some(&shown_reason),
        Some("cancelled_at"),
        now,
    )
    .await?;
    tx.exec(
        "UPDATE orders SET cancel_reason = $1 WHERE id = $2",
        args![shown_reason.as_str(), order.id],
    )
    .await
    .map_err(db_err)?;
    // Held but not yet sold (a PENDING order): the holds end.
    release_for_order(tx, order.id, now).await.map_err(db_err)?;
    restock_sold(tx, order, actor, now).await?;
    // Access ends with the order; the places it held came back with the restock above.
    crate::learning::revoke::revoke_for_order(tx, order.id, None, now).await?;
    let customer = usage::customer_key(order.user_id, &order.email);
    usage::give_back(tx, order.id, &customer, now)
        .await
        .map_err(db_err)?;
    refund_captured(tx, order, actor, &shown_reason, refund_key, now).await?;
    mail(
        tx,
        "order.cancelled",
        "order_cancelled",
        order,
        format!("order-cancelled:{}", order.id),
        serde_json::json!({"reason": shown_reason}),
        now,
    )
    .await?;
    audit(
        tx,
        actor,
        "order.cancel",
        "order",
        Some(order.id),
        serde_json::json!({"number": order.number, "from": order.status, "reason": shown_reason}),
        now,
    )
    .await?;
    Ok(())
}

/// Refuses an order the status machine won't cancel (a shipped one is told about returns).
fn check_cancellable(order: &OrderRow) -> Result<(), AppError> {
    let status = order.status()?;
    if let Err(e) = status.apply(OrderEvent::Cancel) {
        return Err(match status {
            OrderStatus::Shipped => AppError::Conflict(format!(
                "Order {} has already shipped, so it can no longer be cancelled. Once it arrives you can request a return.",
                order.number
            )),
            OrderStatus::Delivered => AppError::Conflict(format!(
                "Order {} has been delivered, so it can no longer be cancelled. You can request a return of goods, or contact us about a refund for courses and downloads.",
                order.number
            )),
            _ => refused(e),
        });
    }
    Ok(())
}

/// The reason recorded and shown: the one given, else who cancelled.
fn reason_to_show(actor: &Actor, reason: Option<&str>) -> String {
    reason.map(str::to_string).unwrap_or_else(|| {
        if actor.staff {
            "Cancelled by the shop".into()
        } else {
            "Cancelled at the customer's request".into()
        }
    })
}

/// Sold units back on the shelf, with a CANCELLATION movement per variant, and the products'
/// sales counts lowered to match.
async fn restock_sold(
    tx: &mut Tx,
    order: &OrderRow,
    actor: &Actor,
    now: Ts,
) -> Result<(), AppError> {
    let sold: Vec<(i64, i64)> = tx
        .all(
            "SELECT variant_id, CAST(-SUM(delta) AS BIGINT) FROM inventory_movements
              WHERE order_id = $1 AND reason = 'SALE' GROUP BY variant_id ORDER BY variant_id",
            args![order.id],
        )
        .await
        .map_err(db_err)?;
    for (variant, qty) in sold.into_iter().filter(|(_, q)| *q > 0) {
        let note = format!("Order {} cancelled", order.number);
        restock(
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
        tx.exec(
            "UPDATE products SET sales_count = CASE WHEN sales_count >= $1 THEN sales_count - $1 ELSE 0 END
              WHERE id = (SELECT product_id FROM product_variants WHERE id = $2)",
            args![qty, variant],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Captured funds not yet refunded are owed back: recorded as a PENDING refund under
/// `refund_key`, sent to the gateway after the commit.
async fn refund_captured(
    tx: &mut Tx,
    order: &OrderRow,
    actor: &Actor,
    shown_reason: &str,
    refund_key: &str,
    now: Ts,
) -> Result<(), AppError> {
    if let Some(p) = payment_row(tx, order.id).await?
        && p.status
            .parse::<PaymentStatus>()
            .is_ok_and(|s| s.holds_captured_funds())
    {
        let left = p.captured_amount - p.refunded_amount;
        if left > 0 {
            record_refund(
                tx,
                order,
                &p,
                order.money(left),
                &[],
                Some(shown_reason),
                refund_key,
                None,
                actor,
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// An authorisation (or a payment still waiting for 3-D Secure) of a cancelled order is
/// released at the gateway, then marked VOIDED.
async fn void_authorisation(
    db: &Db,
    gateway: &dyn PaymentGateway,
    order: &OrderRow,
) -> Result<(), AppError> {
    let open: Option<(i64, String)> = db
        .opt(
            "SELECT p.id, p.provider_payment_id FROM payments p JOIN orders o ON o.id = p.order_id
              WHERE p.order_id = $1 AND o.status = 'CANCELLED'
                AND p.status IN ('PENDING', 'AUTHORIZED') AND p.provider_payment_id IS NOT NULL
              ORDER BY p.id DESC LIMIT 1",
            args![order.id],
        )
        .await
        .map_err(db_err)?;
    let Some((payment_id, reference)) = open else {
        return Ok(());
    };
    match gateway
        .cancel(&reference, &format!("void:{}", order.number))
        .await
    {
        Ok(()) | Err(GatewayError::Declined { .. }) => {
            // Declined: nothing left to release (already cancelled or expired at the bank).
            let now = Ts::now();
            let mut tx = db.begin_write().await.map_err(db_err)?;
            tx.exec(
                "UPDATE payments SET status = 'VOIDED', updated_at = $1
                  WHERE id = $2 AND status IN ('PENDING', 'AUTHORIZED')",
                args![now, payment_id],
            )
            .await
            .map_err(db_err)?;
            tx.exec(
                "UPDATE orders SET payment_status = 'VOIDED', updated_at = $1 WHERE id = $2",
                args![now, order.id],
            )
            .await
            .map_err(db_err)?;
            tx.commit().await.map_err(db_err)?;
            Ok(())
        }
        Err(GatewayError::Unavailable(why)) => Err(AppError::Unavailable(format!(
            "Order {} is cancelled, but the payment service did not answer ({why}); the authorisation will be released when it is tried again.",
            order.number
        ))),
    }
}
