//! The plain moves: confirm a pending order, start processing, mark delivered.

use storefront::{OrderEvent, OrderStatus};

use super::{Actor, audit, db_err, find_order, lock_order, mail, move_status, refused};
use crate::args;
use crate::checkout::settle::{self, Settled};
use crate::db::{Db, Ts};
use crate::payments::PaymentGateway;
use shared::errors::AppError;

/// Confirms a PENDING order, which needs its payment: the gateway is asked again, an
/// authorisation is captured, and an order with nothing to pay is confirmed as is. A payment
/// that is still open (3-D Secure, processing) or refused leaves a 409 saying so.
pub async fn confirm_order(
    db: &Db,
    gateway: &dyn PaymentGateway,
    number: &str,
    actor: &Actor,
) -> Result<OrderStatus, AppError> {
    let order = find_order(db, number).await?;
    let status = order.status()?;
    status.apply(OrderEvent::Confirm).map_err(refused)?;
    let payment = settle::order_payment(db, order.id).await?;
    let settled = match payment {
        None => {
            settle::confirm(db, order.id, None).await?;
            Settled::Confirmed
        }
        Some(p) => {
            match settle::reconcile(db, gateway, p.reference.as_deref(), Some(&p.number)).await? {
                Some((_, s)) => s,
                None => Settled::Pending,
            }
        }
    };
    match settled {
        Settled::Confirmed => {
            let now = Ts::now();
            let mut tx = db.begin_write().await.map_err(db_err)?;
            audit(
                &mut tx,
                actor,
                "order.confirm",
                "order",
                Some(order.id),
                serde_json::json!({"number": order.number}),
                now,
            )
            .await?;
            tx.commit().await.map_err(db_err)?;
            Ok(OrderStatus::Confirmed)
        }
        Settled::Refused(why) => Err(AppError::Conflict(format!(
            "The payment for {} was refused, so the order was cancelled: {why}",
            order.number
        ))),
        Settled::Action(_) | Settled::Pending => Err(AppError::Conflict(format!(
            "The payment for {} has not been completed yet; the order can be confirmed once it is.",
            order.number
        ))),
    }
}

/// `start_processing` (CONFIRMED → PROCESSING) or `deliver` (SHIPPED → DELIVERED). Shipping
/// goes through [`super::fulfil`], confirming through [`confirm_order`] and cancelling
/// through [`super::cancel_order`].
pub async fn advance(
    db: &Db,
    number: &str,
    event: OrderEvent,
    actor: &Actor,
) -> Result<OrderStatus, AppError> {
    let stamp = match event {
        OrderEvent::StartProcessing => None,
        OrderEvent::Deliver => Some("delivered_at"),
        other => {
            return Err(AppError::bad(format!(
                "Use the {} action for that.",
                other.verb()
            )));
        }
    };
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    let to = move_status(&mut tx, &order, event, actor, None, stamp, now).await?;
    if event == OrderEvent::Deliver {
        tx.exec(
            "UPDATE fulfillments SET status = 'DELIVERED', delivered_at = $1, updated_at = $1
              WHERE order_id = $2 AND status IN ('PENDING', 'SHIPPED', 'IN_TRANSIT')",
            args![now, order.id],
        )
        .await
        .map_err(db_err)?;
        mail(
            &mut tx,
            "order.delivered",
            "order_delivered",
            &order,
            format!("order-delivered:{}", order.id),
            serde_json::json!({}),
            now,
        )
        .await?;
    }
    audit(
        &mut tx,
        actor,
        &format!("order.{}", event.verb().replace(' ', "_")),
        "order",
        Some(order.id),
        serde_json::json!({"number": order.number, "from": order.status, "to": to.as_str()}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(to)
}
