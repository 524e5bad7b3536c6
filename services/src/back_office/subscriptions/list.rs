//! The admin subscription list: filter by status, search by the subscriber's email, the
//! plan's name or the subscription's id, newest first with keyset pagination on the id (like
//! the order list: page 500 costs what page 1 does).

use storefront::Money;
use storefront::subscription::{Interval, SubscriptionStatus};

use super::minute;
use crate::back_office::db_err;
use crate::db::sql::{Arg, SqlBuf, like_pattern};
use crate::db::{Db, DbCurrency, Parsed};
use shared::admin_subscription::{AdminSubscriptionPage, AdminSubscriptionRow, SubscriptionFilter};
use shared::errors::AppError;

pub const PAGE_SIZE: usize = 25;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    user_id: i64,
    email: String,
    plan_name: String,
    status: Parsed<SubscriptionStatus>,
    price_amount: i64,
    currency: DbCurrency,
    billing_interval: Parsed<Interval>,
    period_end: String,
    cancel_at_period_end: bool,
    failed_attempts: i32,
    created_at: String,
}

impl From<Row> for AdminSubscriptionRow {
    fn from(r: Row) -> Self {
        AdminSubscriptionRow {
            id: r.id,
            user_id: r.user_id,
            email: r.email,
            plan_name: r.plan_name,
            status: r.status.0,
            price: Money::new(r.price_amount, r.currency.0),
            interval: r.billing_interval.0,
            period_end: r.period_end,
            cancel_at_period_end: r.cancel_at_period_end,
            failed_attempts: r.failed_attempts,
            created_at: minute(&r.created_at),
        }
    }
}

/// A status filter as typed (any case): blank is none; anything else that is not a status is
/// a 422 naming the choices.
pub fn parse_status(status: Option<&str>) -> Result<Option<SubscriptionStatus>, AppError> {
    match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .to_ascii_uppercase()
            .parse::<SubscriptionStatus>()
            .map(Some)
            .map_err(|_| {
                AppError::invalid(
                    "status",
                    format!(
                        "Unknown subscription status {s:?}: use TRIALING, ACTIVE, PAST_DUE, PAUSED or CANCELED."
                    ),
                )
            }),
    }
}

/// `AND (…)` matching the subscriber's email or the plan's name (any case), or the id when
/// the text is a number.
fn push_search(q: &mut SqlBuf, text: &str) -> Result<(), AppError> {
    if text.chars().count() > 200 {
        return Err(AppError::invalid("q", "Search for at most 200 characters."));
    }
    let like = like_pattern(&text.to_lowercase());
    q.push(" AND (lower(u.email) LIKE ")
        .bind(Arg::Text(like.clone()))
        .push(" ESCAPE '\\' OR lower(p.name) LIKE ")
        .bind(Arg::Text(like))
        .push(" ESCAPE '\\'");
    if let Some(id) = text
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
    {
        q.push(" OR s.id = ").bind(Arg::I64(id));
    }
    q.push(")");
    Ok(())
}

/// One page of subscriptions, newest first, filtered. A bad status, search or cursor is a 422
/// naming the field.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn list_subscriptions(
    db: &Db,
    f: &SubscriptionFilter,
) -> Result<AdminSubscriptionPage, AppError> {
    let mut q = SqlBuf::new(db.backend());
    q.push(
        "SELECT s.id, s.user_id, u.email, p.name AS plan_name, s.status, s.price_amount,
                CAST(s.currency AS TEXT) AS currency, sp.billing_interval, s.period_end,
                s.cancel_at_period_end, s.failed_attempts, CAST(s.created_at AS TEXT) AS created_at
           FROM subscriptions s
           JOIN subscription_plans sp ON sp.product_id = s.plan_id
           JOIN products p ON p.id = s.plan_id
           JOIN users u ON u.id = s.user_id
          WHERE 1 = 1",
    );
    if let Some(status) = parse_status(f.status.as_deref())? {
        q.push(" AND s.status = ")
            .bind(Arg::Text(status.as_str().into()));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        push_search(&mut q, text)?;
    }
    if let Some(after) = f.after.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let id: i64 = after
            .parse()
            .ok()
            .filter(|v| *v > 0)
            .ok_or_else(|| AppError::invalid("after", "That page link is not valid."))?;
        q.push(" AND s.id < ").bind(Arg::I64(id));
    }
    q.push(&format!(" ORDER BY s.id DESC LIMIT {}", PAGE_SIZE + 1));
    let mut rows: Vec<Row> = db.all(&q.sql, q.args.clone()).await.map_err(db_err)?;
    let next = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    Ok(AdminSubscriptionPage {
        rows: rows.into_iter().map(AdminSubscriptionRow::from).collect(),
        next,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_filters_are_statuses_or_a_422() {
        assert_eq!(parse_status(None), Ok(None));
        assert_eq!(parse_status(Some("  ")), Ok(None));
        assert_eq!(
            parse_status(Some("past_due")),
            Ok(Some(SubscriptionStatus::PastDue))
        );
        let e = parse_status(Some("LATE")).unwrap_err();
        assert_eq!(e.status(), 422);
    }
}
