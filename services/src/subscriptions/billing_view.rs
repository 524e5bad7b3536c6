//! The billing facts `/account/subscriptions` shows under each subscription: the next charge,
//! a refused payment and its retry, the switch credit, the plans to switch to, the invoices.

use shared::errors::AppError;
use shared::subscription::SubscriptionBilling;
use storefront::subscription::SubscriptionStatus;

use super::invoice::period_charge;
use super::record;
use crate::db::{Db, Ts};

/// Billing facts of subscription `sub_id` of `user_id` at `now`. 404: not the caller's.
pub async fn subscription_billing(
    db: &Db,
    user_id: i64,
    sub_id: i64,
    prices_include_tax: bool,
    can_update_card: bool,
    now: Ts,
) -> Result<SubscriptionBilling, AppError> {
    let sub = record::find(db, sub_id, Some(user_id))
        .await?
        .ok_or_else(|| {
            AppError::NotFound("There is no such subscription in your account.".into())
        })?;
    let live = matches!(
        sub.status(),
        SubscriptionStatus::Trialing | SubscriptionStatus::Active | SubscriptionStatus::PastDue
    );
    let next_charge = if live && !sub.cancel_at_period_end {
        Some(period_charge(db, &sub, prices_include_tax).await?.total)
    } else {
        None
    };
    let past_due = sub.status() == SubscriptionStatus::PastDue;
    Ok(SubscriptionBilling {
        next_charge,
        last_error: sub.last_error.clone().filter(|_| past_due),
        next_retry_on: sub
            .next_retry_on
            .as_ref()
            .filter(|_| past_due)
            .map(|d| d.0.to_string()),
        credit: sub.credit(),
        switch_options: super::switch::switch_options(db, user_id, sub_id, now).await?,
        invoices: super::invoices::list_invoices(db, Some(user_id), sub_id).await?,
        can_update_card: can_update_card && live && sub.provider == "TEST",
        managed_by_stripe: sub.provider == "STRIPE" && sub.provider_subscription_id.is_some(),
    })
}
