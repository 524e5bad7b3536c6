//! Loading an order's lifecycle (timeline, shipments, lines, refunds, returns) for the
//! shopper's order page, the admin order page and the API.

use storefront::{Currency, Money, OrderEvent, OrderStatus, PaymentStatus};

use super::db_err;
use crate::args;
use crate::db::{Db, Parsed};
use shared::errors::AppError;
use shared::order::OrderView;
use shared::order::{
    AdminOrder, LineView, NoteView, OrderLifecycle, RefundView, ReturnView, ShipmentView,
    TimelineEntry,
};

#[derive(sqlx::FromRow)]
struct Head {
    id: i64,
    status: String,
    fulfillment_status: String,
    currency: crate::db::DbCurrency,
    user_id: Option<i64>,
}

/// "2 × Tee (M)".
fn item_label(q: i32, name: &str, variant: &str) -> String {
    if variant.is_empty() {
        format!("{q} × {name}")
    } else {
        format!("{q} × {name} ({variant})")
    }
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    at: String,
    from_status: Option<Parsed<OrderStatus>>,
    to_status: Parsed<OrderStatus>,
    actor: String,
    reason: Option<String>,
}

/// The status history, oldest first.
async fn timeline(db: &Db, order_id: i64) -> Result<Vec<TimelineEntry>, AppError> {
    let rows: Vec<HistoryRow> = db
        .all(
            "SELECT CAST(created_at AS TEXT) AS at, from_status, to_status, actor, reason
               FROM order_state_history WHERE order_id = $1 ORDER BY created_at, id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| TimelineEntry {
            at: r.at,
            from_status: r.from_status.map(|s| s.0),
            to_status: r.to_status.0,
            actor: r.actor,
            reason: r.reason,
        })
        .collect())
}

/// The shipments with what each carried.
async fn shipments(db: &Db, order_id: i64) -> Result<Vec<ShipmentView>, AppError> {
    let shipments: Vec<(i64, String, String, Option<String>, String)> = db
        .all(
            "SELECT id, COALESCE(carrier, ''), COALESCE(tracking_number, ''), tracking_url,
                    CAST(COALESCE(shipped_at, created_at) AS TEXT)
               FROM fulfillments WHERE order_id = $1 ORDER BY id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let items: Vec<(i64, i32, String, String)> = db
        .all(
            "SELECT fi.fulfillment_id, fi.quantity, i.product_name, i.variant_name
               FROM fulfillment_items fi JOIN fulfillments f ON f.id = fi.fulfillment_id
               JOIN order_items i ON i.id = fi.order_item_id
              WHERE f.order_id = $1 ORDER BY fi.id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    Ok(shipments
        .into_iter()
        .map(
            |(id, carrier, tracking_number, tracking_url, shipped_at)| ShipmentView {
                carrier,
                tracking_number,
                tracking_url,
                shipped_at,
                items: items
                    .iter()
                    .filter(|i| i.0 == id)
                    .map(|i| item_label(i.1, &i.2, &i.3))
                    .collect(),
            },
        )
        .collect())
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    product_name: String,
    variant_name: String,
    sku: String,
    quantity: i32,
    quantity_fulfilled: i32,
    quantity_returned: i32,
    quantity_refunded: i32,
    total_amount: i64,
    /// Units in returns not yet closed.
    in_open_returns: i64,
}

/// The order's top-level lines with what was shipped, returned, refunded and can be returned.
async fn lines(db: &Db, order_id: i64, currency: Currency) -> Result<Vec<LineView>, AppError> {
    let rows: Vec<LineRow> = db
        .all(
            "SELECT i.id, i.product_name, i.variant_name, i.sku, i.quantity, i.quantity_fulfilled,
                    i.quantity_returned, i.quantity_refunded, i.total_amount,
                    CAST(COALESCE((SELECT SUM(ri.quantity) FROM return_items ri JOIN returns r ON r.id = ri.return_id
                       WHERE ri.order_item_id = i.id AND r.status IN ('REQUESTED', 'APPROVED', 'RECEIVED')), 0) AS BIGINT)
                       AS in_open_returns
               FROM order_items i WHERE i.order_id = $1 AND i.parent_item_id IS NULL ORDER BY i.id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let u = |v: i32| u32::try_from(v).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|r| {
            let returnable = (i64::from(r.quantity_fulfilled)
                - i64::from(r.quantity_returned)
                - r.in_open_returns)
                .max(0);
            LineView {
                id: r.id,
                name: r.product_name,
                variant_name: Some(r.variant_name).filter(|v| !v.is_empty()),
                sku: r.sku,
                quantity: u(r.quantity),
                fulfilled: u(r.quantity_fulfilled),
                returned: u(r.quantity_returned),
                refunded: u(r.quantity_refunded),
                returnable: u32::try_from(returnable).unwrap_or(0),
                total: Money::new(r.total_amount, currency),
            }
        })
        .collect())
}

/// What the latest payment captured and refunded, and every refund.
async fn refunds(
    db: &Db,
    order_id: i64,
    currency: Currency,
) -> Result<(Money, Money, Vec<RefundView>), AppError> {
    let m = |v: i64| Money::new(v, currency);
    let payment: Option<(String, i64, i64)> = db
        .opt(
            "SELECT status, captured_amount, refunded_amount FROM payments
              WHERE order_id = $1 ORDER BY id DESC LIMIT 1",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let rows: Vec<(i64, i64, String, Option<String>, String)> = db
        .all(
            "SELECT id, amount, status, reason, CAST(created_at AS TEXT) FROM refunds
              WHERE order_id = $1 ORDER BY id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let (captured, refunded) = payment.as_ref().map_or((0, 0), |p| (p.1, p.2));
    let refunds = rows
        .into_iter()
        .map(|(id, amount, status, reason, at)| RefundView {
            id,
            amount: m(amount),
            status,
            reason,
            at,
        })
        .collect();
    Ok((m(captured), m(refunded), refunds))
}

/// The return requests with their items.
async fn returns(db: &Db, order_id: i64) -> Result<Vec<ReturnView>, AppError> {
    let rows: Vec<(i64, String, Option<String>, String)> = db
        .all(
            "SELECT id, status, reason, CAST(created_at AS TEXT) FROM returns
              WHERE order_id = $1 ORDER BY id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let items: Vec<(i64, i32, String, String)> = db
        .all(
            "SELECT ri.return_id, ri.quantity, i.product_name, i.variant_name
               FROM return_items ri JOIN returns r ON r.id = ri.return_id
               JOIN order_items i ON i.id = ri.order_item_id
              WHERE r.order_id = $1 ORDER BY ri.id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|(id, status, reason, at)| ReturnView {
            id,
            status,
            reason,
            items: items
                .iter()
                .filter(|i| i.0 == id)
                .map(|i| item_label(i.1, &i.2, &i.3))
                .collect(),
            at,
        })
        .collect())
}

/// The lifecycle of order `number`, with its database id and account. `None`: no such order.
pub async fn lifecycle(
    db: &Db,
    number: &str,
) -> Result<Option<(OrderLifecycle, i64, Option<i64>)>, AppError> {
    let head: Option<Head> = db
        .opt(
            "SELECT id, status, fulfillment_status, CAST(currency AS TEXT) AS currency, user_id
               FROM orders WHERE number = $1",
            args![number],
        )
        .await
        .map_err(db_err)?;
    let Some(h) = head else { return Ok(None) };
    let currency: Currency = h.currency.0;
    let status: OrderStatus = h
        .status
        .parse()
        .map_err(|e| AppError::internal("order status", e))?;
    let lines = lines(db, h.id, currency).await?;
    let (captured, refunded, refunds) = refunds(db, h.id, currency).await?;
    let can_request_return =
        status == OrderStatus::Delivered && lines.iter().any(|l| l.returnable > 0);
    let view = OrderLifecycle {
        fulfillment_status: h.fulfillment_status,
        timeline: timeline(db, h.id).await?,
        shipments: shipments(db, h.id).await?,
        lines,
        captured,
        refunded,
        refunds,
        returns: returns(db, h.id).await?,
        can_cancel: status.can_cancel(),
        can_request_return,
    };
    Ok(Some((view, h.id, h.user_id)))
}

/// `view` with its lifecycle (timeline, shipments, refunds, returns) filled in.
pub async fn with_lifecycle(db: &Db, mut view: OrderView) -> Result<OrderView, AppError> {
    view.lifecycle = lifecycle(db, &view.number).await?.map(|(l, _, _)| l);
    Ok(view)
}

/// Order `number` as staff see it: the shopper's view, the lifecycle, notes and the actions
/// the state machine allows now.
pub async fn admin_order(db: &Db, number: &str) -> Result<AdminOrder, AppError> {
    let not_found = || AppError::NotFound(format!("There is no order {number}."));
    let (order, _) = crate::checkout::load_order(db, number)
        .await?
        .ok_or_else(not_found)?;
    let (lifecycle, order_id, customer_id) = lifecycle(db, number).await?.ok_or_else(not_found)?;
    let notes: Vec<(String, String, String)> = db
        .all(
            "SELECT author, body, CAST(created_at AS TEXT) FROM order_notes
              WHERE order_id = $1 ORDER BY created_at, id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let payment: Option<(String,)> = db
        .opt(
            "SELECT status FROM payments WHERE order_id = $1 ORDER BY id DESC LIMIT 1",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let pending: (i64,) = db
        .one(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM refunds WHERE order_id = $1 AND status = 'PENDING'",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let status: OrderStatus = order.status;
    let holds_funds = payment
        .as_ref()
        .and_then(|(s,)| s.parse::<PaymentStatus>().ok())
        .is_some_and(|s| s.holds_captured_funds());
    let refundable = lifecycle
        .captured
        .checked_sub(lifecycle.refunded)
        .and_then(|m| m.checked_sub(Money::new(pending.0, m.currency())))
        .unwrap_or(lifecycle.refunded);
    let mut actions = Vec::new();
    for (event, name) in [
        (OrderEvent::Confirm, "confirm"),
        (OrderEvent::StartProcessing, "start_processing"),
        (OrderEvent::Ship, "fulfil"),
        (OrderEvent::Deliver, "deliver"),
        (OrderEvent::Cancel, "cancel"),
    ] {
        if status.apply(event).is_ok() {
            actions.push(name.to_string());
        }
    }
    if holds_funds && refundable.is_positive() {
        actions.push("refund".to_string());
    }
    Ok(AdminOrder {
        order,
        lifecycle,
        customer_id,
        notes: notes
            .into_iter()
            .map(|(author, body, at)| NoteView { author, body, at })
            .collect(),
        actions,
        refundable,
    })
}
