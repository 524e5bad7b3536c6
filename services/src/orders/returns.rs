//! Returns of delivered orders: the customer asks (items + reason), staff approve or reject,
//! receive the parcel (stock goes back for restockable items) and refund the returned lines.

use storefront::{LinePick, OrderStatus, ReturnEvent, ReturnStatus};

use super::refund::RefundRequest;
use super::{Actor, audit, db_err, history, lock_order, mail, refund_order, refused, restock};
use crate::args;
use crate::db::{Db, Ts};
use crate::payments::PaymentGateway;
use shared::errors::AppError;

/// The customer's request.
#[derive(Clone, Debug, Default)]
pub struct ReturnRequest {
    pub lines: Vec<LinePick>,
    pub reason: String,
}

const RETURN_STATUS: &str = "SELECT status FROM returns WHERE id = $1 AND order_id = $2";

/// The status read with [`RETURN_STATUS`]; 404 when the order has no such return.
fn return_status(
    row: Option<(String,)>,
    number: &str,
    return_id: i64,
) -> Result<ReturnStatus, AppError> {
    let (status,) = row
        .ok_or_else(|| AppError::NotFound(format!("Order {number} has no return {return_id}.")))?;
    status
        .parse()
        .map_err(|e: String| AppError::internal("return status", e))
}

/// (order item id, quantity, fulfilled, returned, units in open returns)
type Returnable = (i64, i32, i32, i32, i64);

/// Opens a return for a DELIVERED order. Returns its id.
pub async fn request_return(
    db: &Db,
    number: &str,
    req: &ReturnRequest,
    actor: &Actor,
) -> Result<i64, AppError> {
    let reason = req.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::invalid(
            "reason",
            "Tell us why you are returning the items (up to 500 characters).",
        ));
    }
    let picks: Vec<LinePick> = req
        .lines
        .iter()
        .copied()
        .filter(|p| p.quantity > 0)
        .collect();
    if picks.is_empty() {
        return Err(AppError::invalid(
            "lines",
            "Choose at least one item to return.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    let status = order.status()?;
    if status != OrderStatus::Delivered {
        return Err(AppError::Conflict(format!(
            "Returns can be requested once an order is delivered; order {} is {}.",
            order.number,
            shared::order::status_label(status).to_lowercase()
        )));
    }
    let lines: Vec<Returnable> = tx
        .all(
            "SELECT i.id, i.quantity, i.quantity_fulfilled, i.quantity_returned,
                    CAST(COALESCE((SELECT SUM(ri.quantity) FROM return_items ri JOIN returns r ON r.id = ri.return_id
                       WHERE ri.order_item_id = i.id AND r.status IN ('REQUESTED', 'APPROVED', 'RECEIVED')), 0) AS BIGINT)
               FROM order_items i WHERE i.order_id = $1 AND i.parent_item_id IS NULL",
            args![order.id],
        )
        .await
        .map_err(db_err)?;
    for (i, p) in picks.iter().enumerate() {
        if picks[..i]
            .iter()
            .any(|q| q.order_item_id == p.order_item_id)
        {
            return Err(AppError::invalid("lines", "An item is listed twice."));
        }
        let Some(&(_, _, fulfilled, returned, open)) =
            lines.iter().find(|l| l.0 == p.order_item_id)
        else {
            return Err(AppError::invalid(
                "lines",
                format!("Item {} is not part of this order.", p.order_item_id),
            ));
        };
        let left = i64::from(fulfilled) - i64::from(returned) - open;
        if i64::from(p.quantity) > left {
            return Err(AppError::invalid(
                "lines",
                format!(
                    "Only {} of item {} can still be returned.",
                    left.max(0),
                    p.order_item_id
                ),
            ));
        }
    }
    let (return_id,): (i64,) = tx
        .one(
            "INSERT INTO returns (order_id, user_id, status, reason, created_at, updated_at)
             VALUES ($1, $2, 'REQUESTED', $3, $4, $4) RETURNING id",
            args![order.id, order.user_id, reason, now],
        )
        .await
        .map_err(db_err)?;
    for p in &picks {
        tx.exec(
            "INSERT INTO return_items (return_id, order_item_id, quantity, reason) VALUES ($1, $2, $3, $4)",
            args![return_id, p.order_item_id, i64::from(p.quantity), reason],
        )
        .await
        .map_err(db_err)?;
    }
    history(
        &mut tx,
        order.id,
        Some("DELIVERED"),
        "DELIVERED",
        actor,
        Some(&format!("Return requested: {reason}")),
        now,
    )
    .await?;
    mail(
        &mut tx,
        "return.requested",
        "return_requested",
        &order,
        format!("return-requested:{return_id}"),
        serde_json::json!({"return_id": return_id}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(return_id)
}

/// Approve, reject, receive (restocking the items) or cancel return `return_id` of order
/// `number`, as the return table allows.
pub async fn advance_return(
    db: &Db,
    number: &str,
    return_id: i64,
    event: ReturnEvent,
    actor: &Actor,
) -> Result<ReturnStatus, AppError> {
    if event == ReturnEvent::Refund {
        return Err(AppError::bad("Refund a return with the refund action."));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    let row = tx
        .opt(RETURN_STATUS, args![return_id, order.id])
        .await
        .map_err(db_err)?;
    let from = return_status(row, &order.number, return_id)?;
    let to = from.apply(event).map_err(refused)?;
    let stamp = match event {
        ReturnEvent::Approve => ", approved_at = $1",
        ReturnEvent::Receive => ", received_at = $1",
        _ => ", resolved_at = $1",
    };
    tx.exec(
        &format!(
            "UPDATE returns SET status = $2, updated_at = $1{stamp} WHERE id = $3 AND status = $4"
        ),
        args![now, to.as_str(), return_id, from.as_str()],
    )
    .await
    .map_err(db_err)?;
    if event == ReturnEvent::Receive {
        let items: Vec<(i64, i32, bool, Option<i64>)> = tx
            .all(
                "SELECT ri.order_item_id, ri.quantity, ri.restock, i.variant_id
                   FROM return_items ri JOIN order_items i ON i.id = ri.order_item_id
                  WHERE ri.return_id = $1",
                args![return_id],
            )
            .await
            .map_err(db_err)?;
        for (item, qty, back_on_shelf, variant) in items {
            tx.exec(
                "UPDATE order_items SET quantity_returned = quantity_returned + $1 WHERE id = $2",
                args![i64::from(qty), item],
            )
            .await
            .map_err(db_err)?;
            if let (true, Some(v)) = (back_on_shelf, variant) {
                let note = format!("Return {return_id} of order {}", order.number);
                restock(
                    &mut tx,
                    v,
                    i64::from(qty),
                    "RETURN",
                    &note,
                    actor,
                    order.id,
                    now,
                )
                .await?;
            }
        }
        let (all_back,): (i64,) = tx
            .one(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM order_items
                  WHERE order_id = $1 AND parent_item_id IS NULL AND quantity_returned < quantity",
                args![order.id],
            )
            .await
            .map_err(db_err)?;
        tx.exec(
            "UPDATE orders SET fulfillment_status = $1, updated_at = $2 WHERE id = $3",
            args![
                if all_back == 0 {
                    "RETURNED"
                } else {
                    "PARTIALLY_RETURNED"
                },
                now,
                order.id
            ],
        )
        .await
        .map_err(db_err)?;
    }
    let what = match event {
        ReturnEvent::Approve => "approved",
        ReturnEvent::Reject => "rejected",
        ReturnEvent::Receive => "received",
        ReturnEvent::Cancel => "cancelled",
        ReturnEvent::Refund => "refunded",
    };
    history(
        &mut tx,
        order.id,
        Some(order.status.as_str()),
        order.status.as_str(),
        actor,
        Some(&format!("Return {return_id} {what}")),
        now,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        &format!("return.{}", event.verb()),
        "order",
        Some(order.id),
        serde_json::json!({"number": order.number, "return_id": return_id, "to": to.as_str()}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(to)
}

/// Refunds the lines of a RECEIVED return; the return becomes REFUNDED when the gateway
/// confirms.
pub async fn refund_return(
    db: &Db,
    gateway: &dyn PaymentGateway,
    number: &str,
    return_id: i64,
    actor: &Actor,
) -> Result<storefront::Money, AppError> {
    let order = super::find_order(db, number).await?;
    let row = db
        .opt(RETURN_STATUS, args![return_id, order.id])
        .await
        .map_err(db_err)?;
    let from = return_status(row, &order.number, return_id)?;
    from.apply(ReturnEvent::Refund).map_err(refused)?;
    let items: Vec<(i64, i32)> = db
        .all(
            "SELECT order_item_id, quantity FROM return_items WHERE return_id = $1 ORDER BY id",
            args![return_id],
        )
        .await
        .map_err(db_err)?;
    let lines = items
        .into_iter()
        .map(|(id, q)| LinePick {
            order_item_id: id,
            quantity: u32::try_from(q).unwrap_or(0),
        })
        .collect();
    refund_order(
        db,
        gateway,
        number,
        &RefundRequest {
            lines,
            reason: Some(format!("Return {return_id}")),
            key: Some(format!("return:{return_id}")),
            return_id: Some(return_id),
            ..RefundRequest::default()
        },
        actor,
    )
    .await
}
