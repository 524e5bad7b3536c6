//! The subscription cart rules (`storefront::subscription::check_subscription_add`) with what
//! the database knows: on add, and over the whole cart when the order is placed. A plan
//! without its `subscription_plans` row (how often it bills) is not sold: starting its
//! subscription at payment would fail.

use storefront::subscription::{Interval, SubscriptionRejection, check_subscription_add};

use super::db_err;
use crate::args;
use crate::db::{Parsed, Tx};
use shared::errors::AppError;

/// Plan `plan`'s billing interval and free trial days, when it has its plan row.
pub async fn plan_terms(tx: &mut Tx, plan: i64) -> Result<Option<(Interval, i32)>, AppError> {
    let row: Option<(Parsed<Interval>, i32)> = tx
        .opt(
            "SELECT billing_interval, trial_days FROM subscription_plans WHERE product_id = $1",
            args![plan],
        )
        .await
        .map_err(db_err)?;
    Ok(row.map(|(interval, trial_days)| (interval.0, trial_days)))
}

/// The refusal of a plan that has no plan row yet (409).
fn not_available() -> AppError {
    AppError::Refused {
        code: "PLAN_NOT_AVAILABLE".to_string(),
        link: None,
        message: "This plan is not available yet.".to_string(),
    }
}

/// A 409 unless plan `plan` has its plan row.
async fn check_available(tx: &mut Tx, plan: i64) -> Result<(), AppError> {
    match plan_terms(tx, plan).await? {
        Some(_) => Ok(()),
        None => Err(not_available()),
    }
}

/// A refused rule: a bad quantity is a 422 on `quantity`, anything else a 409 with its code.
pub fn refusal(r: SubscriptionRejection) -> AppError {
    match r {
        SubscriptionRejection::QuantityIsOne => AppError::invalid("quantity", r.to_string()),
        other => AppError::Refused {
            code: other.code().to_string(),
            link: matches!(other, SubscriptionRejection::SignInRequired)
                .then(|| "/account/login?next=/cart".to_string()),
            message: other.to_string(),
        },
    }
}

/// Subscription lines in `cart_id` other than `except` (a product id).
async fn other_subscriptions(tx: &mut Tx, cart_id: i64, except: i64) -> Result<u32, AppError> {
    let (n,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM cart_items ci
               JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
              WHERE ci.cart_id = $1 AND p.kind = 'SUBSCRIPTION' AND p.id <> $2",
            args![cart_id, except],
        )
        .await
        .map_err(db_err)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Whether `user` has a subscription to `plan` that has not ended.
async fn subscribed(tx: &mut Tx, user: Option<i64>, plan: i64) -> Result<bool, AppError> {
    let Some(user) = user else {
        return Ok(false);
    };
    let (n,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM subscriptions WHERE user_id = $1 AND plan_id = $2
                AND status <> 'CANCELED'",
            args![user, plan],
        )
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}

/// Adding `requested` of plan `plan` (named `name`) to `cart_id`, whose line of it holds
/// `in_cart`: the line's new quantity (always 1).
pub async fn plan_subscription_add(
    tx: &mut Tx,
    cart_id: i64,
    user: Option<i64>,
    plan: i64,
    name: &str,
    in_cart: u32,
    requested: u32,
) -> Result<u32, AppError> {
    check_available(tx, plan).await?;
    let others = other_subscriptions(tx, cart_id, plan).await?;
    let owned = subscribed(tx, user, plan).await?;
    check_subscription_add(
        name,
        in_cart.saturating_add(requested),
        others,
        user.is_some(),
        owned,
    )
    .map_err(refusal)
}

/// The whole cart before an order is placed: at most one subscription, quantity 1, an
/// account, not subscribed to it already, a plan that can start (its plan row).
pub async fn check_before_order(
    tx: &mut Tx,
    cart_id: i64,
    user: Option<i64>,
) -> Result<(), AppError> {
    let lines: Vec<(i64, String, i32)> = tx
        .all(
            "SELECT p.id, p.name, ci.quantity FROM cart_items ci
               JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
              WHERE ci.cart_id = $1 AND p.kind = 'SUBSCRIPTION'
              ORDER BY ci.id",
            args![cart_id],
        )
        .await
        .map_err(db_err)?;
    let total = u32::try_from(lines.len()).unwrap_or(u32::MAX);
    for (plan, name, quantity) in &lines {
        check_available(tx, *plan).await?;
        let owned = subscribed(tx, user, *plan).await?;
        check_subscription_add(
            name,
            u32::try_from(*quantity).unwrap_or(0),
            total - 1,
            user.is_some(),
            owned,
        )
        .map_err(refusal)?;
    }
    Ok(())
}
