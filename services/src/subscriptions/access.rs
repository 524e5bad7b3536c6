//! What a live subscription opens: every active course flagged `included_in_subscription`,
//! while the subscription is TRIALING, ACTIVE or PAST_DUE (the dunning grace period: a
//! subscription that runs out of retries is CANCELED).

use storefront::subscription::SubscriptionStatus;

use super::db_err;
use crate::args;
use crate::db::{Db, Parsed};
use shared::errors::AppError;

/// Whether `user` opens `course` through a subscription.
pub async fn subscriber_opens(db: &Db, user: i64, course: i64) -> Result<bool, AppError> {
    let included: Option<(bool,)> = db
        .opt(
            "SELECT included_in_subscription FROM products
              WHERE id = $1 AND kind = 'COURSE' AND is_active",
            args![course],
        )
        .await
        .map_err(db_err)?;
    if !included.is_some_and(|(i,)| i) {
        return Ok(false);
    }
    let statuses: Vec<(Parsed<SubscriptionStatus>,)> = db
        .all(
            "SELECT status FROM subscriptions WHERE user_id = $1 AND status <> 'CANCELED'",
            args![user],
        )
        .await
        .map_err(db_err)?;
    Ok(statuses.iter().any(|(s,)| s.0.grants_access(true)))
}
