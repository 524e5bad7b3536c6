//! Learning subscriptions in the back office (issue 22): a plan's terms (how often it bills,
//! its free trial) and which courses every live subscriber opens
//! (`products.included_in_subscription`). A SUBSCRIPTION product always has its plan row:
//! the product editor gives it the defaults (monthly, no trial) when a product becomes one,
//! since a plan without one cannot start a subscription (the cart refuses it).

use storefront::pricing::ProductKind;
use storefront::subscription::Interval;

use crate::args;
use crate::db::{Db, Parsed, Ts, Tx};
use crate::orders::Actor;
use shared::errors::AppError;

use super::{audit, db_err, expect_kind};

/// Most free trial days a plan can give (as the `subscription_plans` check).
pub const MAX_TRIAL_DAYS: u32 = 365;

/// Gives subscription product `product_id` its plan row with the defaults (monthly, no
/// trial) when it has none; one it has is left as it is.
pub(crate) async fn ensure_plan_row(tx: &mut Tx, product_id: i64) -> Result<(), AppError> {
    tx.exec(
        "INSERT INTO subscription_plans (product_id, billing_interval, trial_days)
         VALUES ($1, 'MONTH', 0)
         ON CONFLICT (product_id) DO NOTHING",
        args![product_id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Live (not canceled) subscriptions to plan `product_id`.
pub(crate) async fn live_subscriptions(tx: &mut Tx, product_id: i64) -> Result<i64, AppError> {
    let (n,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM subscriptions WHERE plan_id = $1 AND status <> 'CANCELED'",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(n)
}

/// Sets subscription plan `product_id`'s billing interval (`MONTH` or `YEAR`, any case) and
/// free trial days (0 to 365). A new trial applies to new subscribers (a trial is free at
/// checkout; its end is the first charge). The interval of a plan with live subscriptions
/// does not change (409): their periods and renewals follow it.
pub async fn save_plan(
    db: &Db,
    product_id: i64,
    interval: &str,
    trial_days: u32,
    actor: &Actor,
) -> Result<(Interval, u32), AppError> {
    let interval: Interval = interval.trim().to_ascii_uppercase().parse().map_err(|_| {
        AppError::invalid(
            "billing_interval",
            "Choose how often the plan bills: MONTH or YEAR.",
        )
    })?;
    if trial_days > MAX_TRIAL_DAYS {
        return Err(AppError::invalid(
            "trial_days",
            format!("A free trial lasts 0 to {MAX_TRIAL_DAYS} days."),
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let name = expect_kind(&mut tx, product_id, ProductKind::Subscription).await?;
    let before: Option<(Parsed<Interval>, i32)> = tx
        .opt(
            "SELECT billing_interval, trial_days FROM subscription_plans WHERE product_id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    if let Some((was, _)) = &before
        && was.0 != interval
    {
        let live = live_subscriptions(&mut tx, product_id).await?;
        if live > 0 {
            return Err(AppError::Conflict(format!(
                "“{name}” has {live} live subscription{} billed each {}: its interval cannot \
                 change. Create another plan instead.",
                if live == 1 { "" } else { "s" },
                was.0.as_str().to_lowercase()
            )));
        }
    }
    tx.exec(
        "INSERT INTO subscription_plans (product_id, billing_interval, trial_days)
         VALUES ($1, $2, $3)
         ON CONFLICT (product_id) DO UPDATE
            SET billing_interval = excluded.billing_interval, trial_days = excluded.trial_days",
        args![
            product_id,
            interval.as_str(),
            i32::try_from(trial_days).unwrap_or(0)
        ],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "UPDATE products SET updated_at = $1 WHERE id = $2",
        args![now, product_id],
    )
    .await
    .map_err(db_err)?;
    let was = before
        .map(|(i, t)| serde_json::json!({ "billing_interval": i.0.as_str(), "trial_days": t }));
    audit(
        &mut tx,
        actor,
        "plan.update",
        "product",
        Some(product_id),
        serde_json::json!({
            "billing_interval": interval.as_str(),
            "trial_days": trial_days,
            "before": was,
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok((interval, trial_days))
}

/// Sets whether course `product_id` opens for every live subscriber; the course's name.
pub async fn set_included(
    db: &Db,
    product_id: i64,
    included: bool,
    actor: &Actor,
) -> Result<String, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let name = expect_kind(&mut tx, product_id, ProductKind::Course).await?;
    tx.exec(
        "UPDATE products SET included_in_subscription = $1, updated_at = $2 WHERE id = $3",
        args![included, now, product_id],
    )
    .await
    .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "course.included",
        "product",
        Some(product_id),
        serde_json::json!({ "included_in_subscription": included }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(name)
}
