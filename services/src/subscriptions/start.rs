//! Starting a subscription when the order that buys it is paid, in the same transaction
//! (keyed UNIQUE by order line, so a replayed confirmation starts nothing twice). The first
//! period starts on the day of payment (TRIALING for the plan's trial days first, when it has
//! some, its paid periods anchored on the day it ends; the trial was free at checkout, so the
//! subscription's price is the variant's); the checkout's card token stays on file for
//! renewals (a token, never the number) — a free order may have none: the trial's end then
//! fails with "There is no card on file." and dunning asks for one.

use chrono::Datelike;
use storefront::subscription::{Date, Interval, Period, SubscriptionStatus};

use super::db_err;
use crate::args;
use crate::db::{Parsed, Ts, Tx};
use shared::errors::AppError;

/// The order line that buys the plan.
pub struct PlanLine<'a> {
    pub order_id: i64,
    pub item_id: i64,
    pub user: i64,
    pub plan: i64,
    pub variant: Option<i64>,
    pub name: &'a str,
    /// The line's unit price, in `currency`: what one period costs — except for a plan with
    /// a free trial, whose line costs nothing (the subscription takes the variant's price).
    pub price_amount: i64,
    pub currency: &'a str,
}

/// The calendar date of `now` (UTC).
pub fn today(now: Ts) -> Result<Date, AppError> {
    let d = now.0.date_naive();
    Date::new(
        d.year(),
        u8::try_from(d.month()).unwrap_or(0),
        u8::try_from(d.day()).unwrap_or(0),
    )
    .ok_or_else(|| AppError::internal("today", d))
}

/// What one period of `line`'s plan costs: its variant's price now (the line's price when
/// the variant is gone).
async fn period_price(tx: &mut Tx, line: &PlanLine<'_>) -> Result<i64, AppError> {
    let Some(variant) = line.variant else {
        return Ok(line.price_amount);
    };
    let row: Option<(i64,)> = tx
        .opt(
            "SELECT price_amount FROM product_variants WHERE id = $1",
            args![variant],
        )
        .await
        .map_err(db_err)?;
    Ok(row.map_or(line.price_amount, |(p,)| p))
}

/// The checkout's card token, brand, last 4 and method, and what its order charged.
type CardRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// Starts the subscription `line` buys; the confirmation mail's line for it.
pub async fn start_for_line(tx: &mut Tx, line: &PlanLine<'_>, now: Ts) -> Result<String, AppError> {
    let plan: Option<(Parsed<Interval>, i32)> = tx
        .opt(
            "SELECT billing_interval, trial_days FROM subscription_plans WHERE product_id = $1",
            args![line.plan],
        )
        .await
        .map_err(db_err)?;
    let Some((interval, trial_days)) = plan else {
        return Err(AppError::internal("subscription plan missing", line.plan));
    };
    let (interval, trial_days) = (interval.0, i64::from(trial_days.max(0)));
    let start = today(now)?;
    // A trial's paid periods start on the day it ends: they are anchored there (also when
    // its first charge fails and a retry or a new card pays it later).
    let (status, period, anchor) = if trial_days > 0 {
        let end = start
            .plus_days(trial_days)
            .ok_or_else(|| AppError::internal("trial end", trial_days))?;
        (
            SubscriptionStatus::Trialing,
            Period { start, end },
            end.day(),
        )
    } else {
        let period = Period::starting(start, interval, start.day())
            .ok_or_else(|| AppError::internal("first period", start))?;
        (SubscriptionStatus::Active, period, start.day())
    };
    // A trial's line cost nothing at checkout: each period after it costs the variant's price.
    let price_amount = if trial_days > 0 || line.price_amount == 0 {
        period_price(tx, line).await?
    } else {
        line.price_amount
    };
    let card: Option<CardRow> = tx
        .opt(
            "SELECT c.payment_token, c.card_brand, c.card_last4, c.payment_method, o.total_amount
               FROM orders o JOIN checkouts c ON c.id = o.checkout_id WHERE o.id = $1",
            args![line.order_id],
        )
        .await
        .map_err(db_err)?;
    let (token, brand, last4, method, paid) = card.unwrap_or((None, None, None, None, 0));
    // Paid through Stripe: Stripe Billing renews it (linked by the billing job from the
    // checkout's payment) and keeps the card; the offline gateway's token is what the shop's
    // own renewals charge.
    let (provider, token) = match method.as_deref() {
        Some("stripe") if paid > 0 => ("STRIPE", None),
        // A free trial: nothing was paid, so Stripe keeps the card the checkout collected on
        // a new customer when the billing job links it (then the id is dropped here).
        Some("stripe") => ("STRIPE", token),
        _ => ("TEST", token),
    };
    let label = match (brand, last4) {
        (Some(b), Some(l)) => Some(format!("{b} ending in {l}")),
        _ => None,
    };
    let inserted: Option<(i64,)> = tx
        .opt(
            "INSERT INTO subscriptions (user_id, plan_id, variant_id, status, price_amount, currency,
                    anchor_day, period_start, period_end, payment_token, card_label, order_id,
                    order_item_id, created_at, updated_at, provider)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)
             ON CONFLICT (order_item_id) DO NOTHING RETURNING id",
            args![
                line.user,
                line.plan,
                line.variant,
                status.as_str(),
                price_amount,
                line.currency,
                i32::from(anchor),
                period.start.to_string(),
                period.end.to_string(),
                token,
                label,
                line.order_id,
                line.item_id,
                now,
                provider
            ],
        )
        .await
        .map_err(db_err)?;
    if let Some((id,)) = inserted {
        record_start(tx, id, status, period, line, now).await?;
    }
    Ok(match status {
        SubscriptionStatus::Trialing => format!(
            "Subscription: {} — free until {}, then renews each {}",
            line.name,
            period.end,
            interval.as_str().to_lowercase()
        ),
        _ => format!("Subscription: {} — renews on {}", line.name, period.end),
    })
}

/// The new subscription `id`'s first invoice (its checkout order, when that paid the first
/// period) and its STARTED event.
async fn record_start(
    tx: &mut Tx,
    id: i64,
    status: SubscriptionStatus,
    period: Period,
    line: &PlanLine<'_>,
    now: Ts,
) -> Result<(), AppError> {
    if status == SubscriptionStatus::Active {
        // The order that started it pays the first period: it is that period's invoice.
        let invoice = super::invoice::next_invoice_number(tx).await?;
        tx.exec(
            "UPDATE orders SET subscription_id = $1, billing_period_start = $2,
                    billing_period_end = $3, invoice_number = $4
              WHERE id = $5 AND subscription_id IS NULL",
            args![
                id,
                period.start.to_string(),
                period.end.to_string(),
                invoice,
                line.order_id
            ],
        )
        .await
        .map_err(db_err)?;
    }
    tx.exec(
        "INSERT INTO subscription_events (subscription_id, from_status, to_status, event, actor,
                reason, created_at)
         VALUES ($1, NULL, $2, 'STARTED', 'customer', $3, $4)",
        args![
            id,
            status.as_str(),
            format!("Order line {}", line.item_id),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}
