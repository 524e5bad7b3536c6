//! The back office's overview: sales figures with the change against the period before,
//! a daily revenue series, best sellers, low stock, recent orders and the conversion funnel.
//!
//! Revenue counts orders that were paid for (not PENDING, not CANCELLED), net of refunds,
//! in the store's currency (Settings). Days are UTC.

use std::time::Duration;

use chrono::{NaiveDate, Utc};

use crate::args;
use crate::db::{Db, DbCurrency, Ts};
use shared::admin::{
    Dashboard, DayRevenue, Funnel, LowStockRow, PeriodStats, RecentOrder, RecoveryStats, TopProduct,
};
use shared::errors::AppError;
use storefront::Currency;

use super::db_err;
use super::products::money;

const PAID: &str = "o.status NOT IN ('PENDING', 'CANCELLED')";
const DAY: Duration = Duration::from_secs(24 * 3600);

fn midnight(d: NaiveDate) -> Ts {
    Ts(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// "+12%", "−5%", "0%"; `None` when there is nothing to compare with.
pub fn change(now: i64, before: i64) -> Option<String> {
    if before <= 0 {
        return None;
    }
    let pct = ((now - before) as f64 / before as f64 * 100.0).round() as i64;
    Some(match pct {
        p if p > 0 => format!("+{p}%"),
        p if p < 0 => format!("−{}%", -p),
        _ => "0%".to_string(),
    })
}

async fn totals(db: &Db, currency: Currency, from: Ts, to: Ts) -> Result<(i64, i64), AppError> {
    let (orders, revenue): (i64, i64) = db
        .one(
            &format!(
                "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(o.total_amount - o.refunded_amount), 0) AS BIGINT)
                   FROM orders o
                  WHERE {PAID} AND o.currency = $1 AND o.placed_at >= $2 AND o.placed_at < $3"
            ),
            args![currency.code(), from, to],
        )
        .await
        .map_err(db_err)?;
    Ok((orders, revenue))
}

async fn period(
    db: &Db,
    currency: Currency,
    label: &str,
    (from, to): (Ts, Ts),
    (prev_from, prev_to): (Ts, Ts),
) -> Result<PeriodStats, AppError> {
    let (orders, revenue) = totals(db, currency, from, to).await?;
    let (p_orders, p_revenue) = totals(db, currency, prev_from, prev_to).await?;
    let aov = |rev: i64, n: i64| if n > 0 { rev / n } else { 0 };
    Ok(PeriodStats {
        label: label.to_string(),
        revenue: money(revenue, currency),
        revenue_minor: revenue,
        orders,
        aov: money(aov(revenue, orders), currency),
        revenue_change: change(revenue, p_revenue),
        orders_change: change(orders, p_orders),
        aov_change: change(aov(revenue, orders), aov(p_revenue, p_orders)),
    })
}

#[derive(sqlx::FromRow)]
struct LowRow {
    product_id: i64,
    product: String,
    sku: String,
    variant: String,
    available: i64,
    threshold: i64,
}

const LOW_FROM: &str = "FROM inventory i
   JOIN product_variants v ON v.id = i.variant_id
   JOIN products p ON p.id = v.product_id
  WHERE v.track_inventory = TRUE AND v.is_active = TRUE AND p.is_active = TRUE
    AND i.on_hand - i.reserved <= i.low_stock_threshold";

/// Variants at or under their low-stock threshold (the dashboard badge).
pub async fn low_stock_count(db: &Db) -> Result<i64, AppError> {
    let (n,): (i64,) = db
        .one(
            &format!("SELECT CAST(COUNT(*) AS BIGINT) {LOW_FROM}"),
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(n)
}

/// Today, the last 7 and the last 30 days, each against the period before it.
async fn periods(db: &Db, currency: Currency, now: Ts) -> Result<Vec<PeriodStats>, AppError> {
    let today_start = midnight(Utc::now().date_naive());
    let soon = now.plus(Duration::from_secs(1));
    Ok(vec![
        period(
            db,
            currency,
            "Today",
            (today_start, soon),
            (today_start.minus(DAY), today_start),
        )
        .await?,
        period(
            db,
            currency,
            "Last 7 days",
            (now.minus(DAY * 7), soon),
            (now.minus(DAY * 14), now.minus(DAY * 7)),
        )
        .await?,
        period(
            db,
            currency,
            "Last 30 days",
            (now.minus(DAY * 30), soon),
            (now.minus(DAY * 60), now.minus(DAY * 30)),
        )
        .await?,
    ])
}

/// Revenue and orders for each of the last 30 days (UTC), oldest first, every day present.
async fn daily(db: &Db, currency: Currency) -> Result<Vec<DayRevenue>, AppError> {
    let first_day = Utc::now().date_naive() - chrono::Days::new(29);
    let day_expr = crate::db::dialect::utc_day(db.backend(), "o.placed_at");
    let by_day: Vec<(String, i64, i64)> = db
        .all(
            &format!(
                "SELECT {day_expr} AS day, CAST(COALESCE(SUM(o.total_amount - o.refunded_amount), 0) AS BIGINT),
                        CAST(COUNT(*) AS BIGINT)
                   FROM orders o
                  WHERE {PAID} AND o.currency = $1 AND o.placed_at >= $2
                  GROUP BY {day_expr}"
            ),
            args![currency.code(), midnight(first_day)],
        )
        .await
        .map_err(db_err)?;
    Ok((0..30)
        .map(|i| {
            let day = (first_day + chrono::Days::new(i))
                .format("%Y-%m-%d")
                .to_string();
            let (revenue_minor, orders) = by_day
                .iter()
                .find(|(d, _, _)| *d == day)
                .map_or((0, 0), |(_, r, n)| (*r, *n));
            DayRevenue {
                day,
                revenue_minor,
                orders,
            }
        })
        .collect())
}

/// The five best sellers of the last 30 days, by revenue.
async fn top_products(db: &Db, currency: Currency, now: Ts) -> Result<Vec<TopProduct>, AppError> {
    let top: Vec<(String, Option<String>, i64, i64)> = db
        .all(
            &format!(
                "SELECT i.product_name, p.slug, CAST(SUM(i.quantity) AS BIGINT), CAST(SUM(i.total_amount) AS BIGINT)
                   FROM order_items i
                   JOIN orders o ON o.id = i.order_id
                   LEFT JOIN products p ON p.id = i.product_id
                  WHERE {PAID} AND o.currency = $1 AND o.placed_at >= $2 AND i.parent_item_id IS NULL
                  GROUP BY i.product_id, i.product_name, p.slug
                  ORDER BY 4 DESC, 3 DESC LIMIT 5"
            ),
            args![currency.code(), now.minus(DAY * 30)],
        )
        .await
        .map_err(db_err)?;
    Ok(top
        .into_iter()
        .map(|(name, slug, units, revenue)| TopProduct {
            name,
            slug: slug.unwrap_or_default(),
            units,
            revenue: money(revenue, currency),
        })
        .collect())
}

/// The ten variants closest to running out.
async fn low_stock(db: &Db) -> Result<Vec<LowStockRow>, AppError> {
    let low: Vec<LowRow> = db
        .all(
            &format!(
                "SELECT p.id AS product_id, p.name AS product, v.sku, v.name AS variant,
                        CAST(i.on_hand - i.reserved AS BIGINT) AS available,
                        CAST(i.low_stock_threshold AS BIGINT) AS threshold
                   {LOW_FROM}
                  ORDER BY i.on_hand - i.reserved, v.sku LIMIT 10"
            ),
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(low
        .into_iter()
        .map(|r| LowStockRow {
            product_id: r.product_id,
            product: r.product,
            sku: r.sku,
            variant: r.variant,
            available: r.available,
            threshold: r.threshold,
        })
        .collect())
}

/// The eight newest orders.
async fn recent_orders(db: &Db) -> Result<Vec<RecentOrder>, AppError> {
    let recent: Vec<(String, String, String, i64, DbCurrency, String)> = db
        .all(
            "SELECT number, email, status, total_amount, CAST(currency AS TEXT), CAST(placed_at AS TEXT)
               FROM orders ORDER BY id DESC LIMIT 8",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(recent
        .into_iter()
        .map(|(number, email, status, total, cur, at)| RecentOrder {
            number,
            email,
            status,
            total: money(total, cur.0),
            placed_at: at.chars().take(16).collect::<String>().replace('T', " "),
        })
        .collect())
}

/// Sessions since `since` that viewed a product, then added to the cart, started checkout
/// and bought.
async fn funnel(db: &Db, since: Ts) -> Result<Funnel, AppError> {
    let step = |kind: &str| {
        format!(
            "EXISTS (SELECT 1 FROM analytics_events e WHERE e.session_id = s.session_id AND e.kind = '{kind}' AND e.occurred_at >= $1)"
        )
    };
    let (add, checkout, purchase) = (step("add_to_cart"), step("checkout_step"), step("purchase"));
    let (viewed, added, checkout, purchased): (i64, i64, i64, i64) = db
        .one(
            &format!(
                "WITH s AS (SELECT DISTINCT session_id FROM analytics_events
                             WHERE kind = 'product_view' AND occurred_at >= $1 AND session_id IS NOT NULL)
                 SELECT CAST((SELECT COUNT(*) FROM s) AS BIGINT),
                        CAST((SELECT COUNT(*) FROM s WHERE {add}) AS BIGINT),
                        CAST((SELECT COUNT(*) FROM s WHERE {add} AND {checkout}) AS BIGINT),
                        CAST((SELECT COUNT(*) FROM s WHERE {add} AND {checkout} AND {purchase}) AS BIGINT)"
            ),
            args![since],
        )
        .await
        .map_err(db_err)?;
    Ok(Funnel {
        viewed,
        added,
        checkout,
        purchased,
    })
}

/// The dashboard as of now.
pub async fn dashboard(db: &Db, currency: Currency) -> Result<Dashboard, AppError> {
    let now = Ts::now();
    let since = now.minus(DAY * 30);
    Ok(Dashboard {
        recovery: recovery(db, currency, since).await?,
        periods: periods(db, currency, now).await?,
        daily: daily(db, currency).await?,
        top_products: top_products(db, currency, now).await?,
        low_stock_count: low_stock_count(db).await?,
        low_stock: low_stock(db).await?,
        recent_orders: recent_orders(db).await?,
        funnel: funnel(db, since).await?,
        as_of: now.0.format("%Y-%m-%d %H:%M:%S").to_string(),
        currency,
    })
}

/// Abandonment rate, reminders and recovered revenue for carts since `since`.
pub async fn recovery(db: &Db, currency: Currency, since: Ts) -> Result<RecoveryStats, AppError> {
    let (carts, abandoned): (i64, i64) = db
        .one(
            "SELECT CAST(COUNT(*) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN status <> 'CONVERTED' THEN 1 ELSE 0 END), 0) AS BIGINT)
               FROM carts
              WHERE created_at >= $1 AND (abandoned_at IS NOT NULL OR status = 'CONVERTED')",
            args![since],
        )
        .await
        .map_err(db_err)?;
    let (reminders,): (i64,) = db
        .one(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM cart_recovery_emails WHERE sent_at >= $1",
            args![since],
        )
        .await
        .map_err(db_err)?;
    let (recovered, revenue): (i64, i64) = db
        .one(
            &format!(
                "SELECT CAST(COUNT(DISTINCT c.id) AS BIGINT),
                        CAST(COALESCE(SUM(o.total_amount - o.refunded_amount), 0) AS BIGINT)
                   FROM carts c JOIN orders o ON o.cart_id = c.id
                  WHERE c.recovered_at >= $1 AND c.status = 'CONVERTED' AND {PAID} AND o.currency = $2"
            ),
            args![since, currency.code()],
        )
        .await
        .map_err(db_err)?;
    Ok(RecoveryStats {
        carts,
        abandoned,
        abandonment_rate: if carts > 0 {
            format!(
                "{}%",
                (abandoned as f64 / carts as f64 * 100.0).round() as i64
            )
        } else {
            "–".into()
        },
        reminders_sent: reminders,
        recovered,
        recovered_revenue: money(revenue, currency),
    })
}

#[cfg(test)]
mod tests {
    use super::change;

    #[test]
    fn changes_are_signed_percentages() {
        assert_eq!(change(120, 100).as_deref(), Some("+20%"));
        assert_eq!(change(95, 100).as_deref(), Some("−5%"));
        assert_eq!(change(100, 100).as_deref(), Some("0%"));
        assert_eq!(change(100, 0), None);
    }
}
