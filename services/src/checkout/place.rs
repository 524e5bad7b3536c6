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
use super::record::CheckoutRecord;
use super::reserve::ensure_reserved;
use super::settle::{Settled, apply, confirm, history, order_payment};
use super::usage::{self, Claim, ClaimError};
use super::view::{Priced, priced};
use crate::args;
use crate::cart::CartRef;
use crate::db::dialect;
use crate::db::{Db, Ts, Tx};
use crate::payments::{ChargeRequest, PaymentGateway};
use crate::settings::ShopSettings;
use crate::tokens::random_token;
use shared::checkout::Step;
use shared::errors::AppError;

/// A placed order: paid, or (`next_action`) waiting for the shopper to authenticate the
/// payment at their bank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaceOutcome {
    pub order_id: i64,
    pub number: String,
    pub access_token: String,
    /// Where the shopper must go to finish paying (3-D Secure), if anywhere.
    pub next_action: Option<String>,
}

/// Who is placing it.
#[derive(Clone, Copy, Debug)]
pub struct Placer<'a> {
    pub user_id: Option<i64>,
    pub signed_in: bool,
    /// Already scoped to the shopper (see the callers), unique per attempt.
    pub idempotency_key: &'a str,
    /// The shop's public base URL (for the return from 3-D Secure).
    pub site_url: &'a str,
    /// The client's throttle key, when known (stock holds are capped per client).
    pub client: Option<&'a str>,
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
            "PENDING" => {
                if let Some(url) = next_action(db, id).await? {
                    return Ok(Some(PlaceOutcome {
                        order_id: id,
                        number,
                        access_token: token.unwrap_or_default(),
                        next_action: Some(url),
                    }));
                }
                tokio::time::sleep(Duration::from_millis(200)).await
            }
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
                    next_action: None,
                }));
            }
        }
    }
    Err(AppError::Conflict(
        "Your order is still being placed. Check your email or your orders in a minute.".into(),
    ))
}

/// Where the shopper of a PENDING order must go to finish paying (3-D Secure), if anywhere.
pub async fn next_action(db: &Db, order_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = db
        .opt(
            "SELECT CAST(metadata AS TEXT) FROM payments
              WHERE order_id = $1 AND status = 'PENDING' ORDER BY id DESC LIMIT 1",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    Ok(next_action_url(row))
}

/// [`next_action`] for order `number`.
pub async fn next_action_for(db: &Db, number: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = db
        .opt(
            "SELECT CAST(p.metadata AS TEXT) FROM payments p JOIN orders o ON o.id = p.order_id
              WHERE o.number = $1 AND o.status = 'PENDING' AND p.status = 'PENDING'
              ORDER BY p.id DESC LIMIT 1",
            args![number],
        )
        .await
        .map_err(db_err)?;
    Ok(next_action_url(row))
}

fn next_action_url(row: Option<(String,)>) -> Option<String> {
    row.and_then(|(m,)| serde_json::from_str::<serde_json::Value>(&m).ok())
        .and_then(|m| m.get("next_action_url")?.as_str().map(str::to_string))
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
        who.client,
        settings.checkout.hold_policy(),
    )
    .await?;

    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let created = create_order(db, &mut tx, &p, record, who, holds, now).await;
    let Created {
        order_id,
        number,
        access_token,
        payment_id,
    } = match created {
        Ok(Some(v)) => v,
        Ok(None) => {
            // Another request claimed this checkout first: its outcome is ours. Holds we
            // took meanwhile are not its (its own are tied to its order): give them back.
            tx.rollback().await.map_err(db_err)?;
            crate::holds::release_for_cart(db, cart.id).await?;
            return settled(db, "checkout_id", crate::db::sql::Arg::I64(record.id))
                .await?
                .ok_or_else(|| {
                    AppError::Conflict("Your order is being placed. Reload in a moment.".into())
                });
        }
        Err(e) => {
            let _ = tx.rollback().await;
            if matches!(e, AppError::Refused { .. }) {
                // Refused by a rule: what this attempt held goes back.
                crate::holds::release_for_cart(db, cart.id).await?;
            }
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

    let placed = |next_action: Option<String>| PlaceOutcome {
        order_id,
        number: number.clone(),
        access_token: access_token.clone(),
        next_action,
    };
    let (Some(_), Some(token)) = (payment_id, record.payment_token.as_deref()) else {
        // Nothing to pay (a free order).
        confirm(db, order_id, None).await?;
        return Ok(placed(None));
    };
    let description = format!("Order {number}");
    // A subscription the gateway bills keeps the card for its renewals.
    let keeps_card = gateway.bills_subscriptions()
        && p.lines
            .iter()
            .any(|l| l.priced.kind == storefront::pricing::ProductKind::Subscription);
    let email = record.email.as_deref().unwrap_or_default();
    let charge_key = format!("charge:{number}");
    let return_url = format!(
        "{}/checkout/return?order={number}&key={access_token}",
        who.site_url.trim_end_matches('/')
    );
    let answer = gateway
        .authorize(ChargeRequest {
            token,
            amount: p.quote.total,
            idempotency_key: &charge_key,
            description: &description,
            order_number: &number,
            return_url: &return_url,
            keep_card_for: keeps_card.then_some(email),
        })
        .await;
    let order = order_payment(db, order_id)
        .await?
        .ok_or_else(|| AppError::internal("order payment", order_id))?;
    match apply(db, gateway, &order, answer).await? {
        Settled::Confirmed => Ok(placed(None)),
        Settled::Action(url) => Ok(placed(Some(url))),
        Settled::Pending => Ok(placed(None)),
        Settled::Refused(shown) => Err(AppError::PaymentFailed(shown)),
    }
}

/// The order step 2 created.
struct Created {
    order_id: i64,
    number: String,
    access_token: String,
    payment_id: Option<i64>,
}

/// Claims one use of every applied promotion (and its coupon) for this customer.
async fn claim_promotions(
    tx: &mut Tx,
    p: &Priced,
    customer: &str,
    now: Ts,
) -> Result<Vec<Claim>, AppError> {
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
    match usage::claim(tx, &claims, customer, now).await {
        Ok(()) => Ok(claims),
        Err(ClaimError::UsedUp) => Err(AppError::invalid(
            "couponCode",
            "An offer in your order has just run out. Review your order and try again.",
        )),
        Err(ClaimError::PerCustomer) => Err(AppError::invalid(
            "couponCode",
            "You have already used this offer as many times as it allows.",
        )),
        Err(ClaimError::Db(e)) => Err(db_err(e)),
    }
}

/// The `orders` row (PENDING) with the next order number; returns its id, number and the
/// secret of its guest link.
async fn insert_order_row(
    db: &Db,
    tx: &mut Tx,
    p: &Priced,
    record: &CheckoutRecord,
    who: &Placer<'_>,
    now: Ts,
) -> Result<(i64, String, String), AppError> {
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
    let shipping_net = p.summary().shipping.map_or(0, |s| s.minor());
    let billing = if record.billing_same_as_shipping {
        record.shipping_address.as_ref()
    } else {
        record.billing_address.as_ref()
    };
    let json = |a: Option<&shared::account::Address>| a.and_then(|a| serde_json::to_string(a).ok());
    let method = p.shipping_method.as_ref();
    let sql = format!(
        "INSERT INTO orders (number, user_id, email, cart_id, checkout_id, status, payment_status, currency,
                subtotal_amount, discount_amount, shipping_amount, tax_amount, total_amount,
                shipping_address, billing_address, shipping_method_id, shipping_method_name,
                shipping_method_code, idempotency_key, access_token, placed_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'PENDING', 'PENDING', $6, $7, $8, $9, $10, $11, {}, {}, $14, $15,
                 $16, $17, $18, $19, $19, $19)
         RETURNING id",
        dialect::json_param(db.backend(), 12),
        dialect::json_param(db.backend(), 13)
    );
    let inserted: Result<(i64,), sqlx::Error> = tx
        .one(
            &sql,
            args![
                number.clone(),
                who.user_id,
                record.email.clone().unwrap_or_default(),
                record.cart_id,
                record.id,
                p.currency.code(),
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
    match inserted {
        Ok((id,)) => Ok((id, number, access_token)),
        Err(e) if crate::db::is_unique_violation(&e) => {
            Err(AppError::Conflict("This order was already placed.".into()))
        }
        Err(e) => Err(db_err(e)),
    }
}

/// The order's lines and the promotions it redeemed.
async fn insert_lines(
    tx: &mut Tx,
    order_id: i64,
    p: &Priced,
    claims: &[Claim],
    who: &Placer<'_>,
    email: &str,
    now: Ts,
) -> Result<(), AppError> {
    let (q, currency) = (&p.quote, p.currency.code());
    for (l, lq) in p.lines.iter().zip(&q.lines) {
        let kind = l.priced.kind.as_str();
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
    for (a, c) in q.applied.iter().zip(claims) {
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
                email,
                a.amount.minor(),
                currency,
                now
            ],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Ties the checkout's `holds` stock holds to the order (409 when some ran out meanwhile) and
/// adds the PENDING payment row when there is anything to pay.
async fn tie_holds_and_payment(
    tx: &mut Tx,
    order_id: i64,
    number: &str,
    p: &Priced,
    record: &CheckoutRecord,
    holds: usize,
    now: Ts,
) -> Result<Option<i64>, AppError> {
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
    if !p.quote.total.is_positive() {
        return Ok(None);
    }
    let (id,): (i64,) = tx
        .one(
            "INSERT INTO payments (order_id, checkout_id, provider, status, amount, currency, card_brand,
                    card_last4, idempotency_key, created_at, updated_at)
             VALUES ($1, $2, $3, 'PENDING', $4, $5, $6, $7, $8, $9, $9) RETURNING id",
            args![
                order_id,
                record.id,
                if record.payment_method.as_deref() == Some("stripe") { "STRIPE" } else { "TEST" },
                p.quote.total.minor(),
                p.currency.code(),
                record.card_brand.clone(),
                record.card_last4.clone(),
                format!("charge:{number}"),
                now
            ],
        )
        .await
        .map_err(db_err)?;
    Ok(Some(id))
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
) -> Result<Option<Created>, AppError> {
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
    // The learning rules once more, in the order's transaction: a prerequisite removed from
    // the cart, a course bought meanwhile, a guest buying access.
    crate::learning::cart_rules::check_before_order(tx, record.cart_id, who.user_id).await?;
    crate::subscriptions::cart_rules::check_before_order(tx, record.cart_id, who.user_id).await?;
    let email = record.email.clone().unwrap_or_default();
    let customer = usage::customer_key(who.user_id, &email);
    let claims = claim_promotions(tx, p, &customer, now).await?;
    let (order_id, number, access_token) = insert_order_row(db, tx, p, record, &who, now).await?;
    insert_lines(tx, order_id, p, &claims, &who, &email, now).await?;
    let payment_id = tie_holds_and_payment(tx, order_id, &number, p, record, holds, now).await?;
    history(tx, order_id, None, "PENDING", "customer", None, now).await?;
    Ok(Some(Created {
        order_id,
        number,
        access_token,
        payment_id,
    }))
}
