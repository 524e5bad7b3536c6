//! Renewals and dunning on the offline gateway (Stripe Billing renews its own subscriptions;
//! their rows follow its webhooks). The job calls [`run_due`] with the injected clock's now:
//!
//! - a subscription whose period has ended is charged for the next one (the card on file);
//!   paid → a RENEWAL order with its invoice number, the period moves on;
//! - refused → PAST_DUE, retried after the dunning schedule's days (1, 3, 5 by default)
//!   counted from the renewal date, with a mail each time; access continues meanwhile;
//!   the last retry refused → CANCELED for non-payment, access gone;
//! - cancelled at period end → CANCELED on the renewal date, nothing charged.
//!
//! Two runners (instances) never charge a period twice: a runner claims the subscription
//! (`billing_claimed_at`, a conditional write under the row lock) before calling the gateway,
//! the charge's idempotency key is fixed per (subscription, period, attempt), and the period's
//! order is unique per (subscription, period start).

use std::time::Duration;

use storefront::subscription::{
    Date, DunningSchedule, Period, Retry, SubscriptionEvent, SubscriptionStatus,
};

use super::db_err;
use super::invoice::{PeriodCharge, insert_paid_period, period_charge};
use super::record::{self, Event, SubRow, long_date};
use super::start::today;
use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::payments::{ChargeRequest, GatewayError, PaymentGateway, PaymentState};
use shared::errors::AppError;

/// A claim older than this belongs to a runner presumed dead.
const CLAIM_LEASE: Duration = Duration::from_secs(600);

/// What billing needs.
#[derive(Clone, Copy)]
pub struct Billing<'a> {
    pub db: &'a Db,
    pub gateway: &'a dyn PaymentGateway,
    pub dunning: &'a DunningSchedule,
    pub prices_include_tax: bool,
    /// Absolute base of links in mails.
    pub base_url: &'a str,
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RenewalReport {
    pub renewed: u64,
    pub failed: u64,
    pub canceled: u64,
    pub ended: u64,
}

impl RenewalReport {
    pub fn total(&self) -> u64 {
        self.renewed + self.failed + self.canceled + self.ended
    }
}

/// What charging one subscription came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Charged {
    /// Paid: the period's order and invoice.
    Paid { order: String, invoice: String },
    /// Refused; retried on `retry_on`.
    Failed { message: String, retry_on: Date },
    /// Refused for the last time: canceled for non-payment.
    Canceled { message: String },
    /// Its term ended (cancelled at period end): canceled, nothing charged.
    Ended,
    /// Nothing was due, or another runner is on it.
    NotDue,
}

/// Why `force` may bill before the scheduled retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The job: only what is due.
    Schedule,
    /// Staff's "retry now" or a new card: a PAST_DUE subscription is retried at once.
    RetryNow,
}

enum Due {
    Charge(Period),
    EndTerm,
    No,
}

fn due(sub: &SubRow, today: Date, trigger: Trigger) -> Due {
    if sub.provider != "TEST" {
        return Due::No;
    }
    let end = sub.period_end.0;
    match sub.status() {
        SubscriptionStatus::Paused | SubscriptionStatus::Canceled => Due::No,
        SubscriptionStatus::PastDue => {
            let retry = sub.next_retry_on.as_ref().map_or(end, |d| d.0);
            if trigger == Trigger::RetryNow || retry <= today {
                next_period(sub).map_or(Due::No, Due::Charge)
            } else {
                Due::No
            }
        }
        SubscriptionStatus::Trialing | SubscriptionStatus::Active if end <= today => {
            if sub.cancel_at_period_end {
                Due::EndTerm
            } else {
                next_period(sub).map_or(Due::No, Due::Charge)
            }
        }
        SubscriptionStatus::Trialing | SubscriptionStatus::Active => Due::No,
    }
}

/// The period a charge now pays: from the renewal date. A trial's first paid period is
/// anchored on the day the trial ends.
fn next_period(sub: &SubRow) -> Option<Period> {
    let start = sub.period_end.0;
    let anchor = if sub.status() == SubscriptionStatus::Trialing {
        start.day()
    } else {
        sub.anchor()
    };
    Period::starting(start, sub.interval(), anchor)
}

/// Bills every subscription that is due at `now` (renewals, trial ends, retries) and ends
/// those cancelled at period end. One subscription failing is logged, not fatal.
pub async fn run_due(b: Billing<'_>, now: Ts) -> Result<RenewalReport, AppError> {
    let today = today(now)?.to_string();
    let ids: Vec<(i64,)> =
        b.db.all(
            "SELECT id FROM subscriptions
              WHERE provider = 'TEST'
                AND ((status IN ('TRIALING', 'ACTIVE') AND period_end <= $1)
                  OR (status = 'PAST_DUE' AND COALESCE(next_retry_on, period_end) <= $1))
              ORDER BY period_end, id LIMIT 500",
            args![today],
        )
        .await
        .map_err(db_err)?;
    let mut report = RenewalReport::default();
    for (id,) in ids {
        match charge(b, id, None, Trigger::Schedule, "system", now).await {
            Ok(Charged::Paid { .. }) => report.renewed += 1,
            Ok(Charged::Failed { .. }) => report.failed += 1,
            Ok(Charged::Canceled { .. }) => report.canceled += 1,
            Ok(Charged::Ended) => report.ended += 1,
            Ok(Charged::NotDue) => {}
            Err(e) => tracing::warn!(subscription_id = id, error = %e, "renewal failed"),
        }
    }
    Ok(report)
}

/// Bills subscription `id` (of `user`, when given) if it is due for `trigger`. 404 for a
/// subscription that is not there (or not `user`'s).
pub async fn charge(
    b: Billing<'_>,
    id: i64,
    user: Option<i64>,
    trigger: Trigger,
    actor: &str,
    now: Ts,
) -> Result<Charged, AppError> {
    let today = today(now)?;
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, id, user)
        .await?
        .ok_or_else(|| AppError::NotFound("There is no such subscription.".into()))?;
    let period = match due(&sub, today, trigger) {
        Due::No => return Ok(Charged::NotDue),
        Due::EndTerm => {
            end_term(&mut tx, &sub, now).await?;
            tx.commit().await.map_err(db_err)?;
            return Ok(Charged::Ended);
        }
        Due::Charge(period) => period,
    };
    let stale = now.minus(CLAIM_LEASE);
    if sub
        .billing_claimed_at
        .as_deref()
        .and_then(Ts::parse_text)
        .is_some_and(|at| at.0 > stale.0)
    {
        return Ok(Charged::NotDue);
    }
    let claimed = tx
        .exec(
            "UPDATE subscriptions SET billing_claimed_at = $1 WHERE id = $2",
            args![now.to_rfc3339(), id],
        )
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    if claimed != 1 {
        return Ok(Charged::NotDue);
    }
    let amounts = period_charge(b.db, &sub, b.prices_include_tax).await?;
    let result = pay(b, &sub, period, &amounts).await;
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    let outcome = match result {
        Ok(reference) => {
            paid(
                &mut tx,
                &sub,
                period,
                &amounts,
                reference.as_deref(),
                actor,
                now,
            )
            .await?
        }
        Err(GatewayError::Declined { message, .. }) => {
            refused(&mut tx, b, &sub, &message, actor, now).await?
        }
        Err(e @ GatewayError::Unavailable(_)) => {
            // Not the card's fault: nothing counts against the subscriber; the next pass retries.
            release(&mut tx, id).await?;
            tx.commit().await.map_err(db_err)?;
            return Err(AppError::Unavailable(e.to_string()));
        }
    };
    tx.commit().await.map_err(db_err)?;
    tracing::info!(subscription_id = id, ?outcome, "subscription billed");
    Ok(outcome)
}

/// Charges the card on file; `Ok(None)`: nothing to charge (credit covered it).
async fn pay(
    b: Billing<'_>,
    sub: &SubRow,
    period: Period,
    amounts: &PeriodCharge,
) -> Result<Option<String>, GatewayError> {
    if amounts.total.is_zero() {
        return Ok(None);
    }
    let Some(token) = sub.payment_token.as_deref() else {
        return Err(GatewayError::Declined {
            code: "no_card".into(),
            message: "There is no card on file.".into(),
        });
    };
    let key = format!(
        "renewal:{}:{}:{}",
        sub.id, period.start, sub.failed_attempts
    );
    let description = format!("{} {} – {}", sub.plan_name, period.start, period.end);
    let state = b
        .gateway
        .authorize(ChargeRequest {
            token,
            amount: amounts.total,
            idempotency_key: &key,
            description: &description,
            order_number: &format!("SUB-{}", sub.id),
            return_url: b.base_url,
            keep_card_for: None,
        })
        .await?;
    let reference = match state {
        PaymentState::Authorized { reference } => {
            match b.gateway.capture(&reference, amounts.total, &key).await? {
                PaymentState::Captured { reference, .. } => reference,
                other => return Err(not_taken(&other)),
            }
        }
        PaymentState::Captured { reference, .. } => reference,
        other => return Err(not_taken(&other)),
    };
    Ok(Some(reference))
}

fn not_taken(state: &PaymentState) -> GatewayError {
    match state {
        PaymentState::Failed { code, message, .. } => GatewayError::Declined {
            code: code.clone(),
            message: message.clone(),
        },
        _ => GatewayError::Declined {
            code: "authentication_required".into(),
            message: "Your bank asked to confirm this payment; update your card to continue."
                .into(),
        },
    }
}

async fn release(tx: &mut Tx, id: i64) -> Result<(), AppError> {
    tx.exec(
        "UPDATE subscriptions SET billing_claimed_at = NULL WHERE id = $1",
        args![id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

fn transition(
    from: SubscriptionStatus,
    event: SubscriptionEvent,
) -> Result<SubscriptionStatus, AppError> {
    from.apply(event)
        .map_err(|e| AppError::Conflict(format!("{e}.")))
}

/// Paid: the period's order, the period moves on, dunning resets.
#[allow(clippy::too_many_arguments)]
async fn paid(
    tx: &mut Tx,
    sub: &SubRow,
    period: Period,
    amounts: &PeriodCharge,
    reference: Option<&str>,
    actor: &str,
    now: Ts,
) -> Result<Charged, AppError> {
    let from = sub.status();
    let event = match from {
        SubscriptionStatus::Trialing => SubscriptionEvent::TrialConverted,
        SubscriptionStatus::PastDue => SubscriptionEvent::PaymentRecovered,
        _ => SubscriptionEvent::Renewed,
    };
    let to = transition(from, event)?;
    let Some((order_id, invoice)) =
        insert_paid_period(tx, sub, period, amounts, reference, now).await?
    else {
        // Another runner recorded this period already.
        release(tx, sub.id).await?;
        return Ok(Charged::NotDue);
    };
    let anchor = if from == SubscriptionStatus::Trialing {
        i32::from(period.start.day())
    } else {
        sub.anchor_day
    };
    tx.exec(
        "UPDATE subscriptions SET status = $1, period_start = $2, period_end = $3, anchor_day = $4,
                failed_attempts = 0, next_retry_on = NULL, last_error = NULL,
                credit_amount = credit_amount - $5, billing_claimed_at = NULL, updated_at = $6
          WHERE id = $7",
        args![
            to.as_str(),
            period.start.to_string(),
            period.end.to_string(),
            anchor,
            amounts.credit_used.minor(),
            now,
            sub.id
        ],
    )
    .await
    .map_err(db_err)?;
    let (number,): (String,) = tx
        .one("SELECT number FROM orders WHERE id = $1", args![order_id])
        .await
        .map_err(db_err)?;
    let reason = format!(
        "{} paid {} for {} – {} (order {number}, invoice {invoice})",
        sub.card_label.as_deref().unwrap_or("Credit"),
        amounts.total,
        period.start,
        period.end
    );
    record::event(
        tx,
        sub.id,
        Event {
            from: Some(from),
            to,
            event: event_name(event),
            actor,
            reason: Some(reason),
        },
        now,
    )
    .await?;
    let payload = serde_json::json!({
        "plan": sub.plan_name,
        "amount": amounts.total.to_string(),
        "tax": amounts.tax.to_string(),
        "period_start": long_date(period.start),
        "period_end": long_date(period.end),
        "invoice": invoice,
        "order": number,
        "recovered": from == SubscriptionStatus::PastDue,
    });
    record::mail(
        tx,
        "subscription_renewed",
        &sub.email,
        payload,
        format!("subscription-paid:{}:{}", sub.id, period.start),
        now,
    )
    .await?;
    Ok(Charged::Paid {
        order: number,
        invoice,
    })
}

/// Refused: PAST_DUE with the next retry, or CANCELED when the schedule has run out.
async fn refused(
    tx: &mut Tx,
    b: Billing<'_>,
    sub: &SubRow,
    message: &str,
    actor: &str,
    now: Ts,
) -> Result<Charged, AppError> {
    let from = sub.status();
    let failures = u32::try_from(sub.failed_attempts).unwrap_or(0) + 1;
    let renewal = sub.period_end.0;
    match b.dunning.after_failures(failures) {
        Retry::After(days) => {
            let to = transition(from, SubscriptionEvent::PaymentFailed)?;
            let retry_on = renewal
                .plus_days(i64::from(days))
                .ok_or_else(|| AppError::internal("retry date", days))?;
            tx.exec(
                "UPDATE subscriptions SET status = $1, failed_attempts = $2, next_retry_on = $3,
                        last_error = $4, billing_claimed_at = NULL, updated_at = $5
                  WHERE id = $6",
                args![
                    to.as_str(),
                    i32::try_from(failures).unwrap_or(i32::MAX),
                    retry_on.to_string(),
                    message,
                    now,
                    sub.id
                ],
            )
            .await
            .map_err(db_err)?;
            let reason = format!("Payment {failures} refused: {message} Next try on {retry_on}.");
            record::event(
                tx,
                sub.id,
                Event {
                    from: Some(from),
                    to,
                    event: "PAYMENT_FAILED",
                    actor,
                    reason: Some(reason),
                },
                now,
            )
            .await?;
            let payload = serde_json::json!({
                "plan": sub.plan_name,
                "message": message,
                "retry_on": long_date(retry_on),
                "access_until": long_date(renewal.plus_days(i64::from(b.dunning.grace_days())).unwrap_or(retry_on)),
            });
            record::mail(
                tx,
                "subscription_payment_failed",
                &sub.email,
                payload,
                format!("subscription-failed:{}:{}:{failures}", sub.id, renewal),
                now,
            )
            .await?;
            Ok(Charged::Failed {
                message: message.to_string(),
                retry_on,
            })
        }
        Retry::GiveUp => {
            let to = transition(from, SubscriptionEvent::DunningExhausted)
                .or_else(|_| transition(from, SubscriptionEvent::CancelNow))?;
            tx.exec(
                "UPDATE subscriptions SET status = $1, failed_attempts = $2, next_retry_on = NULL,
                        last_error = $3, billing_claimed_at = NULL, canceled_at = $4,
                        cancel_at_period_end = FALSE, updated_at = $4
                  WHERE id = $5",
                args![
                    to.as_str(),
                    i32::try_from(failures).unwrap_or(i32::MAX),
                    message,
                    now,
                    sub.id
                ],
            )
            .await
            .map_err(db_err)?;
            record::event(
                tx,
                sub.id,
                Event {
                    from: Some(from),
                    to,
                    event: "DUNNING_EXHAUSTED",
                    actor,
                    reason: Some(format!(
                        "Canceled for non-payment after {failures} refused payments: {message}"
                    )),
                },
                now,
            )
            .await?;
            let payload = serde_json::json!({
                "plan": sub.plan_name,
                "reason": "non_payment",
                "message": message,
            });
            record::mail(
                tx,
                "subscription_canceled",
                &sub.email,
                payload,
                format!("subscription-ended:{}", sub.id),
                now,
            )
            .await?;
            Ok(Charged::Canceled {
                message: message.to_string(),
            })
        }
    }
}

/// Cancelled at period end, and the period has ended: CANCELED, nothing charged.
async fn end_term(tx: &mut Tx, sub: &SubRow, now: Ts) -> Result<(), AppError> {
    let from = sub.status();
    let to = transition(from, SubscriptionEvent::TermEnded)?;
    tx.exec(
        "UPDATE subscriptions SET status = $1, canceled_at = $2, billing_claimed_at = NULL,
                updated_at = $2
          WHERE id = $3",
        args![to.as_str(), now, sub.id],
    )
    .await
    .map_err(db_err)?;
    record::event(
        tx,
        sub.id,
        Event {
            from: Some(from),
            to,
            event: "TERM_ENDED",
            actor: "system",
            reason: Some(format!(
                "Ended on {} as the subscriber asked",
                sub.period_end.0
            )),
        },
        now,
    )
    .await?;
    record::mail(
        tx,
        "subscription_canceled",
        &sub.email,
        serde_json::json!({"plan": sub.plan_name, "reason": "term_ended",
            "ended_on": long_date(sub.period_end.0)}),
        format!("subscription-ended:{}", sub.id),
        now,
    )
    .await
}

/// The stored name of an event.
pub fn event_name(e: SubscriptionEvent) -> &'static str {
    match e {
        SubscriptionEvent::TrialConverted => "TRIAL_CONVERTED",
        SubscriptionEvent::Renewed => "RENEWED",
        SubscriptionEvent::PaymentFailed => "PAYMENT_FAILED",
        SubscriptionEvent::PaymentRecovered => "PAYMENT_RECOVERED",
        SubscriptionEvent::DunningExhausted => "DUNNING_EXHAUSTED",
        SubscriptionEvent::CancelNow => "CANCELED",
        SubscriptionEvent::TermEnded => "TERM_ENDED",
        SubscriptionEvent::Pause => "PAUSED",
        SubscriptionEvent::Resume => "RESUMED",
    }
}
