//! Shipping an order, all at once or line by line (partial fulfilment). The order becomes
//! SHIPPED when its last unit leaves; until then it stays PROCESSING and PARTIALLY_FULFILLED.

use storefront::{LinePick, LineState, Money, OrderEvent, OrderStatus, plan_fulfilment};

use super::{Actor, OrderRow, audit, db_err, history, lock_order, mail, move_status, refused};
use crate::args;
use crate::db::{Db, Ts, Tx};
use shared::errors::AppError;

/// A shipment: which units (`None`: everything not yet shipped) with which carrier.
#[derive(Clone, Debug, Default)]
pub struct FulfilRequest {
    pub carrier: String,
    pub tracking_number: String,
    pub lines: Option<Vec<LinePick>>,
}

/// The carrier's public tracking page for `number`, for the carriers we know.
pub fn tracking_url(carrier: &str, number: &str) -> Option<String> {
    let n: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let c = carrier.to_ascii_lowercase();
    let url = if c.contains("ups") {
        format!("https://www.ups.com/track?tracknum={n}")
    } else if c.contains("usps") {
        format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={n}")
    } else if c.contains("fedex") {
        format!("https://www.fedex.com/fedextrack/?trknbr={n}")
    } else if c.contains("dhl") {
        format!("https://www.dhl.com/en/express/tracking.html?AWB={n}")
    } else {
        return None;
    };
    Some(url)
}

fn check(req: &FulfilRequest) -> Result<(String, String), AppError> {
    let carrier = req.carrier.trim();
    if carrier.is_empty() || carrier.chars().count() > 60 {
        return Err(AppError::invalid(
            "carrier",
            "Enter the carrier (e.g. UPS), at most 60 characters.",
        ));
    }
    let tracking = req.tracking_number.trim();
    let ok = (3..=64).contains(&tracking.len())
        && tracking
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ');
    if !ok {
        return Err(AppError::invalid(
            "trackingNumber",
            "Enter the tracking number: 3 to 64 letters, digits, spaces or dashes.",
        ));
    }
    Ok((carrier.to_string(), tracking.to_string()))
}

/// (id, name, variant name, quantity, fulfilled, refunded, total)
type LineRow = (i64, String, String, i32, i32, i32, i64);

pub(crate) async fn line_states(
    tx: &mut Tx,
    order: &OrderRow,
) -> Result<Vec<(LineState, String)>, AppError> {
    let rows: Vec<LineRow> = tx
        .all(
            "SELECT id, product_name, variant_name, quantity, quantity_fulfilled, quantity_refunded,
                    total_amount
               FROM order_items WHERE order_id = $1 AND parent_item_id IS NULL ORDER BY id",
            args![order.id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, variant, q, f, r, total)| {
            let label = if variant.is_empty() {
                name
            } else {
                format!("{name} ({variant})")
            };
            (
                LineState {
                    id,
                    quantity: u32::try_from(q).unwrap_or(0),
                    fulfilled: u32::try_from(f).unwrap_or(0),
                    refunded: u32::try_from(r).unwrap_or(0),
                    total: Money::new(total, order.currency()),
                },
                label,
            )
        })
        .collect())
}

/// Ships `req`'s units of a PROCESSING order. Returns the order's status afterwards.
pub async fn fulfil(
    db: &Db,
    number: &str,
    req: &FulfilRequest,
    actor: &Actor,
) -> Result<OrderStatus, AppError> {
    let (carrier, tracking) = check(req)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let order = lock_order(&mut tx, number).await?;
    let status = order.status()?;
    status.apply(OrderEvent::Ship).map_err(refused)?;
    let lines = line_states(&mut tx, &order).await?;
    let states: Vec<LineState> = lines.iter().map(|(l, _)| *l).collect();
    let picks: Vec<LinePick> = match &req.lines {
        Some(p) => p.clone(),
        None => states
            .iter()
            .filter(|l| l.quantity > l.fulfilled)
            .map(|l| LinePick {
                order_item_id: l.id,
                quantity: l.quantity - l.fulfilled,
            })
            .collect(),
    };
    let complete =
        plan_fulfilment(&states, &picks).map_err(|e| AppError::invalid("lines", e.to_string()))?;
    let url = tracking_url(&carrier, &tracking);
    let (fulfilment_id,): (i64,) = tx
        .one(
            "INSERT INTO fulfillments (order_id, status, carrier, tracking_number, tracking_url, shipped_at, created_at, updated_at)
             VALUES ($1, 'SHIPPED', $2, $3, $4, $5, $5, $5) RETURNING id",
            args![order.id, carrier.as_str(), tracking.as_str(), url.clone(), now],
        )
        .await
        .map_err(db_err)?;
    let mut shipped = Vec::new();
    for p in picks.iter().filter(|p| p.quantity > 0) {
        let q = i64::from(p.quantity);
        tx.exec(
            "INSERT INTO fulfillment_items (fulfillment_id, order_item_id, quantity) VALUES ($1, $2, $3)",
            args![fulfilment_id, p.order_item_id, q],
        )
        .await
        .map_err(db_err)?;
        tx.exec(
            "UPDATE order_items SET quantity_fulfilled = quantity_fulfilled + $1 WHERE id = $2 AND order_id = $3",
            args![q, p.order_item_id, order.id],
        )
        .await
        .map_err(db_err)?;
        if let Some((_, label)) = lines.iter().find(|(l, _)| l.id == p.order_item_id) {
            shipped.push(format!("{} × {label}", p.quantity));
        }
    }
    let summary = format!("{carrier} {tracking}: {}", shipped.join(", "));
    tx.exec(
        "UPDATE orders SET fulfillment_status = $1, carrier = $2, tracking_number = $3, updated_at = $4
          WHERE id = $5",
        args![
            if complete { "FULFILLED" } else { "PARTIALLY_FULFILLED" },
            carrier.as_str(),
            tracking.as_str(),
            now,
            order.id
        ],
    )
    .await
    .map_err(db_err)?;
    let to = if complete {
        move_status(
            &mut tx,
            &order,
            OrderEvent::Ship,
            actor,
            Some(&format!("Shipped with {summary}")),
            Some("shipped_at"),
            now,
        )
        .await?
    } else {
        history(
            &mut tx,
            order.id,
            Some(status.as_str()),
            status.as_str(),
            actor,
            Some(&format!("Partly shipped with {summary}")),
            now,
        )
        .await?;
        status
    };
    mail(
        &mut tx,
        "order.shipped",
        "order_shipped",
        &order,
        format!("order-shipped:{fulfilment_id}"),
        serde_json::json!({"carrier": carrier, "tracking_number": tracking, "tracking_url": url}),
        now,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "order.fulfil",
        "order",
        Some(order.id),
        serde_json::json!({"number": order.number, "shipment": summary, "complete": complete}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(to)
}
