//! The dashboard's subscription figures at `now` (the injected clock's): subscribers, monthly
//! recurring revenue, churn and failed-payment recoveries over the last 30 days, and how many
//! are past due.
//!
//! MRR counts ACTIVE and PAST_DUE subscriptions (a trial pays nothing yet): a monthly plan's
//! price, a yearly plan's price ÷ 12 rounded down, each subscription on its own. It is in the
//! store's currency (Settings), like the rest of the dashboard; subscriptions in another
//! currency are summed per currency beside it, never converted. Churn is canceled in the
//! window ÷ (live now + canceled in the window), in integers, shown with one decimal.

use std::time::Duration;

use storefront::{Currency, Money};

use crate::args;
use crate::back_office::db_err;
use crate::db::{Db, DbCurrency, Ts};
use shared::admin_subscription::SubscriptionMetrics;
use shared::errors::AppError;

const WINDOW: Duration = Duration::from_secs(30 * 24 * 3600);

/// `canceled` of `canceled + live` as a percentage with one decimal, rounded half up and
/// computed in integers: "4.2%"; "–" when both are zero.
pub fn churn(canceled: i64, live: i64) -> String {
    let base = live.saturating_add(canceled);
    if base <= 0 || canceled < 0 {
        return "–".into();
    }
    // Tenths of a percent: canceled × 1000 ÷ base, rounded half up.
    let tenths = (canceled.saturating_mul(2000).saturating_add(base)) / base.saturating_mul(2);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// Live subscribers (TRIALING, ACTIVE, PAST_DUE) and those PAST_DUE, now.
async fn counts(db: &Db) -> Result<(i64, i64), AppError> {
    db.one(
        "SELECT CAST(COALESCE(SUM(CASE WHEN status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') THEN 1 ELSE 0 END), 0) AS BIGINT),
                CAST(COALESCE(SUM(CASE WHEN status = 'PAST_DUE' THEN 1 ELSE 0 END), 0) AS BIGINT)
           FROM subscriptions",
        args![],
    )
    .await
    .map_err(db_err)
}

/// Subscriptions canceled, and past-due ones recovered, from `since` to `now`.
async fn in_window(db: &Db, since: Ts, now: Ts) -> Result<(i64, i64), AppError> {
    let (canceled,): (i64,) = db
        .one(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM subscriptions
              WHERE status = 'CANCELED' AND canceled_at >= $1 AND canceled_at <= $2",
            args![since, now],
        )
        .await
        .map_err(db_err)?;
    let (recovered,): (i64,) = db
        .one(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM subscription_events
              WHERE event = 'PAYMENT_RECOVERED' AND created_at >= $1 AND created_at <= $2",
            args![since, now],
        )
        .await
        .map_err(db_err)?;
    Ok((canceled, recovered))
}

/// Monthly recurring revenue per currency, store currency first (zero when it has none).
async fn monthly_revenue(db: &Db, store: Currency) -> Result<(Money, Vec<Money>), AppError> {
    let rows: Vec<(DbCurrency, i64)> = db
        .all(
            "SELECT CAST(s.currency AS TEXT),
                    CAST(COALESCE(SUM(CASE WHEN sp.billing_interval = 'YEAR' THEN s.price_amount / 12
                                           ELSE s.price_amount END), 0) AS BIGINT)
               FROM subscriptions s
               JOIN subscription_plans sp ON sp.product_id = s.plan_id
              WHERE s.status IN ('ACTIVE', 'PAST_DUE')
              GROUP BY s.currency
              ORDER BY 1",
            args![],
        )
        .await
        .map_err(db_err)?;
    let mut main = Money::zero(store);
    let mut other = Vec::new();
    for (currency, minor) in rows {
        if currency.0 == store {
            main = Money::new(minor, store);
        } else {
            other.push(Money::new(minor, currency.0));
        }
    }
    Ok((main, other))
}

/// The subscription figures at `now`, MRR in `currency` (the store's).
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn metrics(
    db: &Db,
    currency: Currency,
    now: Ts,
) -> Result<SubscriptionMetrics, AppError> {
    let since = now.minus(WINDOW);
    let (live, past_due) = counts(db).await?;
    let (canceled, recovered) = in_window(db, since, now).await?;
    let (mrr, mrr_other) = monthly_revenue(db, currency).await?;
    Ok(SubscriptionMetrics {
        currency,
        active_subscribers: live,
        mrr,
        mrr_other,
        canceled_30d: canceled,
        churn_30d: churn(canceled, live),
        recoveries_30d: recovered,
        past_due,
        as_of: now.0.format("%Y-%m-%d %H:%M:%S").to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::churn;

    #[test]
    fn churn_has_one_decimal_from_integers() {
        assert_eq!(churn(0, 0), "–");
        assert_eq!(churn(0, 10), "0.0%");
        assert_eq!(churn(1, 2), "33.3%");
        assert_eq!(churn(1, 7), "12.5%");
        assert_eq!(churn(2, 1), "66.7%");
        assert_eq!(churn(3, 0), "100.0%");
        assert_eq!(churn(1, 999), "0.1%");
        assert_eq!(churn(1, 1999), "0.1%");
        assert_eq!(churn(1, 2001), "0.0%");
    }
}
