//! What staff can do to a subscription (one Stripe bills is ended at Stripe first, and its row
//! follows Stripe's webhooks; Stripe retries its own refused payments):
//!
//! - **retry now**: a PAST_DUE subscription's card is charged at once (`renew::charge` with
//!   [`Trigger::RetryNow`]), and the answer is put in words;
//! - **cancel now**: CANCELED with immediate effect (the state machine's `CancelNow`; a 409
//!   with its reason when not allowed), the subscriber is mailed;
//! - **refund the last period**: the newest paid period's order is refunded in full through
//!   the order refund use case (`orders::refund_order`, which talks to the gateway), then the
//!   subscription is canceled at once — a refunded period gives no access.
//!
//! Each change writes its `subscription_events` row (actor `staff:<email>`) and an
//! `audit_events` row in the transaction that makes it.

use storefront::subscription::{SubscriptionEvent, SubscriptionStatus};
use storefront::{LinePick, Money};

use super::not_found;
use crate::args;
use crate::back_office::{audit, db_err};
use crate::db::{Db, Ts, Tx};
use crate::orders::{Actor, RefundRequest, refund_order};
use crate::payments::PaymentGateway;
use crate::subscriptions::record::{self, Event, SubRow};
use crate::subscriptions::renew::{self, Billing, Charged, Trigger};
use shared::admin_subscription::SubscriptionActionOutcome;
use shared::errors::AppError;

fn outcome(outcome: &str, message: String) -> SubscriptionActionOutcome {
    SubscriptionActionOutcome {
        outcome: outcome.to_string(),
        message,
    }
}

/// The shop charges only what it bills: Stripe retries its own refused payments.
fn billed_here(sub: &SubRow) -> Result<(), AppError> {
    if sub.provider == "TEST" {
        Ok(())
    } else {
        Err(AppError::Conflict(format!(
            "Stripe bills subscription {} and retries refused payments on its own schedule.",
            sub.id
        )))
    }
}

/// A subscription Stripe bills is canceled at Stripe first (with immediate effect), so Stripe
/// charges nothing more; one not linked to Stripe yet has nothing there to end.
async fn end_at_stripe(gateway: &dyn PaymentGateway, sub: &SubRow) -> Result<(), AppError> {
    let Some(remote) = sub
        .provider_subscription_id
        .as_deref()
        .filter(|_| sub.provider == "STRIPE" && !sub.status().is_final())
    else {
        return Ok(());
    };
    gateway
        .cancel_subscription(remote, false, &format!("staff-cancel:{}", sub.id))
        .await
        .map(|_| ())
        .map_err(|e| match e {
            crate::payments::GatewayError::Declined { message, .. } => AppError::Conflict(format!(
                "Stripe would not cancel subscription {}: {message}",
                sub.id
            )),
            e @ crate::payments::GatewayError::Unavailable(_) => {
                AppError::Unavailable(e.to_string())
            }
        })
}

/// An optional reason as typed: blank is none; at most 500 characters.
fn reason_text(reason: Option<&str>) -> Result<Option<String>, AppError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    if reason.is_some_and(|r| r.chars().count() > 500) {
        return Err(AppError::invalid(
            "reason",
            "Keep the reason under 500 characters.",
        ));
    }
    Ok(reason.map(str::to_string))
}

/// What a charge came to, in words for staff.
fn describe(id: i64, charged: &Charged) -> SubscriptionActionOutcome {
    match charged {
        Charged::Paid { order, invoice } => outcome(
            "PAID",
            format!(
                "Payment taken: subscription {id} is active again (order {order}, invoice {invoice})."
            ),
        ),
        Charged::Failed { message, retry_on } => outcome(
            "FAILED",
            format!(
                "The payment was refused again: {message} The next automatic try is on {retry_on}."
            ),
        ),
        Charged::Canceled { message } => outcome(
            "CANCELED",
            format!(
                "The payment was refused again ({message}) and that was the last try: subscription {id} is canceled for non-payment."
            ),
        ),
        Charged::Ended => outcome(
            "ENDED",
            format!(
                "Subscription {id} had reached the end of its term: it is canceled and nothing was charged."
            ),
        ),
        Charged::NotDue => outcome(
            "NOT_DUE",
            format!(
                "Nothing was charged: subscription {id} is not due, or a charge is already under way."
            ),
        ),
    }
}

/// Charges PAST_DUE subscription `id` now instead of on its next retry date, and says what
/// came of it (a refused payment is an answer, not an error). 404: no such subscription;
/// 409: it is not past due, or Stripe bills it; 503: the payment service did not answer
/// (nothing counts against the subscriber).
#[tracing::instrument(skip(b, actor), fields(actor = %actor.label))]
pub async fn retry_now(
    b: Billing<'_>,
    id: i64,
    actor: &Actor,
    now: Ts,
) -> Result<SubscriptionActionOutcome, AppError> {
    let sub = record::find(b.db, id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    billed_here(&sub)?;
    if sub.status() != SubscriptionStatus::PastDue {
        return Err(AppError::Conflict(format!(
            "Only a past-due subscription can be charged now; subscription {id} is {}.",
            sub.status()
        )));
    }
    let charged = renew::charge(b, id, None, Trigger::RetryNow, &actor.label, now).await?;
    let done = describe(id, &charged);
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "subscription.retry",
        "subscription",
        Some(id),
        serde_json::json!({"outcome": done.outcome, "email": sub.email, "plan": sub.plan_name}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(subscription_id = id, outcome = %done.outcome, "staff retried a payment");
    Ok(done)
}

/// Cancels `sub` (locked in `tx`) with immediate effect: CANCELED now, no charge in flight,
/// its history row and the subscriber's mail. 409 with the state machine's reason when its
/// status does not allow it, or when it changed meanwhile.
async fn cancel_locked(
    tx: &mut Tx,
    sub: &SubRow,
    actor: &Actor,
    reason: String,
    now: Ts,
) -> Result<SubscriptionStatus, AppError> {
    let from = sub.status();
    let to = from
        .apply(SubscriptionEvent::CancelNow)
        .map_err(crate::orders::refused)?;
    let moved = tx
        .exec(
            "UPDATE subscriptions SET status = $1, canceled_at = $2, billing_claimed_at = NULL,
                    cancel_at_period_end = FALSE, next_retry_on = NULL, updated_at = $2
              WHERE id = $3 AND status = $4",
            args![to.as_str(), now, sub.id, from.as_str()],
        )
        .await
        .map_err(db_err)?;
    if moved != 1 {
        return Err(AppError::Conflict(format!(
            "Subscription {} changed meanwhile; reload it and try again.",
            sub.id
        )));
    }
    record::event(
        tx,
        sub.id,
        Event {
            from: Some(from),
            to,
            event: renew::event_name(SubscriptionEvent::CancelNow),
            actor: &actor.label,
            reason: Some(reason),
        },
        now,
    )
    .await?;
    record::mail(
        tx,
        "subscription_canceled",
        &sub.email,
        serde_json::json!({"plan": sub.plan_name, "reason": "staff"}),
        format!("subscription-ended:{}", sub.id),
        now,
    )
    .await?;
    Ok(to)
}

/// Cancels subscription `id` with immediate effect (access ends now; nothing is refunded —
/// see [`refund_last_period`]). 404: no such subscription; 409: already canceled, or Stripe
/// bills it; 422: a reason over 500 characters.
#[tracing::instrument(skip(db, actor), fields(actor = %actor.label))]
pub async fn cancel_now(
    db: &Db,
    gateway: &dyn PaymentGateway,
    id: i64,
    reason: Option<&str>,
    actor: &Actor,
    now: Ts,
) -> Result<SubscriptionActionOutcome, AppError> {
    let reason = reason_text(reason)?;
    let found = record::find(db, id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    if found.status().apply(SubscriptionEvent::CancelNow).is_ok() {
        end_at_stripe(gateway, &found).await?;
    }
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    let why = match &reason {
        Some(r) => format!("Canceled by staff with immediate effect: {r}"),
        None => "Canceled by staff with immediate effect".to_string(),
    };
    cancel_locked(&mut tx, &sub, actor, why, now).await?;
    audit(
        &mut tx,
        actor,
        "subscription.cancel",
        "subscription",
        Some(id),
        serde_json::json!({
            "from": sub.status().as_str(), "email": sub.email, "plan": sub.plan_name,
            "reason": reason
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(subscription_id = id, "staff canceled a subscription");
    Ok(outcome(
        "CANCELED",
        format!(
            "Subscription {id} ({}, {}) is canceled as of today; the subscriber has been told.",
            sub.plan_name, sub.email
        ),
    ))
}

/// The newest paid period of a subscription: the order that paid it.
#[derive(sqlx::FromRow)]
pub(super) struct LastPeriod {
    pub number: String,
    pub payment_status: String,
    pub total_amount: i64,
    pub refunded_amount: i64,
    pub billing_period_start: Option<String>,
    pub billing_period_end: Option<String>,
}

impl LastPeriod {
    fn period(&self) -> String {
        format!(
            "{} – {}",
            self.billing_period_start.as_deref().unwrap_or("?"),
            self.billing_period_end.as_deref().unwrap_or("?")
        )
    }
}

/// The newest period of subscription `id` that was paid (refunded since or not).
pub(super) async fn last_period(db: &Db, id: i64) -> Result<Option<LastPeriod>, AppError> {
    db.opt(
        "SELECT number, payment_status, total_amount, refunded_amount, billing_period_start,
                billing_period_end
           FROM orders
          WHERE subscription_id = $1 AND invoice_number IS NOT NULL
            AND payment_status IN ('CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED')
          ORDER BY billing_period_start DESC, id DESC LIMIT 1",
        args![id],
    )
    .await
    .map_err(db_err)
}

/// Whether `last` has money left to refund (409 saying why not).
pub(super) fn refundable(last: &LastPeriod, id: i64) -> Result<(), AppError> {
    if last.total_amount <= 0 {
        return Err(AppError::Conflict(format!(
            "The last period of subscription {id} ({}, order {}) cost nothing, so there is nothing to refund.",
            last.period(),
            last.number
        )));
    }
    if last.payment_status == "REFUNDED" || last.refunded_amount >= last.total_amount {
        return Err(AppError::Conflict(format!(
            "The last period of subscription {id} ({}, order {}) is refunded already.",
            last.period(),
            last.number
        )));
    }
    Ok(())
}

/// The refund of the period's order: everything left when the order pays only the
/// subscription (a renewal); only the subscription's line when the order that started it
/// bought other things too.
async fn period_refund(
    db: &Db,
    last: &LastPeriod,
    reason: String,
) -> Result<RefundRequest, AppError> {
    let lines: Vec<(i64, i64, i64, String)> = db
        .all(
            "SELECT i.id, CAST(i.quantity AS BIGINT), CAST(i.quantity_refunded AS BIGINT),
                    i.product_kind
               FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE o.number = $1 AND i.parent_item_id IS NULL
              ORDER BY i.id",
            args![last.number.as_str()],
        )
        .await
        .map_err(db_err)?;
    let only_subscription = lines.iter().all(|l| l.3 == "SUBSCRIPTION");
    let picks: Vec<LinePick> = if only_subscription {
        Vec::new()
    } else {
        lines
            .iter()
            .filter(|l| l.3 == "SUBSCRIPTION" && l.1 > l.2)
            .map(|l| LinePick {
                order_item_id: l.0,
                quantity: u32::try_from(l.1 - l.2).unwrap_or(0),
            })
            .collect()
    };
    if !only_subscription && picks.is_empty() {
        return Err(AppError::Conflict(format!(
            "The subscription's line of order {} is refunded already.",
            last.number
        )));
    }
    Ok(RefundRequest {
        lines: picks,
        reason: Some(reason),
        ..RefundRequest::default()
    })
}

/// A refund the gateway did not answer for is still recorded (PENDING, sent again by the
/// job) when order `number` has one waiting.
async fn refund_pending(db: &Db, number: &str) -> Result<bool, AppError> {
    let (n,): (i64,) = db
        .one(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM refunds r JOIN orders o ON o.id = r.order_id
              WHERE o.number = $1 AND r.status = 'PENDING'",
            args![number],
        )
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}

/// Refunds the newest paid period of subscription `id` in full and cancels the subscription
/// at once (a refunded period gives no access; one already canceled stays so). 404: no such
/// subscription; 409: no paid period, already refunded, the gateway refused, or Stripe bills
/// it; 503: the refund is recorded and the subscription canceled, but the payment service did
/// not answer — the refund is sent again shortly.
#[tracing::instrument(skip(db, gateway, actor), fields(actor = %actor.label))]
pub async fn refund_last_period(
    db: &Db,
    gateway: &dyn PaymentGateway,
    id: i64,
    reason: Option<&str>,
    actor: &Actor,
    now: Ts,
) -> Result<SubscriptionActionOutcome, AppError> {
    let reason = reason_text(reason)?;
    let sub = record::find(db, id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    let last = last_period(db, id).await?.ok_or_else(|| {
        AppError::Conflict(format!("Subscription {id} has no paid period to refund."))
    })?;
    refundable(&last, id)?;
    end_at_stripe(gateway, &sub).await?;
    let why = format!(
        "Last period of subscription {id} ({}) refunded by staff{}",
        last.period(),
        reason
            .as_deref()
            .map(|r| format!(": {}", r.chars().take(400).collect::<String>()))
            .unwrap_or_default()
    );
    let req = period_refund(db, &last, why).await?;
    let refunded = refund_order(db, gateway, &last.number, &req, actor).await;
    let (amount, unanswered) = match refunded {
        Ok(amount) => (Some(amount), None),
        Err(e @ AppError::Unavailable(_)) => {
            if !refund_pending(db, &last.number).await? {
                return Err(e);
            }
            (None, Some(e))
        }
        Err(e) => return Err(e),
    };
    let canceled = end_after_refund(db, id, &last, amount, reason.as_deref(), actor, now).await?;
    if let Some(e) = unanswered {
        return Err(e);
    }
    let shown = amount.map_or_else(|| "The refund".to_string(), |m| format!("Refunded {m}"));
    let after = if canceled {
        format!("subscription {id} is canceled as of today and the subscriber has been told.")
    } else {
        format!("subscription {id} was canceled already.")
    };
    Ok(outcome(
        "REFUNDED",
        format!(
            "{shown} for {} (order {}); {after}",
            last.period(),
            last.number
        ),
    ))
}

/// After the refund: the history row, the cancellation (when the subscription is still
/// live) and the audit row, in one transaction. Whether it canceled the subscription.
async fn end_after_refund(
    db: &Db,
    id: i64,
    last: &LastPeriod,
    amount: Option<Money>,
    reason: Option<&str>,
    actor: &Actor,
    now: Ts,
) -> Result<bool, AppError> {
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    let status = sub.status();
    let shown = amount.map_or_else(|| "pending".to_string(), |m| m.to_string());
    record::event(
        &mut tx,
        id,
        Event {
            from: Some(status),
            to: status,
            event: "PERIOD_REFUNDED",
            actor: &actor.label,
            reason: Some(format!(
                "Refunded {shown} for {} (order {})",
                last.period(),
                last.number
            )),
        },
        now,
    )
    .await?;
    let cancel = status.apply(SubscriptionEvent::CancelNow).is_ok();
    if cancel {
        let why = format!(
            "Canceled by staff: the period paid by order {} was refunded",
            last.number
        );
        cancel_locked(&mut tx, &sub, actor, why, now).await?;
    }
    audit(
        &mut tx,
        actor,
        "subscription.refund_last",
        "subscription",
        Some(id),
        serde_json::json!({
            "order": last.number, "amount": amount.map(|m| m.minor()), "canceled": cancel,
            "from": status.as_str(), "reason": reason
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(subscription_id = id, order = %last.number, "staff refunded the last period");
    Ok(cancel)
}
