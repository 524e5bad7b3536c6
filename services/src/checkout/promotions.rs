//! Promotions from the database as the pricing engine's [`Promotion`]s.
//!
//! Usage limits are only pre-checked here (a used-up promotion is not offered); the real
//! check is the atomic claim when the order is placed ([`super::usage`]).

use std::collections::HashMap;

use storefront::pricing::{Conditions, Percent, Promotion, PromotionKind, Target, Tier};
use storefront::{Currency, Money};

use super::db_err;
use crate::args;
use crate::db::Db;
use crate::db::dialect::epoch_seconds;
use shared::errors::AppError;

/// A coupon the shopper entered, with its promotion.
#[derive(Clone, Debug)]
pub struct CouponPromotion {
    pub coupon_id: i64,
    pub code: String,
    pub promotion: Promotion,
    /// False when the code or its promotion is used up or switched off.
    pub usable: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    kind: String,
    value: i64,
    currency: Option<String>,
    min_subtotal: Option<i64>,
    max_discount: Option<i64>,
    buy: Option<i32>,
    get: Option<i32>,
    applies_to: String,
    starts: Option<i64>,
    ends: Option<i64>,
    requires_account: bool,
    first_order_only: bool,
    max_applications: Option<i32>,
    stackable: bool,
    priority: i32,
}

fn columns(db: &Db) -> String {
    format!(
        "p.id AS id, p.name AS name, p.kind AS kind, p.value AS value,
         CAST(p.currency AS TEXT) AS currency, p.min_subtotal_amount AS min_subtotal,
         p.max_discount_amount AS max_discount, p.buy_quantity AS buy, p.get_quantity AS get,
         CAST(p.applies_to AS TEXT) AS applies_to, {} AS starts, {} AS ends,
         p.requires_account AS requires_account, p.first_order_only AS first_order_only,
         p.max_applications AS max_applications, p.stackable AS stackable, p.priority AS priority",
        epoch_seconds(db.backend(), "p.starts_at"),
        epoch_seconds(db.backend(), "p.ends_at")
    )
}

#[derive(serde::Deserialize, Default)]
struct AppliesTo {
    #[serde(default)]
    product_ids: Vec<i64>,
    #[serde(default)]
    category_ids: Vec<i64>,
}

/// Builds the engine's promotion; `None` for rows the engine cannot use (bad data is
/// logged and skipped rather than failing the checkout).
fn to_promotion(
    r: Row,
    code: Option<String>,
    tiers: &HashMap<i64, Vec<(i64, i64)>>,
    cart_currency: Currency,
) -> Option<Promotion> {
    // No currency: a rule without amounts (a percentage), in the cart's currency.
    let currency: Currency = match r.currency.as_deref().map(str::parse::<Currency>) {
        None => cart_currency,
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            tracing::warn!(promotion = r.id, error = %e, "promotion with an unknown currency skipped");
            return None;
        }
    };
    let money = |minor: i64| Money::new(minor, currency);
    let percent = |bp: i64| u32::try_from(bp).ok().and_then(Percent::from_basis_points);
    let kind = match r.kind.as_str() {
        "PERCENTAGE" => PromotionKind::PercentOff {
            percent: percent(r.value)?,
            max_discount: r.max_discount.map(money),
        },
        "FIXED_AMOUNT" => match tiers.get(&r.id) {
            Some(t) if !t.is_empty() => PromotionKind::Tiered {
                tiers: t
                    .iter()
                    .map(|(min, off)| Tier {
                        min_spend: money(*min),
                        amount_off: money(*off),
                    })
                    .collect(),
            },
            _ => PromotionKind::AmountOff {
                amount: money(r.value),
            },
        },
        "FREE_SHIPPING" => PromotionKind::FreeShipping,
        "BUY_X_GET_Y" => PromotionKind::BuyXGetY {
            buy: u32::try_from(r.buy?).ok()?,
            get: u32::try_from(r.get?).ok()?,
            percent: percent(r.value)?,
            max_applications: r.max_applications.and_then(|m| u32::try_from(m).ok()),
        },
        other => {
            tracing::warn!(
                promotion = r.id,
                kind = other,
                "unknown promotion kind skipped"
            );
            return None;
        }
    };
    // Unreadable targets skip the promotion: read as "everything" they would discount the
    // whole order.
    let applies: AppliesTo = match serde_json::from_str(&r.applies_to) {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(promotion = r.id, error = %e, "promotion with unreadable targets skipped");
            return None;
        }
    };
    let target = if applies.product_ids.is_empty() && applies.category_ids.is_empty() {
        Target::Order
    } else {
        Target::Items {
            product_ids: applies.product_ids,
            category_ids: applies.category_ids,
        }
    };
    Some(Promotion {
        id: r.id,
        name: r.name,
        code,
        kind,
        target,
        conditions: Conditions {
            min_subtotal: r.min_subtotal.map(money),
            starts_at: r.starts,
            ends_at: r.ends,
            requires_account: r.requires_account,
            first_order_only: r.first_order_only,
        },
        exclusive: !r.stackable,
        priority: r.priority,
    })
}

async fn tiers_for(db: &Db, ids: &[i64]) -> Result<HashMap<i64, Vec<(i64, i64)>>, AppError> {
    let mut out: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut q = crate::db::sql::SqlBuf::new(db.backend());
    q.push(
        "SELECT promotion_id, min_spend_amount, discount_amount FROM promotion_tiers
          WHERE promotion_id IN ",
    );
    q.bind_list(ids.iter().map(|i| crate::db::sql::Arg::I64(*i)));
    let rows: Vec<(i64, i64, i64)> = db.all(&q.sql, q.args).await.map_err(db_err)?;
    for (p, min, off) in rows {
        out.entry(p).or_default().push((min, off));
    }
    Ok(out)
}

/// Active automatic promotions that are not used up.
pub async fn automatic(db: &Db, currency: Currency) -> Result<Vec<Promotion>, AppError> {
    let sql = format!(
        "SELECT {} FROM promotions p
          WHERE p.is_active AND p.is_automatic
            AND (p.usage_limit IS NULL OR p.times_used < p.usage_limit)
          ORDER BY p.priority DESC, p.id",
        columns(db)
    );
    let rows: Vec<Row> = db.all(&sql, args![]).await.map_err(db_err)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let tiers = tiers_for(db, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| to_promotion(r, None, &tiers, currency))
        .collect())
}

/// Promotion `id` as the engine sees it (with `code`), whatever its status; `None` when
/// there is no such promotion or the engine cannot use it.
pub async fn by_id(
    db: &Db,
    id: i64,
    code: Option<String>,
    currency: Currency,
) -> Result<Option<Promotion>, AppError> {
    let sql = format!("SELECT {} FROM promotions p WHERE p.id = $1", columns(db));
    let row: Option<Row> = db.opt(&sql, args![id]).await.map_err(db_err)?;
    let Some(r) = row else { return Ok(None) };
    let tiers = tiers_for(db, &[r.id]).await?;
    Ok(to_promotion(r, code, &tiers, currency))
}

/// The coupon attached to the cart, if any.
pub async fn cart_coupon(
    db: &Db,
    cart_id: i64,
    currency: Currency,
) -> Result<Option<CouponPromotion>, AppError> {
    let coupon: Option<(i64, String, i64, bool)> = db
        .opt(
            "SELECT c.id, c.code, c.promotion_id,
                    (c.is_active AND p.is_active AND (c.usage_limit IS NULL OR c.times_used < c.usage_limit)
                     AND (p.usage_limit IS NULL OR p.times_used < p.usage_limit))
               FROM cart_coupons cc
               JOIN coupons c ON c.id = cc.coupon_id
               JOIN promotions p ON p.id = c.promotion_id
              WHERE cc.cart_id = $1
              ORDER BY cc.id DESC LIMIT 1",
            args![cart_id],
        )
        .await
        .map_err(db_err)?;
    let Some((coupon_id, code, promotion_id, usable)) = coupon else {
        return Ok(None);
    };
    let sql = format!("SELECT {} FROM promotions p WHERE p.id = $1", columns(db));
    let row: Option<Row> = db.opt(&sql, args![promotion_id]).await.map_err(db_err)?;
    let Some(r) = row else { return Ok(None) };
    let tiers = tiers_for(db, &[r.id]).await?;
    Ok(
        to_promotion(r, Some(code.clone()), &tiers, currency).map(|promotion| CouponPromotion {
            coupon_id,
            code,
            promotion,
            usable,
        }),
    )
}

/// Attaches the coupon `code` to the cart (replacing any other: one code per order).
/// Unknown codes are refused here; whether a known code applies is the engine's call.
pub async fn attach_coupon(
    db: &Db,
    cart_id: i64,
    code: &str,
    who: &CouponGuesser<'_>,
) -> Result<(), AppError> {
    let limits = who.limits();
    crate::throttle::check(db, &limits)
        .await
        .map_err(|e| match e {
            AppError::TooManyRequests { retry_after, .. } => AppError::TooManyRequests {
                message: format!("Too many codes that didn't work. Try again in {retry_after} s."),
                retry_after,
            },
            other => other,
        })?;
    let code = storefront::CouponCode::parse(code)
        .map_err(|e| AppError::invalid("couponCode", e.to_string()))?;
    let coupon: Option<i64> = db
        .opt::<(i64,)>(
            "SELECT id FROM coupons WHERE code = $1",
            args![code.as_str()],
        )
        .await
        .map_err(db_err)?
        .map(|(id,)| id);
    let Some(coupon_id) = coupon else {
        let keys: Vec<&str> = limits.iter().map(|l| l.key.as_str()).collect();
        crate::throttle::record_failure(db, &keys, None, who.ip).await?;
        return Err(AppError::invalid("couponCode", NOT_VALID));
    };
    let mut tx = db.begin_write().await.map_err(db_err)?;
    tx.exec(
        "DELETE FROM cart_coupons WHERE cart_id = $1",
        args![cart_id],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "INSERT INTO cart_coupons (cart_id, coupon_id) VALUES ($1, $2)",
        args![cart_id, coupon_id],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}

/// The one answer to a code that does not exist (no hint how close a guess was).
pub const NOT_VALID: &str = "That code isn't valid. Check it and try again.";

/// Who is trying codes: failed codes are counted per shopper (account or guest cart) and per
/// client IP, so nobody can walk the code space.
pub struct CouponGuesser<'a> {
    /// The checkout's scope (`Current::scope`).
    pub scope: &'a str,
    pub ip: Option<&'a str>,
}

impl CouponGuesser<'_> {
    /// 10 failed codes per shopper and 30 per IP in 15 minutes.
    fn limits(&self) -> Vec<crate::throttle::Limit> {
        let window = std::time::Duration::from_secs(15 * 60);
        let mut limits = vec![crate::throttle::Limit {
            key: format!("coupon:{}", self.scope),
            max: 10,
            window,
        }];
        if let Some(ip) = self.ip {
            limits.push(crate::throttle::Limit {
                key: format!("coupon:ip:{ip}"),
                max: 30,
                window,
            });
        }
        limits
    }
}

/// Removes the cart's coupon.
pub async fn detach_coupon(db: &Db, cart_id: i64) -> Result<(), AppError> {
    db.exec(
        "DELETE FROM cart_coupons WHERE cart_id = $1",
        args![cart_id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Orders this shopper placed before (not cancelled): by account, else by email.
pub async fn previous_orders(
    db: &Db,
    user_id: Option<i64>,
    email: Option<&str>,
) -> Result<u32, AppError> {
    let (n,): (i64,) = match (user_id, email) {
        (Some(u), _) => {
            db.one(
                "SELECT COUNT(*) FROM orders WHERE user_id = $1 AND status <> 'CANCELLED'",
                args![u],
            )
            .await
        }
        (None, Some(e)) => {
            db.one(
                "SELECT COUNT(*) FROM orders WHERE email = $1 AND status <> 'CANCELLED'",
                args![e],
            )
            .await
        }
        (None, None) => Ok((0,)),
    }
    .map_err(db_err)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(applies_to: &str, currency: Option<&str>) -> Row {
        Row {
            id: 7,
            name: "Ten off shirts".into(),
            kind: "FIXED_AMOUNT".into(),
            value: 1000,
            currency: currency.map(str::to_string),
            min_subtotal: None,
            max_discount: None,
            buy: None,
            get: None,
            applies_to: applies_to.into(),
            starts: None,
            ends: None,
            requires_account: false,
            first_order_only: false,
            max_applications: None,
            stackable: false,
            priority: 0,
        }
    }

    #[test]
    fn unreadable_targets_or_currency_skip_the_promotion_instead_of_widening_it() {
        let tiers = HashMap::new();
        let ok = to_promotion(
            row(r#"{"product_ids":[3]}"#, Some("USD")),
            None,
            &tiers,
            Currency::Usd,
        )
        .expect("a readable promotion");
        assert!(matches!(ok.target, Target::Items { .. }));
        // Read as "no targets", broken JSON would discount the whole order.
        assert!(to_promotion(row("{not json", Some("USD")), None, &tiers, Currency::Usd).is_none());
        assert!(to_promotion(row("{}", Some("XXX")), None, &tiers, Currency::Usd).is_none());
        // No currency: the cart's.
        assert!(to_promotion(row("{}", None), None, &tiers, Currency::Eur).is_some());
    }
}
