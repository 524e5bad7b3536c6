//! Stripe Billing: subscriptions the gateway renews itself. The local record follows the
//! gateway, never the other way round:
//!
//! - a subscription paid at checkout through Stripe is linked by the billing job
//!   ([`link_pending`]): Stripe is asked to bill it from the first renewal on (the checkout
//!   paid the first period), with an idempotency key per subscription so two instances
//!   link it once;
//! - every `invoice.*` and `customer.subscription.*` webhook is answered by asking Stripe
//!   where the subscription stands now ([`sync`]) — so events that arrive late, twice or out
//!   of order cannot move it backwards — and a paid cycle invoice is recorded as the
//!   period's RENEWAL order, once per (subscription, period start).

use storefront::Money;
use storefront::subscription::{Date, Period, SubscriptionStatus};

use super::db_err;
use super::invoice::{PeriodCharge, insert_paid_period};
use super::record::{self, Event, SubRow, long_date};
use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::payments::{
    GatewayError, PaymentGateway, RemoteInvoice, RemoteSubscription, StartSubscription,
};
use shared::errors::AppError;

/// The local status for the gateway's, or `None` for a state that changes nothing here
/// (`incomplete`: the gateway is still collecting the first payment).
pub fn local_status(remote: &str) -> Option<SubscriptionStatus> {
    match remote {
        "active" => Some(SubscriptionStatus::Active),
        "trialing" => Some(SubscriptionStatus::Trialing),
        "past_due" | "unpaid" => Some(SubscriptionStatus::PastDue),
        "paused" => Some(SubscriptionStatus::Paused),
        "canceled" | "incomplete_expired" => Some(SubscriptionStatus::Canceled),
        _ => None,
    }
}

/// The calendar day (UTC) of Unix time `secs`.
fn day_of(secs: i64) -> Option<Date> {
    Date::from_days_since_epoch(secs.div_euclid(86_400))
}

/// Midnight UTC of `d`, Unix seconds.
fn midnight(d: Date) -> i64 {
    d.days_since_epoch() * 86_400
}

fn unavailable(e: GatewayError) -> AppError {
    match e {
        GatewayError::Declined { message, .. } => AppError::Conflict(message),
        e @ GatewayError::Unavailable(_) => AppError::Unavailable(e.to_string()),
    }
}

/// Links every Stripe-paid subscription not yet known to Stripe Billing; how many it linked.
/// One failing is logged and retried on the next pass.
pub async fn link_pending(db: &Db, gateway: &dyn PaymentGateway, now: Ts) -> Result<u64, AppError> {
    if !gateway.bills_subscriptions() {
        return Ok(0);
    }
    // Paid at checkout (its captured payment), or a free trial (the card the checkout took).
    let pending: Vec<(i64, Option<String>)> = db
        .all(
            "SELECT s.id, p.provider_payment_id FROM subscriptions s
               LEFT JOIN payments p ON p.order_id = s.order_id AND p.status = 'CAPTURED'
              WHERE s.provider = 'STRIPE' AND s.provider_subscription_id IS NULL
                AND s.status <> 'CANCELED'
                AND (p.provider_payment_id IS NOT NULL OR s.payment_token IS NOT NULL)
              ORDER BY s.id LIMIT 100",
            args![],
        )
        .await
        .map_err(db_err)?;
    let mut linked = 0;
    for (id, reference) in pending {
        match link(db, gateway, id, reference.as_deref(), now).await {
            Ok(()) => linked += 1,
            Err(e) => tracing::warn!(subscription_id = id, error = %e, "linking to Stripe failed"),
        }
    }
    Ok(linked)
}

async fn link(
    db: &Db,
    gateway: &dyn PaymentGateway,
    id: i64,
    reference: Option<&str>,
    now: Ts,
) -> Result<(), AppError> {
    let sub = record::find(db, id, None)
        .await?
        .ok_or_else(|| AppError::internal("subscription to link", id))?;
    let remote = gateway
        .start_subscription(StartSubscription {
            payment_reference: reference,
            card: sub.payment_token.as_deref().filter(|_| reference.is_none()),
            email: &sub.email,
            price: sub.price(),
            interval: sub.interval(),
            plan_name: &sub.plan_name,
            first_renewal: midnight(sub.period_end.0),
            local_id: id,
            idempotency_key: &format!("subscription:{id}"),
        })
        .await
        .map_err(unavailable)?;
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let moved = tx
        .exec(
            "UPDATE subscriptions SET provider_subscription_id = $1, provider_customer_id = $2,
                    payment_token = NULL, updated_at = $3
              WHERE id = $4 AND provider_subscription_id IS NULL",
            args![remote.id.clone(), remote.customer.clone(), now, id],
        )
        .await
        .map_err(db_err)?;
    if moved == 1 {
        record::event(
            &mut tx,
            id,
            Event {
                from: Some(sub.status()),
                to: sub.status(),
                event: "LINKED",
                actor: "stripe",
                reason: Some(format!(
                    "Billed by Stripe as {} (customer {}) from {}",
                    remote.id, remote.customer, sub.period_end.0
                )),
            },
            now,
        )
        .await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

/// What a billing webhook did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    pub status: SubscriptionStatus,
    /// The RENEWAL order a paid invoice was recorded as (new this time).
    pub order: Option<String>,
}

/// Brings the local subscription billed by Stripe as `remote_id` up to date with Stripe now;
/// records a paid cycle `invoice`. `Ok(None)`: not one of ours.
pub async fn sync(
    db: &Db,
    gateway: &dyn PaymentGateway,
    remote_id: &str,
    kind: &str,
    invoice: Option<&RemoteInvoice>,
    now: Ts,
) -> Result<Option<Synced>, AppError> {
    let local: Option<(i64,)> = db
        .opt(
            "SELECT id FROM subscriptions WHERE provider_subscription_id = $1",
            args![remote_id],
        )
        .await
        .map_err(db_err)?;
    let Some((id,)) = local else {
        return Ok(None);
    };
    let remote = gateway.subscription(remote_id).await.map_err(unavailable)?;
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, id, None)
        .await?
        .ok_or_else(|| AppError::internal("subscription to sync", id))?;
    let order = match invoice.filter(|i| is_paid_cycle(kind, i)) {
        Some(i) => record_paid_invoice(&mut tx, &sub, i, now).await?,
        None => None,
    };
    let status = apply_remote(&mut tx, &sub, &remote, kind, invoice, now).await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        subscription_id = id,
        kind,
        status = status.as_str(),
        "synced with Stripe"
    );
    Ok(Some(Synced { status, order }))
}

/// A paid invoice for a period after the first (the checkout paid the first one).
fn is_paid_cycle(kind: &str, i: &RemoteInvoice) -> bool {
    matches!(kind, "invoice.paid" | "invoice.payment_succeeded")
        && i.status == "paid"
        && i.billing_reason.as_deref() != Some("subscription_create")
        && i.amount_paid > 0
}

/// The invoice's period as a RENEWAL order (none if that period has its order already).
async fn record_paid_invoice(
    tx: &mut Tx,
    sub: &SubRow,
    i: &RemoteInvoice,
    now: Ts,
) -> Result<Option<String>, AppError> {
    let (Some(start), Some(end)) = (day_of(i.period_start), day_of(i.period_end)) else {
        return Err(AppError::bad("The invoice's period is not a date."));
    };
    let currency = sub.currency();
    if !i.currency.eq_ignore_ascii_case(currency.code()) {
        return Err(AppError::bad(
            "The invoice is not in the subscription's currency.",
        ));
    }
    let charge = PeriodCharge {
        price: Money::new(i.subtotal, currency),
        credit_used: Money::zero(currency),
        tax: Money::new(i.tax, currency),
        total: Money::new(i.amount_paid, currency),
    };
    let reference = i.payment_reference.clone().unwrap_or_else(|| i.id.clone());
    let period = Period { start, end };
    let Some((order_id, invoice)) =
        insert_paid_period(tx, sub, period, &charge, Some(&reference), now).await?
    else {
        return Ok(None);
    };
    let (number,): (String,) = tx
        .one("SELECT number FROM orders WHERE id = $1", args![order_id])
        .await
        .map_err(db_err)?;
    record::mail(
        tx,
        "subscription_renewed",
        &sub.email,
        serde_json::json!({
            "plan": sub.plan_name, "amount": charge.total.to_string(),
            "tax": charge.tax.to_string(), "period_start": long_date(start),
            "period_end": long_date(end), "invoice": invoice, "order": number,
            "recovered": sub.status() == SubscriptionStatus::PastDue,
        }),
        format!("subscription-paid:{}:{start}", sub.id),
        now,
    )
    .await?;
    Ok(Some(number))
}

/// Takes the gateway's status, period and cancellation flag; records the change and tells
/// the subscriber of a refused payment or the end.
async fn apply_remote(
    tx: &mut Tx,
    sub: &SubRow,
    remote: &RemoteSubscription,
    kind: &str,
    invoice: Option<&RemoteInvoice>,
    now: Ts,
) -> Result<SubscriptionStatus, AppError> {
    let from = sub.status();
    let to = local_status(&remote.status).unwrap_or(from);
    let start = day_of(remote.current_period_start).unwrap_or(sub.period_start.0);
    let end = day_of(remote.current_period_end).unwrap_or(sub.period_end.0);
    let failed = kind == "invoice.payment_failed";
    let retry_on = invoice
        .and_then(|i| i.next_payment_attempt)
        .and_then(day_of)
        .filter(|_| to == SubscriptionStatus::PastDue);
    let attempts = invoice.map_or(sub.failed_attempts, |i| {
        if to == SubscriptionStatus::Active {
            0
        } else {
            i32::try_from(i.attempt_count).unwrap_or(i32::MAX)
        }
    });
    let last_error = (to == SubscriptionStatus::PastDue)
        .then(|| "Stripe could not take the payment.".to_string());
    tx.exec(
        "UPDATE subscriptions SET status = $1, period_start = $2, period_end = $3,
                cancel_at_period_end = $4, failed_attempts = $5, next_retry_on = $6,
                last_error = $7, canceled_at = CASE WHEN $1 = 'CANCELED' THEN COALESCE(canceled_at, $8) ELSE canceled_at END,
                updated_at = $8
          WHERE id = $9",
        args![
            to.as_str(),
            start.to_string(),
            end.to_string(),
            remote.cancel_at_period_end,
            attempts,
            retry_on.map(|d| d.to_string()),
            last_error,
            now,
            sub.id
        ],
    )
    .await
    .map_err(db_err)?;
    if to != from {
        record::event(
            tx,
            sub.id,
            Event {
                from: Some(from),
                to,
                event: "STRIPE_SYNC",
                actor: "stripe",
                reason: Some(format!("{kind}: Stripe has it {}", remote.status)),
            },
            now,
        )
        .await?;
    }
    if failed && let Some(i) = invoice {
        record::mail(
            tx,
            "subscription_payment_failed",
            &sub.email,
            serde_json::json!({
                "plan": sub.plan_name,
                "message": "Your card was declined.",
                "retry_on": retry_on.map_or_else(|| "the next retry".to_string(), long_date),
                "access_until": retry_on.map_or_else(|| "the last retry".to_string(), long_date),
            }),
            format!(
                "subscription-failed:{}:{}:{}",
                sub.id, i.id, i.attempt_count
            ),
            now,
        )
        .await?;
    }
    if to == SubscriptionStatus::Canceled && from != to {
        record::mail(
            tx,
            "subscription_canceled",
            &sub.email,
            serde_json::json!({"plan": sub.plan_name, "reason": "term_ended",
                "ended_on": long_date(end)}),
            format!("subscription-ended:{}", sub.id),
            now,
        )
        .await?;
    }
    Ok(to)
}

/// Asks Stripe to end `sub` at the end of its period (`cancel`) or to keep it; the local flag
/// follows what Stripe answers. 409 while the subscription is not linked yet.
pub async fn set_cancel_at_period_end(
    gateway: &dyn PaymentGateway,
    sub: &SubRow,
    remote_id: Option<&str>,
    cancel: bool,
    now: Ts,
) -> Result<RemoteSubscription, AppError> {
    let remote_id = remote_id.ok_or_else(|| {
        AppError::Conflict(
            "Your subscription is still being set up with our payment provider; try again in a few minutes."
                .into(),
        )
    })?;
    let key = format!(
        "{}:{}:{}",
        if cancel { "cancel" } else { "keep" },
        sub.id,
        now.0.timestamp() / 60
    );
    let remote = if cancel {
        gateway.cancel_subscription(remote_id, true, &key).await
    } else {
        gateway.keep_subscription(remote_id, &key).await
    };
    remote.map_err(unavailable)
}
