//! A subscription as the billing code reads it (locked for the transaction), and the two
//! things every change writes besides the row: its `subscription_events` line and, when the
//! subscriber should hear of it, a mail in the outbox.

use storefront::subscription::{Date, Interval, SubscriptionStatus};
use storefront::{Currency, Money};

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, Parsed, Ts, Tx, dialect};
use shared::errors::AppError;

/// One subscription with its plan's interval.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubRow {
    pub id: i64,
    pub user_id: i64,
    pub plan_id: i64,
    pub variant_id: Option<i64>,
    pub status: Parsed<SubscriptionStatus>,
    pub price_amount: i64,
    pub currency: DbCurrency,
    pub anchor_day: i32,
    pub period_start: Parsed<Date>,
    pub period_end: Parsed<Date>,
    pub cancel_at_period_end: bool,
    pub failed_attempts: i32,
    pub next_retry_on: Option<Parsed<Date>>,
    pub payment_token: Option<String>,
    pub card_label: Option<String>,
    pub credit_amount: i64,
    pub billing_claimed_at: Option<String>,
    pub last_error: Option<String>,
    pub order_id: Option<i64>,
    pub provider: String,
    pub provider_subscription_id: Option<String>,
    pub billing_interval: Parsed<Interval>,
    pub plan_name: String,
    pub email: String,
}

impl SubRow {
    pub fn status(&self) -> SubscriptionStatus {
        self.status.0
    }

    pub fn currency(&self) -> Currency {
        self.currency.0
    }

    pub fn price(&self) -> Money {
        Money::new(self.price_amount, self.currency())
    }

    pub fn credit(&self) -> Money {
        Money::new(self.credit_amount, self.currency())
    }

    pub fn interval(&self) -> Interval {
        self.billing_interval.0
    }

    pub fn anchor(&self) -> u8 {
        u8::try_from(self.anchor_day).unwrap_or(1)
    }
}

const SELECT: &str = "SELECT s.id, s.user_id, s.plan_id, s.variant_id, s.status, s.price_amount,
        CAST(s.currency AS TEXT) AS currency, s.anchor_day, s.period_start, s.period_end,
        s.cancel_at_period_end, s.failed_attempts, s.next_retry_on, s.payment_token, s.card_label,
        s.credit_amount, s.billing_claimed_at, s.last_error, s.order_id, s.provider, s.provider_subscription_id, sp.billing_interval,
        p.name AS plan_name, u.email
   FROM subscriptions s
   JOIN subscription_plans sp ON sp.product_id = s.plan_id
   JOIN products p ON p.id = s.plan_id
   JOIN users u ON u.id = s.user_id";

/// The subscription `id` (of `user`, when given), locked until the transaction ends.
pub async fn lock(tx: &mut Tx, id: i64, user: Option<i64>) -> Result<Option<SubRow>, AppError> {
    let sql = format!(
        "{SELECT} WHERE s.id = $1 AND ($2 IS NULL OR s.user_id = $2){}",
        dialect::for_update_of(tx.backend(), "s")
    );
    tx.opt(&sql, args![id, user]).await.map_err(db_err)
}

/// The subscription `id` (of `user`, when given), read without a lock.
pub async fn find(db: &Db, id: i64, user: Option<i64>) -> Result<Option<SubRow>, AppError> {
    let sql = format!("{SELECT} WHERE s.id = $1 AND ($2 IS NULL OR s.user_id = $2)");
    db.opt(&sql, args![id, user]).await.map_err(db_err)
}

/// One `subscription_events` line.
pub struct Event<'a> {
    pub from: Option<SubscriptionStatus>,
    pub to: SubscriptionStatus,
    /// A [`storefront::subscription::SubscriptionEvent`] name or a flag change
    /// (`CANCEL_SCHEDULED`, `PLAN_SWITCHED`, `CARD_UPDATED`, …).
    pub event: &'a str,
    /// `customer`, `system`, `staff:<email>` or `stripe`.
    pub actor: &'a str,
    pub reason: Option<String>,
}

/// Records `e` for subscription `id`.
pub async fn event(tx: &mut Tx, id: i64, e: Event<'_>, now: Ts) -> Result<(), AppError> {
    tx.exec(
        "INSERT INTO subscription_events (subscription_id, from_status, to_status, event, actor,
                reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        args![
            id,
            e.from.map(SubscriptionStatus::as_str),
            e.to.as_str(),
            e.event,
            e.actor,
            e.reason,
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Queues the subscription mail `template` to `to` once per `dedupe` key; `payload` holds
/// what the template shows.
pub async fn mail(
    tx: &mut Tx,
    template: &str,
    to: &str,
    mut payload: serde_json::Value,
    dedupe: String,
    now: Ts,
) -> Result<(), AppError> {
    payload["template"] = template.into();
    payload["to"] = to.into();
    tx.exec(
        &(crate::db::sql::outbox_insert(tx.backend()) + " ON CONFLICT (dedupe_key) DO NOTHING"),
        args![
            format!("subscription.{template}"),
            payload.to_string(),
            dedupe,
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// A date as the mails and pages print it: "1 May 2027".
pub fn long_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS
        .get(usize::from(d.month()).saturating_sub(1))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", d.day(), d.year())
}
