//! One subscription for staff: its terms and billing state, its history (every
//! `subscription_events` row, oldest first, with actor and reason), its invoices (the orders
//! that paid its periods, newest first) and the actions allowed now.

use storefront::Money;
use storefront::subscription::{Interval, SubscriptionEvent, SubscriptionStatus};

use super::actions::{LastPeriod, last_period, refundable};
use super::{minute, not_found};
use crate::args;
use crate::back_office::db_err;
use crate::db::{Db, DbCurrency, Parsed};
use shared::admin_subscription::{
    AdminSubscription, AdminSubscriptionInvoice, SubscriptionEventView,
};
use shared::errors::AppError;

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    id: i64,
    user_id: i64,
    email: String,
    plan_id: i64,
    plan_name: String,
    status: Parsed<SubscriptionStatus>,
    price_amount: i64,
    currency: DbCurrency,
    billing_interval: Parsed<Interval>,
    period_start: String,
    period_end: String,
    card_label: Option<String>,
    cancel_at_period_end: bool,
    credit_amount: i64,
    failed_attempts: i32,
    last_error: Option<String>,
    next_retry_on: Option<String>,
    provider: String,
    created_at: String,
    canceled_at: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    at: String,
    from_status: Option<String>,
    to_status: String,
    event: String,
    actor: String,
    reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct InvoiceRow {
    invoice_number: String,
    number: String,
    kind: String,
    billing_period_start: Option<String>,
    billing_period_end: Option<String>,
    total_amount: i64,
    refunded_amount: i64,
    currency: DbCurrency,
    payment_status: String,
    placed_at: String,
}

async fn load(db: &Db, id: i64) -> Result<SubscriptionRow, AppError> {
    db.opt(
        "SELECT s.id, s.user_id, u.email, s.plan_id, p.name AS plan_name, s.status,
                s.price_amount, CAST(s.currency AS TEXT) AS currency, sp.billing_interval,
                s.period_start, s.period_end, s.card_label, s.cancel_at_period_end,
                s.credit_amount, s.failed_attempts, s.last_error, s.next_retry_on, s.provider,
                CAST(s.created_at AS TEXT) AS created_at,
                CAST(s.canceled_at AS TEXT) AS canceled_at
           FROM subscriptions s
           JOIN subscription_plans sp ON sp.product_id = s.plan_id
           JOIN products p ON p.id = s.plan_id
           JOIN users u ON u.id = s.user_id
          WHERE s.id = $1",
        args![id],
    )
    .await
    .map_err(db_err)?
    .ok_or_else(|| not_found(id))
}

/// Every change of subscription `id`, oldest first.
async fn history(db: &Db, id: i64) -> Result<Vec<SubscriptionEventView>, AppError> {
    let rows: Vec<EventRow> = db
        .all(
            "SELECT CAST(created_at AS TEXT) AS at, from_status, to_status, event, actor, reason
               FROM subscription_events WHERE subscription_id = $1
              ORDER BY created_at, id",
            args![id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| SubscriptionEventView {
            at: minute(&r.at),
            from: r.from_status,
            to: r.to_status,
            event: r.event,
            actor: r.actor,
            reason: r.reason,
        })
        .collect())
}

/// The paid periods of subscription `id` (orders with an invoice number), newest first.
async fn invoices(db: &Db, id: i64) -> Result<Vec<AdminSubscriptionInvoice>, AppError> {
    let rows: Vec<InvoiceRow> = db
        .all(
            "SELECT o.invoice_number, o.number, o.kind, o.billing_period_start,
                    o.billing_period_end, o.total_amount, o.refunded_amount,
                    CAST(o.currency AS TEXT) AS currency, o.payment_status,
                    CAST(o.placed_at AS TEXT) AS placed_at
               FROM orders o
              WHERE o.subscription_id = $1 AND o.invoice_number IS NOT NULL
              ORDER BY o.billing_period_start DESC, o.id DESC",
            args![id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| AdminSubscriptionInvoice {
            invoice_number: r.invoice_number,
            order_number: r.number,
            kind: r.kind,
            period_start: r.billing_period_start,
            period_end: r.billing_period_end,
            total: Money::new(r.total_amount, r.currency.0),
            refunded: Money::new(r.refunded_amount, r.currency.0),
            payment_status: r.payment_status,
            placed_at: minute(&r.placed_at),
        })
        .collect())
}

/// What staff can do now: `retry` (PAST_DUE, billed here: Stripe retries its own), `pause`
/// (ACTIVE) and `resume` (PAUSED) when billed here, `cancel`
/// (the state machine allows it; Stripe's is ended at Stripe first), `refund_last` (the
/// newest paid period has money left to refund).
fn allowed(s: &SubscriptionRow, last: Option<&LastPeriod>) -> Vec<String> {
    let here = s.provider == "TEST";
    let status = s.status.0;
    let mut actions = Vec::new();
    if here && status == SubscriptionStatus::PastDue {
        actions.push("retry".to_string());
    }
    if here && status == SubscriptionStatus::Active {
        actions.push("pause".to_string());
    }
    if here && status == SubscriptionStatus::Paused {
        actions.push("resume".to_string());
    }
    if status.apply(SubscriptionEvent::CancelNow).is_ok() {
        actions.push("cancel".to_string());
    }
    if last.is_some_and(|l| refundable(l, s.id).is_ok()) {
        actions.push("refund_last".to_string());
    }
    actions
}

/// Subscription `id` with its history and invoices; 404 when there is none.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn subscription(db: &Db, id: i64) -> Result<AdminSubscription, AppError> {
    let s = load(db, id).await?;
    let last = last_period(db, id).await?;
    let actions = allowed(&s, last.as_ref());
    let currency = s.currency.0;
    Ok(AdminSubscription {
        history: history(db, id).await?,
        invoices: invoices(db, id).await?,
        actions,
        id: s.id,
        user_id: s.user_id,
        email: s.email,
        plan_id: s.plan_id,
        plan_name: s.plan_name,
        status: s.status.0,
        price: Money::new(s.price_amount, currency),
        interval: s.billing_interval.0,
        period_start: s.period_start,
        period_end: s.period_end,
        card_label: s.card_label,
        cancel_at_period_end: s.cancel_at_period_end,
        credit: Money::new(s.credit_amount, currency),
        failed_attempts: s.failed_attempts,
        last_error: s.last_error,
        next_retry_on: s.next_retry_on,
        provider: s.provider,
        created_at: minute(&s.created_at),
        canceled_at: s.canceled_at.as_deref().map(minute),
    })
}
