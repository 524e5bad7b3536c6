//! Placing the order: the saga of seed 004, idempotent per key.
//!
//! 1. Price and validate the checkout; hold stock ([`ensure_reserved`]).
//! 2. One transaction: claim the checkout (OPEN → PROCESSING, so a double click cannot
//!    start a second attempt), claim promotion uses atomically, create the order (PENDING)
//!    with its lines, redemptions and payment row, and tie the holds to the order (the expiry
//!    job leaves them alone while it is paid for).
//! 3. Charge through the gateway with an idempotency key derived from the order.
//! 4. Paid: one transaction makes it CONFIRMED, turns holds into sales, converts the cart,
//!    completes the checkout and queues the confirmation mail. Refused: one transaction
//!    compensates — holds released, uses given back, order CANCELLED with the reason,
//!    checkout OPEN again so the shopper can try another card.
//!
//! The same key again (a retry, a double click) returns the first attempt's outcome.

use std::time::Duration;

use super::db_err;
use super::gateway::{ChargeRequest, GatewayError, PaymentGateway};
use super::record::CheckoutRecord;
use super::reserve::{convert_for_order, ensure_reserved, release_for_order};
use super::sqlx_util::json_param;
use super::usage::{self, Claim, ClaimError};
use super::view::{Priced, priced};
use crate::args;
use crate::auth::tokens::random_token;
use crate::cart::CartRef;
use crate::checkout_view::Step;
use crate::db::{Db, Ts, Tx};
use crate::errors::AppError;
use crate::settings::ShopSettings;

/// A placed (and paid) order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceOutcome {
    pub order_id: i64,
    pub number: String,
    pub access_token: String,
}

/// Who is placing it.
#[derive(Clone, Copy, Debug)]
pub struct Placer<'a> {
    pub user_id: Option<i64>,
    pub signed_in: bool,
    /// Already scoped to the shopper (see the callers), unique per attempt.
    pub idempotency_key: &'a str,
}

type OrderRow = (i64, String, Option<String>, String, Option<String>);

async fn order_by(
    db: &Db,
    column: &str,
    value: crate::db::sql::Arg,
) -> Result<Option<OrderRow>, AppError> {
    db.opt(
        &format!(
            "SELECT id, number, access_token, status, cancel_reason FROM orders
              WHERE {column} = $1 ORDER BY id DESC LIMIT 1"
        ),
        vec![value],
    )
    .await
    .map_err(db_err)
}

/// The outcome of an attempt that already exists, once it has finished (waits up to 30 s
/// while another request is still paying for it).
async fn settled(
    db: &Db,
    column: &str,
    value: crate::db::sql::Arg,
) -> Result<Option<PlaceOutcome>, AppError> {
    for _ in 0..150 {
        let Some((id, number, token, status, reason)) = order_by(db, column, value.clone()).await?
        else {
            return Ok(None);
        };
        match status.as_str() {
            "PENDING" => tokio::time::sleep(Duration::from_millis(200)).await,
            "CANCELLED" => {
                return Err(AppError::PaymentFailed(
                    reason.unwrap_or_else(|| "This order was cancelled.".into()),
                ));
            }
            _ => {
                return Ok(Some(PlaceOutcome {
                    order_id: id,
                    number,
                    access_token: token.unwrap_or_default(),
                }));
            }
        }
    }
    Err(AppError::Conflict(
        "Your order is still being placed. Check your email or your orders in a minute.".into(),
    ))
}

/// The finished outcome of the attempt with this (scoped) key, if any.
pub(super) async fn settled_by_key(db: &Db, key: &str) -> Result<Option<PlaceOutcome>, AppError> {
    settled(
        db,
        "idempotency_key",
        crate::db::sql::Arg::Text(key.to_string()),
    )
    .await
}

fn missing(step: Step) -> AppError {
    match step {
        Step::Contact => AppError::invalid("email", "Enter your email address first."),
        Step::Address => AppError::invalid("shippingAddress", "Enter your address first."),
        Step::Shipping => AppError::invalid(
            "shippingMethod",
            "Choose a shipping method that delivers to your address first.",
        ),
        Step::Payment => AppError::invalid("payment", "Enter your payment details first."),
        Step::Review => AppError::Internal,
    }
}

fn validate(p: &Priced, record: &CheckoutRecord) -> Result<(), AppError> {
    if p.lines.is_empty() && p.unavailable.is_empty() {
        return Err(AppError::invalid("cart", "Your cart is empty."));
    }
    if let Some(name) = p.unavailable.first() {
        return Err(AppError::Conflict(format!(
            "{name} is no longer available. Remove it from your cart to continue."
        )));
    }
    if let Some(problem) = &p.amount_problem {
        return Err(AppError::invalid("total", problem.clone()));
    }
    if let Some(problem) = &p.coupon_problem {
        return Err(AppError::invalid(
            "couponCode",
            format!("{problem} Remove the code to continue."),
        ));
    }
    match p.next_step(record) {
        Step::Review => Ok(()),
        other => Err(missing(other)),
    }
}

/// Places the order for `record` (see the module docs). `Err(PaymentFailed)` means the
/// payment was refused and everything was put back.
pub async fn place_order(
    db: &Db,
    settings: &ShopSettings,
    gateway: &dyn PaymentGateway,
    cart: &CartRef,
    record: &CheckoutRecord,
    who: Placer<'_>,
) -> Result<PlaceOutcome, AppError> {
    let key = crate::db::sql::Arg::Text(who.idempotency_key.to_string());
    if let Some(done) = settled(db, "idempotency_key", key.clone()).await? {
        return Ok(done);
    }
    if record.status != "OPEN" {
        return settled(db, "checkout_id", crate::db::sql::Arg::I64(record.id))
            .await?
            .ok_or_else(|| {
                AppError::Conflict("Your order is being placed. Reload in a moment.".into())
            });
    }
    let p = priced(db, settings, record, cart, who.signed_in).await?;
    validate(&p, record)?;
    let (_, holds) = ensure_reserved(
        db,
        record.id,
        cart.id,
        &p.lines,
        settings.checkout.reservation_ttl,
    )
    .await?;

    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let created = create_order(db, &mut tx, &p, record, who, holds, now).await;
    let (order_id, number, access_token, payment_id) = match created {
        Ok(Some(v)) => v,
        Ok(None) => {
            // Another request claimed this checkout first: its outcome is ours. Holds we
            // took meanwhile are not its (its own are tied to its order): give them back.
            tx.rollback().await.map_err(db_err)?;
            super::reserve::release_for_cart(db, cart.id).await?;
            return settled(db, "checkout_id", crate::db::sql::Arg::I64(record.id))
                .await?
                .ok_or_else(|| {
                    AppError::Conflict("Your order is being placed. Reload in a moment.".into())
                });
        }
        Err(e) => {
            let _ = tx.rollback().await;
            if matches!(e, AppError::Conflict(_)) {
                // A concurrent attempt with the same key may have won the unique index.
                if let Some(done) = settled(db, "idempotency_key", key).await? {
                    return Ok(done);
                }
            }
            return Err(e);
        }
    };
    tx.commit().await.map_err(db_err)?;

    let total = p.quote.total;
    let charged = match (payment_id, record.payment_token.as_deref()) {
        (Some(_), Some(token)) => {
            let description = format!("Order {number}");
            let charge_key = format!("charge:{number}");
            Some(
                gateway
                    .charge(ChargeRequest {
                        token,
                        amount: total,
                        idempotency_key: &charge_key,
                        description: &description,
                    })
                    .await,
            )
        }
        _ => None,
    };
    let customer = usage::customer_key(who.user_id, record.email.as_deref().unwrap_or(""));
    match charged {
        Some(Err(e)) => {
            let (code, message) = match &e {
                GatewayError::Declined { code, message } => (code.clone(), message.clone()),
                GatewayError::Unavailable(_) => ("gateway_unavailable".into(), e.to_string()),
            };
            let shown = format!("{message} You have not been charged; try another card.");
            compensate(
                db, order_id, payment_id, record.id, &customer, &code, &shown,
            )
            .await?;
            Err(AppError::PaymentFailed(shown))
        }
        Some(Ok(c)) => {
            confirm(
                db,
                order_id,
                payment_id,
                Some(&c.reference),
                &p,
                record,
                &number,
            )
            .await?;
            Ok(PlaceOutcome {
                order_id,
                number,
                access_token,
            })
        }
        None => {
            confirm(db, order_id, payment_id, None, &p, record, &number).await?;
            Ok(PlaceOutcome {
                order_id,
                number,
                access_token,
            })
        }
    }
}

/// Step 2 inside `tx`. `Ok(None)`: the checkout was no longer OPEN.
async fn create_order(
    db: &Db,
    tx: &mut Tx,
    p: &Priced,
    record: &CheckoutRecord,
    who: Placer<'_>,
    holds: usize,
    now: Ts,
) -> Result<Option<(i64, String, String, Option<i64>)>, AppError> {
    let claimed = tx
        .exec(
            "UPDATE checkouts SET status = 'PROCESSING', updated_at = $1 WHERE id = $2 AND status = 'OPEN'",
            args![now, record.id],
        )
        .await
        .map_err(db_err)?;
    if claimed != 1 {
        return Ok(None);
    }
    let email = record.email.clone().unwrap_or_default();
    let customer = usage::customer_key(who.user_id, &email);
    let claims: Vec<Claim> = p
        .quote
        .applied
        .iter()
        .map(|a| Claim {
            promotion_id: a.promotion_id,
            coupon_id: p
                .coupon
                .as_ref()
                .filter(|c| c.promotion.id == a.promotion_id && a.code.is_some())
                .map(|c| c.coupon_id),
        })
        .collect();
    match usage::claim(tx, &claims, &customer, now).await {
        Ok(()) => {}
        Err(ClaimError::UsedUp) => {
            return Err(AppError::invalid(
                "couponCode",
                "An offer in your order has just run out. Review your order and try again.",
            ));
        }
        Err(ClaimError::PerCustomer) => {
            return Err(AppError::invalid(
                "couponCode",
                "You have already used this offer as many times as it allows.",
            ));
        }
        Err(ClaimError::Db(e)) => return Err(db_err(e)),
    }
    let (seq,): (i64,) = tx
        .one(
            "UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value",
            args![],
        )
        .await
        .map_err(db_err)?;
    let number = format!("LC-{seq}");
    let access_token = random_token();
    let q = &p.quote;
    let currency = p.currency.code();
    let shipping_net = p.summary().shipping.map_or(0, |s| s.minor());
    let billing = if record.billing_same_as_shipping {
        record.shipping_address.as_ref()
    } else {
        record.billing_address.as_ref()
    };
    let json =
        |a: Option<&crate::account_view::Address>| a.and_then(|a| serde_json::to_string(a).ok());
    let method = p.shipping_method.as_ref();
    let sql = format!(
        "INSERT INTO orders (number, user_id, email, cart_id, checkout_id, status, payment_status, currency,
                subtotal_amount, discount_amount, shipping_amount, tax_amount, total_amount,
                shipping_address, billing_address, shipping_method_id, shipping_method_name,
                shipping_method_code, idempotency_key, access_token, placed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', 'PENDING', $6, $7, $8, $9, $10, $11, {}, {}, $14, $15,
                 $16, $17, $18, $19, $19, $19)
         RETURNING id",
        json_param(db, 12),
        json_param(db, 13)
    );
    let inserted: Result<(i64,), sqlx::Error> = tx
        .one(
            &sql,
            args![
                number.clone(),
                who.user_id,
                email.clone(),
                record.cart_id,
                record.id,
                currency,
                q.subtotal.minor(),
                q.discount.minor(),
                shipping_net,
                q.tax.map_or(0, |t| t.minor()),
                q.total.minor(),
                json(
                    record
                        .shipping_address
                        .as_ref()
                        .filter(|_| q.needs_shipping)
                ),
                json(billing),
                method.map(|m| m.rate.id),
                method.map(|m| m.rate.name.clone()),
                method.map(|m| m.rate.code.clone()),
                who.idempotency_key,
                access_token.clone(),
                now
            ],
        )
        .await;
    let order_id = match inserted {
        Ok((id,)) => id,
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("This order was already placed.".into()));
        }
        Err(e) => return Err(db_err(e)),
    };
    for (l, lq) in p.lines.iter().zip(&q.lines) {
        let kind = match l.priced.kind {
            storefront::pricing::ProductKind::Physical => "PHYSICAL",
            storefront::pricing::ProductKind::Digital => "DIGITAL",
            storefront::pricing::ProductKind::Bundle => "BUNDLE",
        };
        tx.exec(
            "INSERT INTO order_items (order_id, variant_id, product_id, product_name, variant_name, sku,
                    image_url, product_kind, quantity, unit_price_amount, discount_amount, tax_amount,
                    total_amount, currency, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            args![
                order_id,
                l.variant_id,
                l.product_id,
                l.name.clone(),
                l.variant_name.clone().unwrap_or_default(),
                l.sku.clone(),
                l.image_url.clone(),
                kind,
                i32::try_from(l.quantity).unwrap_or(i32::MAX),
                l.priced.unit_price.minor(),
                lq.discount.minor(),
                lq.tax.minor(),
                lq.total.minor(),
                currency,
                now
            ],
        )
        .await
        .map_err(db_err)?;
    }
    for (a, c) in q.applied.iter().zip(&claims) {
        tx.exec(
            "INSERT INTO promotion_redemptions (promotion_id, coupon_id, code, order_id, user_id, email,
                    discount_amount, currency, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            args![
                a.promotion_id,
                c.coupon_id,
                a.code.clone(),
                order_id,
                who.user_id,
                email.clone(),
                a.amount.minor(),
                currency,
                now
            ],
        )
        .await
        .map_err(db_err)?;
    }
    let tied = tx
        .exec(
            "UPDATE inventory_reservations SET order_id = $1, updated_at = $2
              WHERE checkout_id = $3 AND status = 'ACTIVE' AND order_id IS NULL",
            args![order_id, now, record.id],
        )
        .await
        .map_err(db_err)?;
    if usize::try_from(tied).unwrap_or(0) != holds {
        return Err(AppError::Conflict(
            "Your stock reservation ran out just now. Please place the order again.".into(),
        ));
    }
    let payment_id = if q.total.is_positive() {
        let (id,): (i64,) = tx
            .one(
                "INSERT INTO payments (order_id, checkout_id, provider, status, amount, currency, card_brand,
                        card_last4, idempotency_key, created_at, updated_at)
                 VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                args![
                    order_id,
                    record.id,
                    if record.payment_method.as_deref() == Some("stripe") { "STRIPE" } else { "TEST" },
                    q.total.minor(),
                    currency,
                    record.card_brand.clone(),
                    record.card_last4.clone(),
                    format!("charge:{number}"),
                    now
                ],
            )
            .await
            .map_err(db_err)?;
        Some(id)
    } else {
        None
    };
    history(tx, order_id, None, "PENDING", "customer", None, now).await?;
    Ok(Some((order_id, number, access_token, payment_id)))
}

async fn history(
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

/// Step 4, paid (or nothing to pay).
async fn confirm(
    db: &Db,
    order_id: i64,
    payment_id: Option<i64>,
    reference: Option<&str>,
    p: &Priced,
    record: &CheckoutRecord,
    number: &str,
) -> Result<(), AppError> {
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
    if let Some(pid) = payment_id {
        tx.exec(
            "UPDATE payments SET status = 'CAPTURED', captured_amount = amount, provider_payment_id = $1,
                    authorized_at = $2, captured_at = $2, updated_at = $2
              WHERE id = $3",
            args![reference, now, pid],
        )
        .await
        .map_err(db_err)?;
    }
    convert_for_order(&mut tx, order_id, now)
        .await
        .map_err(db_err)?;
    for l in &p.lines {
        tx.exec(
            "UPDATE products SET sales_count = sales_count + $1 WHERE id = $2",
            args![i64::from(l.quantity), l.product_id],
        )
        .await
        .map_err(db_err)?;
    }
    tx.exec(
        "UPDATE carts SET status = 'CONVERTED', converted_at = $1, updated_at = $1 WHERE id = $2",
        args![now, record.cart_id],
    )
    .await
    .map_err(db_err)?;
    let q = &p.quote;
    tx.exec(
        "UPDATE checkouts SET status = 'COMPLETED', step = 'COMPLETE', completed_at = $1, updated_at = $1,
                subtotal_amount = $2, discount_amount = $3, tax_amount = $4, total_amount = $5
          WHERE id = $6",
        args![
            now,
            q.subtotal.minor(),
            q.discount.minor(),
            q.tax.map_or(0, |t| t.minor()),
            q.total.minor(),
            record.id
        ],
    )
    .await
    .map_err(db_err)?;
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
    let payload = serde_json::json!({
        "template": "order_confirmation",
        "order_id": order_id,
        "number": number,
        "to": record.email,
    })
    .to_string();
    tx.exec(
        &crate::db::sql::outbox_insert(db.backend()),
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
    tracing::info!(order = number, "order confirmed");
    Ok(())
}

/// Step 4, refused: put everything back and reopen the checkout.
async fn compensate(
    db: &Db,
    order_id: i64,
    payment_id: Option<i64>,
    checkout_id: i64,
    customer: &str,
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
    if let Some(pid) = payment_id {
        tx.exec(
            "UPDATE payments SET status = 'FAILED', failure_code = $1, failure_message = $2, updated_at = $3
              WHERE id = $4",
            args![code, message, now, pid],
        )
        .await
        .map_err(db_err)?;
    }
    release_for_order(&mut tx, order_id, now)
        .await
        .map_err(db_err)?;
    usage::give_back(&mut tx, order_id, customer, now)
        .await
        .map_err(db_err)?;
    tx.exec(
        "UPDATE checkouts SET status = 'OPEN', payment_method = NULL, payment_token = NULL,
                card_brand = NULL, card_last4 = NULL, last_error = $1, updated_at = $2
          WHERE id = $3",
        args![message, now, checkout_id],
    )
    .await
    .map_err(db_err)?;
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
        order_id,
        code,
        "payment refused; order cancelled and stock released"
    );
    Ok(())
}
