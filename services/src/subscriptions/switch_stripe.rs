//! Switching plans on a subscription Stripe bills: Stripe moves it to the new plan from today,
//! credits the unused time and invoices the difference at once (its own proration, to the
//! second, where the shop's rule counts days — the page shows the shop's figure as an
//! estimate). The invoice arrives by webhook and becomes the period's order like any other;
//! the local plan and period follow what Stripe answers.

use storefront::Money;
use storefront::subscription::{Interval, Switch};

use super::db_err;
use super::record::{self, Event, SubRow};
use super::renew::Billing;
use crate::args;
use crate::db::Ts;
use crate::payments::{GatewayError, SwitchTo};
use shared::errors::AppError;
use shared::subscription::SwitchDone;

/// The plan price switched to.
pub struct Target<'a> {
    pub plan_id: i64,
    pub variant_id: i64,
    pub plan_name: &'a str,
    pub price: Money,
    pub interval: Interval,
}

/// Asks Stripe to switch `sub` to `to` now; the local row follows Stripe's answer.
pub async fn switch_at_stripe(
    b: Billing<'_>,
    sub: &SubRow,
    to: Target<'_>,
    estimate: Switch,
    now: Ts,
) -> Result<SwitchDone, AppError> {
    let remote_id = sub.provider_subscription_id.as_deref().ok_or_else(|| {
        AppError::Conflict(
            "Your subscription is still being set up with our payment provider; try again in a few minutes."
                .into(),
        )
    })?;
    let key = format!("switch:{}:{}:{}", sub.id, to.variant_id, now.0.date_naive());
    let remote = b
        .gateway
        .switch_subscription(
            remote_id,
            SwitchTo {
                price: to.price,
                interval: to.interval,
                plan_name: to.plan_name,
            },
            &key,
        )
        .await
        .map_err(|e| match e {
            GatewayError::Declined { message, .. } => AppError::PaymentFailed(format!(
                "Stripe refused the change, so your plan has not changed: {message}"
            )),
            e @ GatewayError::Unavailable(_) => AppError::Unavailable(e.to_string()),
        })?;
    let day =
        |secs: i64| storefront::subscription::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let start = day(remote.current_period_start).unwrap_or(sub.period_start.0);
    let end = day(remote.current_period_end).unwrap_or(sub.period_end.0);
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    tx.exec(
        "UPDATE subscriptions SET plan_id = $1, variant_id = $2, price_amount = $3,
                period_start = $4, period_end = $5, anchor_day = $6, updated_at = $7
          WHERE id = $8",
        args![
            to.plan_id,
            to.variant_id,
            to.price.minor(),
            start.to_string(),
            end.to_string(),
            i32::from(start.day()),
            now,
            sub.id
        ],
    )
    .await
    .map_err(db_err)?;
    record::event(
        &mut tx,
        sub.id,
        Event {
            from: Some(sub.status()),
            to: sub.status(),
            event: "PLAN_SWITCHED",
            actor: "customer",
            reason: Some(format!(
                "{} → {} at Stripe ({}): Stripe invoices the difference, about {}",
                sub.plan_name, to.plan_name, remote.id, estimate.charge
            )),
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        subscription_id = sub.id,
        to = to.plan_id,
        "plan switched at Stripe"
    );
    Ok(SwitchDone {
        plan_name: to.plan_name.to_string(),
        charged: estimate.charge,
        carried: estimate.carried,
        period_end: end.to_string(),
        invoice_number: String::new(),
        billed_by_stripe: true,
    })
}
