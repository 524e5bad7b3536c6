//! Pausing a subscription the shop bills (staff, e.g. at a subscriber's request): while
//! PAUSED nothing is charged and the included courses are closed. Resuming makes it ACTIVE
//! again: within the period already paid for, nothing is due until it ends; past it, a new
//! period starts today and the next billing pass charges it (the paused time is never billed).

use storefront::subscription::SubscriptionEvent;

use super::not_found;
use crate::args;
use crate::back_office::{audit, db_err};
use crate::db::{Db, Ts};
use crate::orders::Actor;
use crate::subscriptions::record::{self, Event};
use crate::subscriptions::start::today;
use shared::admin_subscription::SubscriptionActionOutcome;
use shared::errors::AppError;

/// Pauses (`pause`) or resumes subscription `id`. 404: no such subscription; 409: the state
/// machine does not allow it (the reason given), or Stripe bills it.
pub async fn set_paused(
    db: &Db,
    id: i64,
    pause: bool,
    actor: &Actor,
    now: Ts,
) -> Result<SubscriptionActionOutcome, AppError> {
    let today = today(now)?;
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, id, None)
        .await?
        .ok_or_else(|| not_found(id))?;
    if sub.provider != "TEST" {
        return Err(AppError::Conflict(format!(
            "Stripe bills subscription {id}: pause it in the Stripe dashboard and this record follows."
        )));
    }
    let (event, name, verb) = if pause {
        (SubscriptionEvent::Pause, "PAUSED", "paused")
    } else {
        (SubscriptionEvent::Resume, "RESUMED", "resumed")
    };
    let from = sub.status();
    let to = from
        .apply(event)
        .map_err(|e| AppError::Conflict(format!("{e}.")))?;
    // Resumed after the paid period ended: a new period starts today, billed by the next pass.
    let restart = !pause && sub.period_end.0 <= today;
    let (start, end, anchor) = if restart {
        (today, today, i32::from(today.day()))
    } else {
        (sub.period_start.0, sub.period_end.0, sub.anchor_day)
    };
    tx.exec(
        "UPDATE subscriptions SET status = $1, period_start = $2, period_end = $3, anchor_day = $4,
                billing_claimed_at = NULL, updated_at = $5
          WHERE id = $6",
        args![
            to.as_str(),
            start.to_string(),
            end.to_string(),
            anchor,
            now,
            id
        ],
    )
    .await
    .map_err(db_err)?;
    let reason = match (pause, restart) {
        (true, _) => "Paused by staff: no charges, no access".to_string(),
        (false, true) => format!("Resumed by staff: a new period starts on {today}"),
        (false, false) => format!("Resumed by staff within the period paid until {end}"),
    };
    record::event(
        &mut tx,
        id,
        Event {
            from: Some(from),
            to,
            event: name,
            actor: &actor.label,
            reason: Some(reason.clone()),
        },
        now,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        if pause {
            "subscription.pause"
        } else {
            "subscription.resume"
        },
        "subscription",
        Some(id),
        serde_json::json!({"from": from.as_str(), "to": to.as_str(), "email": sub.email}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        subscription_id = id,
        pause,
        "staff paused or resumed a subscription"
    );
    Ok(SubscriptionActionOutcome {
        outcome: name.to_string(),
        message: format!("Subscription {id} ({}) is {verb}. {reason}.", sub.email),
    })
}
