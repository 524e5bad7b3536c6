//! The subscriber's own subscriptions (`/account/subscriptions`): the list, and cancelling at
//! the end of the current period — access stays until then — or taking that back before the
//! period ends. Each change is one transaction with its `subscription_events` row.
//!
//! Every action answers 404 for a subscription the caller does not own: nobody learns
//! whether someone else's subscription exists.

use storefront::Money;
use storefront::subscription::{Interval, SubscriptionStatus};

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, Parsed, Ts, Tx, dialect};
use crate::payments::PaymentGateway;
use shared::errors::AppError;
use shared::subscription::MySubscription;

const NO_SUBSCRIPTION: &str = "There is no such subscription in your account.";

fn no_subscription() -> AppError {
    AppError::NotFound(NO_SUBSCRIPTION.into())
}

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    plan_name: String,
    plan_slug: String,
    status: Parsed<SubscriptionStatus>,
    price_amount: i64,
    currency: DbCurrency,
    billing_interval: Parsed<Interval>,
    period_end: String,
    cancel_at_period_end: bool,
    card_label: Option<String>,
}

impl From<ListRow> for MySubscription {
    fn from(r: ListRow) -> Self {
        MySubscription {
            id: r.id,
            plan_name: r.plan_name,
            plan_slug: r.plan_slug,
            status: r.status.0.as_str().to_string(),
            price: Money::new(r.price_amount, r.currency.0),
            interval: r.billing_interval.0.as_str().to_lowercase(),
            period_end: r.period_end,
            cancel_at_period_end: r.cancel_at_period_end,
            card_label: r.card_label,
        }
    }
}

/// The user's subscriptions, newest first. A status, currency or interval the domain does
/// not know fails the query (a logged 500).
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn my_subscriptions(db: &Db, user_id: i64) -> Result<Vec<MySubscription>, AppError> {
    let rows: Vec<ListRow> = db
        .all(
            "SELECT s.id, p.name AS plan_name, p.slug AS plan_slug, s.status, s.price_amount,
                    CAST(s.currency AS TEXT) AS currency, sp.billing_interval, s.period_end,
                    s.cancel_at_period_end, s.card_label
               FROM subscriptions s
               JOIN products p ON p.id = s.plan_id
               JOIN subscription_plans sp ON sp.product_id = s.plan_id
              WHERE s.user_id = $1
              ORDER BY s.created_at DESC, s.id DESC",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(MySubscription::from).collect())
}

/// The subscription `subscription_id` of `user_id`, locked until the transaction ends: its
/// status, period end and cancellation flag. 404 for anyone else's.
async fn lock_own(
    tx: &mut Tx,
    user_id: i64,
    subscription_id: i64,
) -> Result<(SubscriptionStatus, String, bool), AppError> {
    let sql = format!(
        "SELECT status, period_end, cancel_at_period_end FROM subscriptions
          WHERE id = $1 AND user_id = $2{}",
        dialect::for_update(tx.backend())
    );
    let row: Option<(Parsed<SubscriptionStatus>, String, bool)> = tx
        .opt(&sql, args![subscription_id, user_id])
        .await
        .map_err(db_err)?;
    let (status, period_end, flag) = row.ok_or_else(no_subscription)?;
    Ok((status.0, period_end, flag))
}

/// Sets the cancellation flag to `flag` and records `event` (the status does not change).
async fn set_flag(
    tx: &mut Tx,
    subscription_id: i64,
    status: SubscriptionStatus,
    flag: bool,
    event: &str,
    reason: &str,
) -> Result<(), AppError> {
    let now = Ts::now();
    tx.exec(
        "UPDATE subscriptions SET cancel_at_period_end = $1, updated_at = $2 WHERE id = $3",
        args![flag, now, subscription_id],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "INSERT INTO subscription_events (subscription_id, from_status, to_status, event, actor,
                reason, created_at)
         VALUES ($1, $2, $2, $3, 'customer', $4, $5)",
        args![subscription_id, status.as_str(), event, reason, now],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// A subscription Stripe bills changes at Stripe first (the local flag follows): asks it to
/// end at period end (`cancel`) or to keep renewing, when that changes anything.
async fn follow_stripe(
    db: &Db,
    gateway: &dyn PaymentGateway,
    user_id: i64,
    subscription_id: i64,
    cancel: bool,
) -> Result<(), AppError> {
    let sub = super::record::find(db, subscription_id, Some(user_id))
        .await?
        .ok_or_else(no_subscription)?;
    let live = cannot_cancel(sub.status()).is_none();
    if sub.provider == "STRIPE" && live && sub.cancel_at_period_end != cancel {
        super::remote::set_cancel_at_period_end(
            gateway,
            &sub,
            sub.provider_subscription_id.as_deref(),
            cancel,
            Ts::now(),
        )
        .await?;
    }
    Ok(())
}

/// Why a subscription in `status` cannot be cancelled at the end of its period, if so.
fn cannot_cancel(status: SubscriptionStatus) -> Option<&'static str> {
    match status {
        SubscriptionStatus::Canceled => {
            Some("This subscription is already canceled: there is nothing left to cancel.")
        }
        SubscriptionStatus::Paused => {
            Some("This subscription is paused: resume it first, or contact us to cancel it.")
        }
        SubscriptionStatus::Trialing | SubscriptionStatus::Active | SubscriptionStatus::PastDue => {
            None
        }
    }
}

/// Cancels the user's subscription at the end of its current period (access stays until
/// then); returns that date (`YYYY-MM-DD`). Already scheduled: nothing changes. 404 for
/// anyone else's; 409 for a subscription that is canceled or paused.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn cancel_at_period_end(
    db: &Db,
    gateway: &dyn PaymentGateway,
    user_id: i64,
    subscription_id: i64,
) -> Result<String, AppError> {
    follow_stripe(db, gateway, user_id, subscription_id, true).await?;
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let (status, period_end, scheduled) = lock_own(&mut tx, user_id, subscription_id).await?;
    if let Some(message) = cannot_cancel(status) {
        return Err(AppError::Conflict(message.into()));
    }
    if !scheduled {
        let reason = format!("Cancelled by the subscriber; ends on {period_end}");
        set_flag(
            &mut tx,
            subscription_id,
            status,
            true,
            "CANCEL_SCHEDULED",
            &reason,
        )
        .await?;
    }
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        subscription_id,
        scheduled,
        "subscription cancel at period end"
    );
    Ok(period_end)
}

/// Takes back a scheduled cancellation before the period ends: the subscription renews
/// again; returns the next charge date. Nothing scheduled: nothing changes. 404 for anyone
/// else's; 409 once it is canceled.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn resume(
    db: &Db,
    gateway: &dyn PaymentGateway,
    user_id: i64,
    subscription_id: i64,
) -> Result<String, AppError> {
    follow_stripe(db, gateway, user_id, subscription_id, false).await?;
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let (status, period_end, scheduled) = lock_own(&mut tx, user_id, subscription_id).await?;
    if status == SubscriptionStatus::Canceled {
        return Err(AppError::Conflict(
            "This subscription has ended: subscribe again to keep learning.".into(),
        ));
    }
    if scheduled {
        set_flag(
            &mut tx,
            subscription_id,
            status,
            false,
            "CANCEL_UNSCHEDULED",
            "Kept by the subscriber",
        )
        .await?;
    }
    tx.commit().await.map_err(db_err)?;
    tracing::info!(subscription_id, scheduled, "subscription kept");
    Ok(period_end)
}
