//! Finishing a payment: what the gateway says about a PENDING order decides whether it is
//! confirmed, waits for the shopper (3-D Secure), or is cancelled with everything put back.
//!
//! The saga calls [`apply`] with the authorisation's answer; webhooks and the return from
//! the bank call [`reconcile`], which asks the gateway again instead of trusting the event
//! (events arrive late, twice, or out of order). Every move is a conditional update on the
//! order's status, so applying the same news twice changes nothing.

use super::db_err;
use super::usage;
use crate::args;
use crate::db::dialect;
use crate::db::{Db, Ts, Tx};
use crate::holds::{convert_for_order, release_for_order};
use crate::payments::{GatewayError, PaymentGateway, PaymentState};
use shared::errors::AppError;

/// Where an order's payment ended up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settled {
    Confirmed,
    /// The shopper must authenticate at this URL.
    Action(String),
    /// The gateway has not decided yet; a webhook (or the sweep) finishes it.
    Pending,
    /// Refused: the order is cancelled, and this is what the shopper is told.
    Refused(String),
}

/// The order a payment belongs to.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrderPayment {
    pub order_id: i64,
    pub number: String,
    pub status: String,
    pub amount: i64,
    pub currency: String,
    pub reference: Option<String>,
    pub cancel_reason: Option<String>,
}

const ORDER_PAYMENT: &str = "SELECT o.id AS order_id, o.number, o.status, p.amount, p.currency,
        p.provider_payment_id AS reference, o.cancel_reason
   FROM payments p JOIN orders o ON o.id = p.order_id";

pub async fn order_payment(db: &Db, order_id: i64) -> Result<Option<OrderPayment>, AppError> {
    db.opt(
        &format!("{ORDER_PAYMENT} WHERE o.id = $1 ORDER BY p.id DESC LIMIT 1"),
        args![order_id],
    )
    .await
    .map_err(db_err)
}

fn money(o: &OrderPayment) -> Result<storefront::Money, AppError> {
    let currency: storefront::Currency = o
        .currency
        .parse()
        .map_err(|_| AppError::internal("payment currency", o.currency.clone()))?;
    Ok(storefront::Money::new(o.amount, currency))
}

/// What the shopper is told when the gateway refuses.
pub fn refusal_message(message: &str) -> String {
    format!("{message} You have not been charged; try another card.")
}

/// Applies the gateway's answer to a PENDING order (see the module docs).
pub async fn apply(
    db: &Db,
    gateway: &dyn PaymentGateway,
    order: &OrderPayment,
    answer: Result<PaymentState, GatewayError>,
) -> Result<Settled, AppError> {
    if order.status == "CANCELLED" {
        if let Ok(state) = &answer {
            void_late_payment(gateway, order, state).await;
        }
        return Ok(Settled::Refused(
            order
                .cancel_reason
                .clone()
                .unwrap_or_else(|| "This order was cancelled.".into()),
        ));
    }
    if order.status != "PENDING" {
        return Ok(Settled::Confirmed);
    }
    let mut answer = answer;
    // At most one capture per call: Authorized → capture → its answer.
    for _ in 0..2 {
        match answer {
            Ok(PaymentState::Authorized { reference }) => {
                record_reference(db, order.order_id, &reference, "AUTHORIZED", None).await?;
                answer = gateway
                    .capture(
                        &reference,
                        money(order)?,
                        &format!("capture:{}", order.number),
                    )
                    .await;
                if let Err(GatewayError::Unavailable(why)) = &answer {
                    // Authorised but not captured yet: the sweep or a webhook retries.
                    tracing::warn!(order = order.number, why, "capture failed; will retry");
                    return Ok(Settled::Pending);
                }
            }
            Ok(PaymentState::Captured { reference, .. }) => {
                confirm(db, order.order_id, Some(&reference)).await?;
                return Ok(Settled::Confirmed);
            }
            Ok(PaymentState::RequiresAction { reference, url }) => {
                record_reference(db, order.order_id, &reference, "PENDING", Some(&url)).await?;
                return Ok(Settled::Action(url));
            }
            Ok(PaymentState::Processing { reference }) => {
                record_reference(db, order.order_id, &reference, "PENDING", None).await?;
                return Ok(Settled::Pending);
            }
            Ok(PaymentState::Failed { code, message, .. })
            | Err(GatewayError::Declined { code, message }) => {
                let shown = refusal_message(&message);
                compensate(db, order.order_id, &code, &shown).await?;
                return Ok(Settled::Refused(shown));
            }
            Err(e @ GatewayError::Unavailable(_)) => {
                let shown = e.to_string();
                compensate(db, order.order_id, "gateway_unavailable", &shown).await?;
                return Ok(Settled::Refused(shown));
            }
        }
    }
    Ok(Settled::Pending)
}

/// A payment still alive after its order was given up (a late 3-D Secure, a charge whose
/// answer was lost): cancelled at the gateway, or refunded if it was already captured.
/// Logged; the order stays cancelled.
async fn void_late_payment(
    gateway: &dyn PaymentGateway,
    order: &OrderPayment,
    state: &PaymentState,
) {
    let result = match state {
        PaymentState::Authorized { reference }
        | PaymentState::RequiresAction { reference, .. }
        | PaymentState::Processing { reference } => gateway
            .cancel(reference, &format!("void:{}", order.number))
            .await
            .map(|_| "payment cancelled"),
        PaymentState::Captured { reference, amount } => match money(order) {
            Ok(m) => gateway
                .refund(
                    reference,
                    storefront::Money::new(*amount, m.currency()),
                    &format!("refund:void:{}", order.number),
                )
                .await
                .map(|_| "refunded"),
            Err(_) => return,
        },
        _ => return,
    };
    match result {
        Ok(what) => tracing::warn!(order = order.number, what, "payment for a cancelled order"),
        Err(e) => {
            tracing::error!(order = order.number, error = %e, "could not void a payment for a cancelled order")
        }
    }
}

/// The gateway's id for the payment, its status, and where the shopper must go next.
async fn record_reference(
    db: &Db,
    order_id: i64,
    reference: &str,
    status: &str,
    next_action: Option<&str>,
) -> Result<(), AppError> {
    let now = Ts::now();
    let metadata = match next_action {
        Some(url) => serde_json::json!({ "next_action_url": url }).to_string(),
        None => "{}".to_string(),
    };
    db.exec(
        &format!(
            "UPDATE payments SET provider_payment_id = $1, status = $2, metadata = {},
                    authorized_at = COALESCE(authorized_at, CASE WHEN $2 = 'AUTHORIZED' THEN $3 END),
                    updated_at = $4
              WHERE order_id = $5 AND status IN ('PENDING', 'AUTHORIZED')",
            dialect::json_param(db.backend(), 6)
        ),
        args![reference, status, now, now, order_id, metadata],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn history(
    tx: &mut Tx,
    order_id: i64,
    from: Option<&str>,
    to: &str,
    actor: &str,
    reason: Option<&str>,
    now: Ts,
) -> Result<(), AppError> {
    tx.exec(
        "INSERT INTO order_state_history (order_id, from_status, to_status, actor, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        args![order_id, from, to, actor, reason, now],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Placed {
    number: String,
    email: String,
    user_id: Option<i64>,
    cart_id: Option<i64>,
    checkout_id: Option<i64>,
    subtotal_amount: i64,
    discount_amount: i64,
    tax_amount: i64,
    total_amount: i64,
}

async fn placed(tx: &mut Tx, order_id: i64) -> Result<Placed, AppError> {
    tx.one(
        "SELECT number, email, user_id, cart_id, checkout_id, subtotal_amount, discount_amount,
                tax_amount, total_amount
           FROM orders WHERE id = $1",
        args![order_id],
    )
    .await
    .map_err(db_err)
}

/// Paid (or nothing to pay): CONFIRMED, holds become sales, the cart is converted, the
/// checkout completed and the confirmation mail queued — once.
pub async fn confirm(db: &Db, order_id: i64, reference: Option<&str>) -> Result<(), AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let moved = tx
        .exec(
            "UPDATE orders SET status = 'CONFIRMED', payment_status = 'CAPTURED', confirmed_at = $1,
                    updated_at = $1
              WHERE id = $2 AND status = 'PENDING'",
            args![now, order_id],
        )
        .await
        .map_err(db_err)?;
    if moved != 1 {
        // Already confirmed (e.g. by a webhook): nothing more to do.
        tx.rollback().await.map_err(db_err)?;
        return Ok(());
    }
    let o = placed(&mut tx, order_id).await?;
    tx.exec(
        "UPDATE payments SET status = 'CAPTURED', captured_amount = amount,
                provider_payment_id = COALESCE($1, provider_payment_id),
                authorized_at = COALESCE(authorized_at, $2), captured_at = $2, updated_at = $2
          WHERE order_id = $3 AND status IN ('PENDING', 'AUTHORIZED')",
        args![reference, now, order_id],
    )
    .await
    .map_err(db_err)?;
    convert_for_order(&mut tx, order_id, now)
        .await
        .map_err(db_err)?;
    let sold: Vec<(Option<i64>, i32)> = tx
        .all(
            "SELECT product_id, quantity FROM order_items WHERE order_id = $1",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    for (product_id, quantity) in sold {
        if let Some(product_id) = product_id {
            tx.exec(
                "UPDATE products SET sales_count = sales_count + $1 WHERE id = $2",
                args![i64::from(quantity), product_id],
            )
            .await
            .map_err(db_err)?;
        }
    }
    if let Some(cart_id) = o.cart_id {
        tx.exec(
            "UPDATE carts SET status = 'CONVERTED', converted_at = $1, updated_at = $1 WHERE id = $2",
            args![now, cart_id],
        )
        .await
        .map_err(db_err)?;
    }
    if let Some(checkout_id) = o.checkout_id {
        tx.exec(
            "UPDATE checkouts SET status = 'COMPLETED', step = 'COMPLETE', completed_at = $1,
                    updated_at = $1, subtotal_amount = $2, discount_amount = $3, tax_amount = $4,
                    total_amount = $5, last_error = NULL
              WHERE id = $6",
            args![
                now,
                o.subtotal_amount,
                o.discount_amount,
                o.tax_amount,
                o.total_amount,
                checkout_id
            ],
        )
        .await
        .map_err(db_err)?;
    }
    history(
        &mut tx,
        order_id,
        Some("PENDING"),
        "CONFIRMED",
        "system",
        Some("Payment captured"),
        now,
    )
    .await?;
    let granted = crate::learning::grant::grant_for_order(&mut tx, order_id, now).await?;
    if granted.all_digital {
        deliver_digitally(&mut tx, order_id, now).await?;
    }
    let payload = serde_json::json!({
        "template": "order_confirmation",
        "order_id": order_id,
        "number": o.number,
        "to": o.email,
        "granted": granted.lines,
        "all_digital": granted.all_digital,
    })
    .to_string();
    tx.exec(
        &(crate::db::sql::outbox_insert(db.backend()) + " ON CONFLICT (dedupe_key) DO NOTHING"),
        args![
            "order.confirmed",
            payload,
            format!("order-confirmation:{order_id}"),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(order = o.number, "order confirmed");
    Ok(())
}

/// Everything on the order was granted and nothing ships: CONFIRMED → DELIVERED, no carrier.
async fn deliver_digitally(tx: &mut Tx, order_id: i64, now: Ts) -> Result<(), AppError> {
    let to = storefront::OrderStatus::Confirmed
        .apply(storefront::OrderEvent::DeliverDigitally)
        .map_err(|e| AppError::internal("digital delivery", e))?;
    tx.exec(
        "UPDATE orders SET status = $1, delivered_at = $2, updated_at = $2
          WHERE id = $3 AND status = 'CONFIRMED'",
        args![to.as_str(), now, order_id],
    )
    .await
    .map_err(db_err)?;
    history(
        tx,
        order_id,
        Some("CONFIRMED"),
        to.as_str(),
        "system",
        Some("Delivered digitally: access granted, nothing to ship"),
        now,
    )
    .await
}

/// Refused: holds released, uses given back, the order CANCELLED with the reason, and the
/// checkout open again (with the reason) so the shopper can try another card — once.
pub(super) async fn compensate(
    db: &Db,
    order_id: i64,
    code: &str,
    message: &str,
) -> Result<(), AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let moved = tx
        .exec(
            "UPDATE orders SET status = 'CANCELLED', payment_status = 'FAILED', cancel_reason = $1,
                    cancelled_at = $2, updated_at = $2
              WHERE id = $3 AND status = 'PENDING'",
            args![message, now, order_id],
        )
        .await
        .map_err(db_err)?;
    if moved != 1 {
        tx.rollback().await.map_err(db_err)?;
        return Ok(());
    }
    let o = placed(&mut tx, order_id).await?;
    tx.exec(
        "UPDATE payments SET status = 'FAILED', failure_code = $1, failure_message = $2, updated_at = $3
          WHERE order_id = $4 AND status IN ('PENDING', 'AUTHORIZED')",
        args![code, message, now, order_id],
    )
    .await
    .map_err(db_err)?;
    release_for_order(&mut tx, order_id, now)
        .await
        .map_err(db_err)?;
    let customer = usage::customer_key(o.user_id, &o.email);
    usage::give_back(&mut tx, order_id, &customer, now)
        .await
        .map_err(db_err)?;
    if let Some(checkout_id) = o.checkout_id {
        tx.exec(
            "UPDATE checkouts SET status = 'OPEN', payment_method = NULL, payment_token = NULL,
                    card_brand = NULL, card_last4 = NULL, last_error = $1, updated_at = $2
              WHERE id = $3 AND status = 'PROCESSING'",
            args![message, now, checkout_id],
        )
        .await
        .map_err(db_err)?;
    }
    history(
        &mut tx,
        order_id,
        Some("PENDING"),
        "CANCELLED",
        "system",
        Some(message),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        order = o.number,
        code,
        "payment refused; order cancelled and stock released"
    );
    Ok(())
}

/// Brings the order behind a gateway payment up to date with what the gateway says now.
/// Finds it by the payment's `reference`, else by `order_number` (the payment's metadata,
/// for a payment whose id the shop never heard back). `Ok(None)`: not one of ours.
pub async fn reconcile(
    db: &Db,
    gateway: &dyn PaymentGateway,
    reference: Option<&str>,
    order_number: Option<&str>,
) -> Result<Option<(OrderPayment, Settled)>, AppError> {
    let mut found: Option<OrderPayment> = None;
    if let Some(r) = reference {
        found = db
            .opt(
                &format!("{ORDER_PAYMENT} WHERE p.provider_payment_id = $1 LIMIT 1"),
                args![r],
            )
            .await
            .map_err(db_err)?;
    }
    if found.is_none()
        && let Some(n) = order_number
    {
        found = db
            .opt(
                &format!("{ORDER_PAYMENT} WHERE o.number = $1 ORDER BY p.id DESC LIMIT 1"),
                args![n],
            )
            .await
            .map_err(db_err)?;
    }
    let Some(order) = found else {
        return Ok(None);
    };
    let Some(reference) = reference.or(order.reference.as_deref()) else {
        return Ok(Some((order, Settled::Pending)));
    };
    let state = gateway.status(reference).await;
    if let Err(GatewayError::Unavailable(why)) = &state {
        return Err(AppError::Unavailable(format!(
            "The payment service could not be asked about {} ({why}).",
            order.number
        )));
    }
    let settled = apply(db, gateway, &order, state).await?;
    Ok(Some((order, settled)))
}

/// Orders left PENDING for longer than `older_than` (a shopper who never finished 3-D
/// Secure, a crash between charge and confirmation): asks the gateway once more, and gives
/// up on those still undecided — their stock and coupon uses go back, and an authorisation
/// that comes through later is released. Returns how many orders it settled.
pub async fn sweep_stale_pending(
    db: &Db,
    gateway: &dyn PaymentGateway,
    older_than: std::time::Duration,
) -> Result<usize, AppError> {
    let cutoff = Ts(chrono::Utc::now()
        - chrono::Duration::from_std(older_than).unwrap_or(chrono::Duration::hours(1)));
    let stale: Vec<(i64,)> = db
        .all(
            "SELECT id FROM orders WHERE status = 'PENDING' AND created_at < $1 ORDER BY id LIMIT 100",
            args![cutoff],
        )
        .await
        .map_err(db_err)?;
    let mut settled = 0;
    for (order_id,) in stale {
        let Some(order) = order_payment(db, order_id).await? else {
            // Nothing to pay: the saga stopped between creating and confirming it.
            confirm(db, order_id, None).await?;
            settled += 1;
            continue;
        };
        let state = match order.reference.as_deref() {
            Some(r) => gateway.status(r).await,
            None => Err(GatewayError::Unavailable(
                "no answer from the gateway".into(),
            )),
        };
        let outcome = match state {
            Ok(s @ (PaymentState::Authorized { .. } | PaymentState::Captured { .. })) => {
                apply(db, gateway, &order, Ok(s)).await?
            }
            Ok(PaymentState::Failed { code, message, .. }) => {
                apply(
                    db,
                    gateway,
                    &order,
                    Ok(PaymentState::Failed {
                        reference: String::new(),
                        code,
                        message,
                    }),
                )
                .await?
            }
            other => {
                // Still undecided after all this time: give up, and release the
                // authorisation if it comes through.
                let message = "The payment was not completed in time. You have not been charged.";
                compensate(db, order_id, "payment_timeout", message).await?;
                if let Ok(s) = &other
                    && let Some(fresh) = order_payment(db, order_id).await?
                {
                    void_late_payment(gateway, &fresh, s).await;
                }
                Settled::Refused(message.into())
            }
        };
        tracing::info!(
            order = order.number,
            ?outcome,
            "stale pending order settled"
        );
        settled += 1;
    }
    Ok(settled)
}
