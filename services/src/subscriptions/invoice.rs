//! A paid period as an order: what the period costs (plan price, less switch credit, with the
//! tax of the subscriber's billing address under today's rules) and the RENEWAL order that
//! records it with its invoice number — one per (subscription, period start), enforced by a
//! unique index, so a second runner or a replayed event cannot bill a period twice.

use storefront::pricing::{PricedLine, ProductKind, TaxRule, tax_included, tax_on};
use storefront::subscription::Period;
use storefront::{Money, MoneyError};

use super::db_err;
use super::record::SubRow;
use crate::args;
use crate::db::{Db, Ts, Tx, dialect};
use shared::errors::AppError;

/// What one period costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodCharge {
    /// The plan price.
    pub price: Money,
    /// Switch credit spent on it (shown as a discount).
    pub credit_used: Money,
    /// Tax in (or on top of) the charge.
    pub tax: Money,
    /// What the card is charged.
    pub total: Money,
}

fn money_err(e: MoneyError) -> AppError {
    AppError::internal("subscription amounts", e)
}

/// The billing country and region of the order that started the subscription.
async fn billing_place(
    db: &Db,
    order_id: Option<i64>,
) -> Result<Option<(String, Option<String>)>, AppError> {
    let Some(order_id) = order_id else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {}, {} FROM orders WHERE id = $1",
        dialect::json_text(db.backend(), "billing_address", "country"),
        dialect::json_text(db.backend(), "billing_address", "region")
    );
    let row: Option<(Option<String>, Option<String>)> =
        db.opt(&sql, args![order_id]).await.map_err(db_err)?;
    let Some((Some(country), region)) = row else {
        return Ok(None);
    };
    Ok(Some((
        country.to_uppercase(),
        region.filter(|r| !r.is_empty()),
    )))
}

/// What the next period of `sub` costs today.
pub async fn period_charge(
    db: &Db,
    sub: &SubRow,
    prices_include_tax: bool,
) -> Result<PeriodCharge, AppError> {
    let price = sub.price();
    let credit_used = if sub.credit_amount >= price.minor() {
        price
    } else {
        sub.credit()
    };
    let net = price.checked_sub(credit_used).map_err(money_err)?;
    let mut rule_rate = None;
    if let Some((country, region)) = billing_place(db, sub.order_id).await? {
        let rules = crate::tax::tax_rules(db, &country).await?;
        let line = PricedLine {
            key: 0,
            product_id: sub.plan_id,
            category_ids: Vec::new(),
            kind: ProductKind::Subscription,
            unit_price: price,
            quantity: 1,
            unit_weight_grams: 0,
        };
        rule_rate = TaxRule::for_line(&rules, &country, region.as_deref(), &line).map(|r| r.rate);
    }
    let tax = match rule_rate {
        Some(rate) if prices_include_tax => tax_included(net, rate),
        Some(rate) => tax_on(net, rate),
        None => Money::zero(price.currency()),
    };
    let total = if prices_include_tax {
        net
    } else {
        net.checked_add(tax).map_err(money_err)?
    };
    Ok(PeriodCharge {
        price,
        credit_used,
        tax,
        total,
    })
}

/// The next invoice number, e.g. `INV-000042`.
pub async fn next_invoice_number(tx: &mut Tx) -> Result<String, AppError> {
    let (seq,): (i64,) = tx
        .one(
            "UPDATE counters SET value = value + 1 WHERE name = 'invoice_number' RETURNING value",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(format!("INV-{seq:06}"))
}

/// The RENEWAL order for `period` of `sub`, paid (`reference`: the gateway payment; `None`
/// when nothing was charged): DELIVERED, its line, its payment and its history. `None` when
/// that period already has its order.
pub async fn insert_paid_period(
    tx: &mut Tx,
    sub: &SubRow,
    period: Period,
    charge: &PeriodCharge,
    reference: Option<&str>,
    now: Ts,
) -> Result<Option<(i64, String)>, AppError> {
    let (seq,): (i64,) = tx
        .one(
            "UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value",
            args![],
        )
        .await
        .map_err(db_err)?;
    let number = format!("LC-{seq}");
    let invoice = next_invoice_number(tx).await?;
    let currency = sub.currency().code();
    let sql =
        "INSERT INTO orders (number, user_id, email, status, payment_status, fulfillment_status,
                currency, subtotal_amount, discount_amount, shipping_amount, tax_amount,
                total_amount, billing_address, kind, subscription_id, billing_period_start,
                billing_period_end, invoice_number, access_token, placed_at, confirmed_at,
                delivered_at, created_at, updated_at)
         SELECT $1, $2, $3, 'DELIVERED', 'CAPTURED', 'FULFILLED', $4, $5, $6, 0, $7, $8,
                o.billing_address, 'RENEWAL', $9, $10, $11, $12, $13, $14, $14, $14, $14, $14
           FROM (SELECT 1 AS one) x LEFT JOIN orders o ON o.id = $15
          WHERE 1 = 1
         ON CONFLICT (subscription_id, billing_period_start) DO NOTHING RETURNING id";
    let inserted: Option<(i64,)> = tx
        .opt(
            sql,
            args![
                number.clone(),
                sub.user_id,
                sub.email.clone(),
                currency,
                charge.price.minor(),
                charge.credit_used.minor(),
                charge.tax.minor(),
                charge.total.minor(),
                sub.id,
                period.start.to_string(),
                period.end.to_string(),
                invoice.clone(),
                crate::tokens::random_token(),
                now,
                sub.order_id
            ],
        )
        .await
        .map_err(db_err)?;
    let Some((order_id,)) = inserted else {
        return Ok(None);
    };
    insert_line_and_payment(tx, sub, order_id, period, charge, reference, now).await?;
    for (from, to, why) in [
        (None, "CONFIRMED", "Subscription period paid"),
        (
            Some("CONFIRMED"),
            "DELIVERED",
            "Delivered digitally: the subscription continues",
        ),
    ] {
        tx.exec(
            "INSERT INTO order_state_history (order_id, from_status, to_status, actor, reason,
                    created_at)
             VALUES ($1, $2, $3, 'system', $4, $5)",
            args![order_id, from, to, why, now],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(Some((order_id, invoice)))
}

/// The period order's one line and, when something was charged, its captured payment.
async fn insert_line_and_payment(
    tx: &mut Tx,
    sub: &SubRow,
    order_id: i64,
    period: Period,
    charge: &PeriodCharge,
    reference: Option<&str>,
    now: Ts,
) -> Result<(), AppError> {
    let currency = sub.currency().code();
    let sku: Option<(String,)> = match sub.variant_id {
        Some(v) => tx
            .opt("SELECT sku FROM product_variants WHERE id = $1", args![v])
            .await
            .map_err(db_err)?,
        None => None,
    };
    tx.exec(
        "INSERT INTO order_items (order_id, variant_id, product_id, product_name, variant_name, sku,
                product_kind, quantity, quantity_fulfilled, unit_price_amount, discount_amount,
                tax_amount, total_amount, currency, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'SUBSCRIPTION', 1, 1, $7, $8, $9, $10, $11, $12)",
        args![
            order_id,
            sub.variant_id,
            sub.plan_id,
            sub.plan_name.clone(),
            format!("{} – {}", period.start, period.end),
            sku.map_or_else(|| format!("SUB-{}", sub.plan_id), |(s,)| s),
            charge.price.minor(),
            charge.credit_used.minor(),
            charge.tax.minor(),
            charge.total.minor(),
            currency,
            now
        ],
    )
    .await
    .map_err(db_err)?;
    if let Some(reference) = reference {
        tx.exec(
            "INSERT INTO payments (order_id, provider, provider_payment_id, status, amount,
                    captured_amount, currency, idempotency_key, authorized_at, captured_at,
                    created_at, updated_at)
             VALUES ($1, $2, $3, 'CAPTURED', $4, $4, $5, $6, $7, $7, $7, $7)",
            args![
                order_id,
                sub.provider.clone(),
                reference.to_string(),
                charge.total.minor(),
                currency,
                format!("renewal:{}:{}", sub.id, period.start),
                now
            ],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}
