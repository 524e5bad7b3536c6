//! Switching plans (monthly ↔ annual) from `/account/subscriptions`. The proration rule is
//! `storefront::subscription::switch_plan`'s: the new plan starts today, the unused days of
//! the current period are credited (rounded down), the credit (with any left from before)
//! pays the new plan's first charge and what is left is kept for later charges. Tax is on
//! what is charged. Only an ACTIVE subscription switches: a trial, a past-due or a paused one
//! is told what to do first.

use storefront::Money;
use storefront::subscription::{Interval, Period, SubscriptionStatus, switch_plan as prorate};

use super::db_err;
use super::invoice::{insert_paid_period, period_charge};
use super::record::{self, Event, SubRow, long_date};
use super::renew::Billing;
use super::start::today;
use crate::args;
use crate::db::{Db, DbCurrency, Parsed, Ts};
use crate::payments::{ChargeRequest, GatewayError, PaymentState};
use shared::errors::AppError;
use shared::subscription::{PlanSwitchOption, SwitchDone};

#[derive(sqlx::FromRow)]
struct PlanPrice {
    variant_id: i64,
    plan_id: i64,
    plan_name: String,
    price_amount: i64,
    currency: DbCurrency,
    billing_interval: Parsed<Interval>,
}

impl PlanPrice {
    fn price(&self) -> Money {
        Money::new(self.price_amount, self.currency.0)
    }

    fn to(&self) -> super::switch_stripe::Target<'_> {
        super::switch_stripe::Target {
            plan_id: self.plan_id,
            variant_id: self.variant_id,
            plan_name: &self.plan_name,
            price: self.price(),
            interval: self.billing_interval.0,
        }
    }
}

const PLAN_PRICES: &str = "SELECT v.id AS variant_id, p.id AS plan_id, p.name AS plan_name,
        v.price_amount, CAST(v.currency AS TEXT) AS currency, sp.billing_interval
   FROM product_variants v
   JOIN products p ON p.id = v.product_id
   JOIN subscription_plans sp ON sp.product_id = p.id
  WHERE p.kind = 'SUBSCRIPTION' AND p.is_active AND v.is_active";

fn not_switchable(sub: &SubRow, today: storefront::subscription::Date) -> Option<String> {
    match sub.status() {
        SubscriptionStatus::Active if sub.cancel_at_period_end => Some(
            "This subscription ends at the end of its period: keep it first, then switch.".into(),
        ),
        SubscriptionStatus::Active if sub.period_start.0 == today => Some(
            "This subscription started or renewed today: you can switch plans from tomorrow."
                .into(),
        ),
        SubscriptionStatus::Active => None,
        SubscriptionStatus::Trialing => Some(format!(
            "You are in your free trial until {}: you can switch plans once it has ended.",
            long_date(sub.period_end.0)
        )),
        SubscriptionStatus::PastDue => {
            Some("The last payment failed: update your card first, then switch.".into())
        }
        SubscriptionStatus::Paused => Some("This subscription is paused: resume it first.".into()),
        SubscriptionStatus::Canceled => {
            Some("This subscription has ended: subscribe again to the plan you want.".into())
        }
    }
}

fn current_period(sub: &SubRow) -> Period {
    Period {
        start: sub.period_start.0,
        end: sub.period_end.0,
    }
}

/// The plans subscription `sub_id` of `user_id` can switch to at `now`, with their prices;
/// empty when it cannot switch now. 404: not the caller's.
pub async fn switch_options(
    db: &Db,
    user_id: i64,
    sub_id: i64,
    now: Ts,
) -> Result<Vec<PlanSwitchOption>, AppError> {
    let today = today(now)?;
    let sub = record::find(db, sub_id, Some(user_id))
        .await?
        .ok_or_else(no_subscription)?;
    if not_switchable(&sub, today).is_some() {
        return Ok(Vec::new());
    }
    let plans: Vec<PlanPrice> = db
        .all(
            &format!(
                "{PLAN_PRICES} AND p.id <> $1 AND v.currency = $2 ORDER BY v.price_amount, v.id"
            ),
            args![sub.plan_id, sub.currency().code()],
        )
        .await
        .map_err(db_err)?;
    let mut options = Vec::new();
    for p in plans {
        let Ok(s) = prorate(current_period(&sub), sub.price(), p.price(), today) else {
            continue;
        };
        options.push(PlanSwitchOption {
            variant_id: p.variant_id,
            plan_name: p.plan_name.clone(),
            interval: p.billing_interval.0.as_str().to_lowercase(),
            price: p.price(),
            credit: s.credit,
            charge_now: s.charge,
            carried: s.carried,
        });
    }
    Ok(options)
}

fn no_subscription() -> AppError {
    AppError::NotFound("There is no such subscription in your account.".into())
}

/// Switches subscription `sub_id` of `user_id` to the plan price `to_variant`, charging the
/// card on file what is due today. 404: not the caller's, or no such plan; 409: not
/// switchable now (ending, trial, past due, paused, canceled, same plan, another currency);
/// 402: the card was refused (nothing changes).
pub async fn switch_plan(
    b: Billing<'_>,
    user_id: i64,
    sub_id: i64,
    to_variant: i64,
    now: Ts,
) -> Result<SwitchDone, AppError> {
    let today = today(now)?;
    let target: PlanPrice =
        b.db.opt(&format!("{PLAN_PRICES} AND v.id = $1"), args![to_variant])
            .await
            .map_err(db_err)?
            .ok_or_else(|| AppError::NotFound("That plan is not available.".into()))?;
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, sub_id, Some(user_id))
        .await?
        .ok_or_else(no_subscription)?;
    check_switch(&sub, &target, today)?;
    let s = prorate(current_period(&sub), sub.price(), target.price(), today)
        .map_err(|e| AppError::Conflict(format!("This plan cannot replace yours: {e}")))?;
    let period = Period::starting(today, target.billing_interval.0, today.day())
        .ok_or_else(|| AppError::internal("switch period", today))?;
    if sub.provider == "STRIPE" {
        tx.rollback().await.map_err(db_err)?;
        return super::switch_stripe::switch_at_stripe(b, &sub, target.to(), s, now).await;
    }
    if claimed_recently(&sub, now) {
        return Err(AppError::Conflict(
            "A payment for this subscription is in progress; try again in a minute.".into(),
        ));
    }
    tx.exec(
        "UPDATE subscriptions SET billing_claimed_at = $1 WHERE id = $2",
        args![now.to_rfc3339(), sub.id],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;

    // The new plan's first period, paid with the old plan's credit plus any left before.
    let mut next = sub.clone();
    next.plan_id = target.plan_id;
    next.variant_id = Some(target.variant_id);
    next.plan_name = target.plan_name.clone();
    next.price_amount = target.price_amount;
    next.credit_amount = sub.credit_amount + s.credit.minor();
    let amounts = period_charge(b.db, &next, b.prices_include_tax).await?;
    let reference = match charge_card(b, &next, period, amounts.total).await {
        Ok(r) => r,
        Err(e) => {
            b.db.exec(
                "UPDATE subscriptions SET billing_claimed_at = NULL WHERE id = $1",
                args![sub.id],
            )
            .await
            .map_err(db_err)?;
            return Err(refused(e));
        }
    };
    let carried = next.credit_amount - amounts.credit_used.minor();
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    let (_, invoice) =
        insert_paid_period(&mut tx, &next, period, &amounts, reference.as_deref(), now)
            .await?
            .ok_or_else(|| AppError::Conflict("This plan change was already made.".into()))?;
    tx.exec(
        "UPDATE subscriptions SET plan_id = $1, variant_id = $2, price_amount = $3,
                period_start = $4, period_end = $5, anchor_day = $6, credit_amount = $7,
                billing_claimed_at = NULL, updated_at = $8
          WHERE id = $9",
        args![
            target.plan_id,
            target.variant_id,
            target.price_amount,
            period.start.to_string(),
            period.end.to_string(),
            i32::from(today.day()),
            carried,
            now,
            sub.id
        ],
    )
    .await
    .map_err(db_err)?;
    let carried = Money::new(carried, sub.currency());
    record::event(
        &mut tx,
        sub.id,
        Event {
            from: Some(SubscriptionStatus::Active),
            to: SubscriptionStatus::Active,
            event: "PLAN_SWITCHED",
            actor: "customer",
            reason: Some(format!(
                "{} → {}: {} credited for unused days, {} charged, {} carried (invoice {invoice})",
                sub.plan_name, target.plan_name, s.credit, amounts.total, carried
            )),
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        subscription_id = sub.id,
        to = target.plan_id,
        "plan switched"
    );
    Ok(SwitchDone {
        plan_name: target.plan_name,
        charged: amounts.total,
        carried,
        period_end: period.end.to_string(),
        invoice_number: invoice,
        billed_by_stripe: false,
    })
}

/// 409 with the reason when `sub` cannot switch to `target` today.
fn check_switch(
    sub: &SubRow,
    target: &PlanPrice,
    today: storefront::subscription::Date,
) -> Result<(), AppError> {
    if let Some(why) = not_switchable(sub, today) {
        return Err(AppError::Conflict(why));
    }
    if target.plan_id == sub.plan_id {
        return Err(AppError::Conflict("You are already on this plan.".into()));
    }
    Ok(())
}

/// Another charge for this subscription started less than ten minutes ago.
fn claimed_recently(sub: &SubRow, now: Ts) -> bool {
    sub.billing_claimed_at
        .as_deref()
        .and_then(Ts::parse_text)
        .is_some_and(|at| at.0 > now.minus(std::time::Duration::from_secs(600)).0)
}

/// The gateway's refusal as the subscriber reads it (nothing changed).
fn refused(e: GatewayError) -> AppError {
    match e {
        GatewayError::Declined { message, .. } => AppError::PaymentFailed(format!(
            "Your card was refused, so your plan has not changed: {message}"
        )),
        e @ GatewayError::Unavailable(_) => AppError::Unavailable(e.to_string()),
    }
}

/// Charges `amount` on the card on file; `None` when there is nothing to charge.
pub(super) async fn charge_card(
    b: Billing<'_>,
    sub: &SubRow,
    period: Period,
    amount: Money,
) -> Result<Option<String>, GatewayError> {
    if amount.is_zero() {
        return Ok(None);
    }
    let token = sub.payment_token.as_deref().ok_or(GatewayError::Declined {
        code: "no_card".into(),
        message: "There is no card on file.".into(),
    })?;
    let key = format!("switch:{}:{}:{}", sub.id, sub.plan_id, period.start);
    let description = format!("{} {} – {}", sub.plan_name, period.start, period.end);
    let state = b
        .gateway
        .authorize(ChargeRequest {
            token,
            amount,
            idempotency_key: &key,
            description: &description,
            order_number: &format!("SUB-{}", sub.id),
            return_url: b.base_url,
            keep_card_for: None,
        })
        .await?;
    match state {
        PaymentState::Authorized { reference } => {
            match b.gateway.capture(&reference, amount, &key).await? {
                PaymentState::Captured { reference, .. } => Ok(Some(reference)),
                _ => Err(GatewayError::Declined {
                    code: "not_captured".into(),
                    message: "The payment could not be completed.".into(),
                }),
            }
        }
        PaymentState::Captured { reference, .. } => Ok(Some(reference)),
        PaymentState::Failed { code, message, .. } => Err(GatewayError::Declined { code, message }),
        _ => Err(GatewayError::Declined {
            code: "authentication_required".into(),
            message: "Your bank asked to confirm this payment; update your card to continue."
                .into(),
        }),
    }
}
