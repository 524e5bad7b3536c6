//! Promotions for staff: the list with usage counts, create/edit (one coupon code per
//! promotion from the editor; automatic ones need none), delete while unused, and a preview
//! of what a sample cart would get, computed by the same pricing engine as checkout.

use std::time::Duration;

use storefront::pricing::{CouponOutcome, Shopper, apply_promotions};
use storefront::{CouponCode, Currency, Money};

use crate::args;
use crate::db::{Db, DbCurrency, Ts, Tx};
use crate::orders::Actor;
use shared::admin::{AdminPromotion, AdminPromotionRow, PromotionPreview};
use shared::errors::AppError;

use super::{audit, db_err};

const KINDS: [&str; 4] = ["PERCENTAGE", "FIXED_AMOUNT", "FREE_SHIPPING", "BUY_X_GET_Y"];

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    description: String,
    kind: String,
    value: i64,
    currency: Option<DbCurrency>,
    min_subtotal_amount: Option<i64>,
    max_discount_amount: Option<i64>,
    buy_quantity: Option<i64>,
    get_quantity: Option<i64>,
    applies_to: String,
    starts_at: Option<String>,
    ends_at: Option<String>,
    usage_limit: Option<i64>,
    usage_limit_per_customer: Option<i64>,
    times_used: i64,
    is_active: bool,
    is_automatic: bool,
    stackable: bool,
    first_order_only: bool,
    requires_account: bool,
}

const SELECT: &str =
    "SELECT id, name, description, kind, value, CAST(currency AS TEXT) AS currency,
        min_subtotal_amount, max_discount_amount, CAST(buy_quantity AS BIGINT) AS buy_quantity,
        CAST(get_quantity AS BIGINT) AS get_quantity, CAST(applies_to AS TEXT) AS applies_to,
        CAST(starts_at AS TEXT) AS starts_at, CAST(ends_at AS TEXT) AS ends_at,
        CAST(usage_limit AS BIGINT) AS usage_limit,
        CAST(usage_limit_per_customer AS BIGINT) AS usage_limit_per_customer,
        CAST(times_used AS BIGINT) AS times_used, is_active, is_automatic, stackable,
        first_order_only, requires_account
   FROM promotions";

/// A promotion's currency; a percentage or free-shipping one has none and shows amounts in the
/// base currency.
fn cur(c: Option<DbCurrency>) -> Currency {
    c.map_or(Currency::BASE, |c| c.0)
}

fn pct(bp: i64) -> String {
    if bp % 100 == 0 {
        format!("{}", bp / 100)
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
    }
}

fn summary(r: &Row, tiered: bool) -> String {
    match r.kind.as_str() {
        "PERCENTAGE" => format!("{}% off", pct(r.value)),
        "FIXED_AMOUNT" if tiered => "Tiered: spend more, save more".into(),
        "FIXED_AMOUNT" => format!("{} off", Money::new(r.value, cur(r.currency))),
        "FREE_SHIPPING" => "Free shipping".into(),
        "BUY_X_GET_Y" => format!(
            "Buy {} get {} {}",
            r.buy_quantity.unwrap_or(0),
            r.get_quantity.unwrap_or(0),
            if r.value >= 10_000 {
                "free".to_string()
            } else {
                format!("{}% off", pct(r.value))
            }
        ),
        other => other.to_string(),
    }
}

fn day(ts: &Option<String>) -> String {
    ts.as_deref()
        .map(|t| t.chars().take(10).collect())
        .unwrap_or_default()
}

/// The last day of a promotion: `ends_at` is stored as the midnight after it.
fn last_day(ts: &Option<String>) -> String {
    let d = day(ts);
    chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.pred_opt())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or(d)
}

/// Every promotion with its codes and how often it was used.
pub async fn list_promotions(db: &Db) -> Result<Vec<AdminPromotionRow>, AppError> {
    let rows: Vec<Row> = db
        .all(&format!("{SELECT} ORDER BY id DESC"), args![])
        .await
        .map_err(db_err)?;
    let codes: Vec<(i64, String)> = db
        .all(
            "SELECT promotion_id, code FROM coupons ORDER BY id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let tiered: Vec<(i64,)> = db
        .all("SELECT DISTINCT promotion_id FROM promotion_tiers", args![])
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let window = match (day(&r.starts_at), last_day(&r.ends_at)) {
                (s, e) if s.is_empty() && e.is_empty() => "Always".to_string(),
                (s, e) if e.is_empty() => format!("From {s}"),
                (s, e) if s.is_empty() => format!("Until {e}"),
                (s, e) => format!("{s} – {e}"),
            };
            AdminPromotionRow {
                summary: summary(&r, tiered.iter().any(|t| t.0 == r.id)),
                codes: codes
                    .iter()
                    .filter(|(p, _)| *p == r.id)
                    .map(|(_, c)| c.clone())
                    .collect(),
                id: r.id,
                name: r.name,
                kind: r.kind,
                is_active: r.is_active,
                is_automatic: r.is_automatic,
                times_used: r.times_used,
                usage_limit: r.usage_limit,
                window,
            }
        })
        .collect())
}

/// Promotion `id` for the editor.
pub async fn load_promotion(db: &Db, id: i64) -> Result<AdminPromotion, AppError> {
    let r: Row = db
        .opt(&format!("{SELECT} WHERE id = $1"), args![id])
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::NotFound(format!("There is no promotion {id}.")))?;
    let code: Option<(String,)> = db
        .opt(
            "SELECT code FROM coupons WHERE promotion_id = $1 ORDER BY id LIMIT 1",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let tiers: Vec<(i64, i64)> = db
        .all(
            "SELECT min_spend_amount, discount_amount FROM promotion_tiers WHERE promotion_id = $1 ORDER BY min_spend_amount",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let c = cur(r.currency);
    let plain = |m: i64| Money::new(m, c).to_plain_string();
    let categories: Vec<i64> = serde_json::from_str::<serde_json::Value>(&r.applies_to)
        .ok()
        .and_then(|v| v.get("category_ids").cloned())
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let mut slugs = Vec::new();
    for cid in categories {
        let s: Option<(String,)> = db
            .opt("SELECT slug FROM categories WHERE id = $1", args![cid])
            .await
            .map_err(db_err)?;
        slugs.extend(s.map(|s| s.0));
    }
    Ok(AdminPromotion {
        id: r.id,
        value: match r.kind.as_str() {
            "PERCENTAGE" | "BUY_X_GET_Y" => pct(r.value),
            "FIXED_AMOUNT" => plain(r.value),
            _ => String::new(),
        },
        currency: c.code().to_string(),
        min_subtotal: r.min_subtotal_amount.map(plain).unwrap_or_default(),
        max_discount: r.max_discount_amount.map(plain).unwrap_or_default(),
        buy: r.buy_quantity.map(|b| b.to_string()).unwrap_or_default(),
        get: r.get_quantity.map(|b| b.to_string()).unwrap_or_default(),
        code: code.map(|c| c.0).unwrap_or_default(),
        starts: day(&r.starts_at),
        ends: last_day(&r.ends_at),
        usage_limit: r.usage_limit.map(|v| v.to_string()).unwrap_or_default(),
        per_customer: r
            .usage_limit_per_customer
            .map(|v| v.to_string())
            .unwrap_or_default(),
        categories: slugs.join(", "),
        tiers: tiers
            .into_iter()
            .map(|(min, off)| format!("{}={}", plain(min), plain(off)))
            .collect::<Vec<_>>()
            .join("; "),
        name: r.name,
        description: r.description,
        kind: r.kind,
        is_active: r.is_active,
        is_automatic: r.is_automatic,
        stackable: r.stackable,
        first_order_only: r.first_order_only,
        requires_account: r.requires_account,
        times_used: r.times_used,
    })
}

/// A promotion as the editor submits it (text fields, checked here).
pub type PromotionInput = AdminPromotion;

fn opt_amount(v: &str, c: Currency, field: &str) -> Result<Option<i64>, AppError> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    Money::parse_amount(v, c)
        .map(|m| Some(m.minor()))
        .map_err(|e| AppError::invalid(field, e.to_string()))
}

fn opt_count(v: &str, field: &str) -> Result<Option<i64>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<i64>()
        .ok()
        .filter(|n| (0..=100_000_000).contains(n))
        .map(Some)
        .ok_or_else(|| AppError::invalid(field, format!("{v:?} is not a whole number.")))
}

fn basis_points(v: &str, field: &str) -> Result<i64, AppError> {
    let bp = Money::parse_amount(v.trim().trim_end_matches('%'), Currency::Usd)
        .map_err(|_| AppError::invalid(field, "Enter a percentage such as 15 or 12.5."))?
        .minor();
    if !(1..=10_000).contains(&bp) {
        return Err(AppError::invalid(
            field,
            "A percentage is between 0.01 and 100.",
        ));
    }
    Ok(bp)
}

fn date(v: &str, field: &str, plus_day: bool) -> Result<Option<Ts>, AppError> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .ok()
        .filter(|d| (1..=9999).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| AppError::invalid(field, format!("{v:?} is not a date (YYYY-MM-DD).")))?;
    let ts = Ts(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    Ok(Some(if plus_day {
        ts.plus(Duration::from_secs(86_400))
    } else {
        ts
    }))
}

/// `150.00=15.00; 300.00=40.00` as (min spend, amount off) pairs in minor units.
fn parse_tiers(text: &str, c: Currency) -> Result<Vec<(i64, i64)>, AppError> {
    let bad = |m: String| AppError::invalid("tiers", m);
    let mut out: Vec<(i64, i64)> = Vec::new();
    for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (min, off) = part.split_once('=').ok_or_else(|| {
            bad(format!(
                "Write each tier as spend=save, e.g. 150.00=15.00 (found {part:?})."
            ))
        })?;
        let min = Money::parse_amount(min, c)
            .map_err(|e| bad(format!("{part}: {e}")))?
            .minor();
        let off = Money::parse_amount(off, c)
            .map_err(|e| bad(format!("{part}: {e}")))?
            .minor();
        if off <= 0 || off > min {
            return Err(bad(format!(
                "{part}: the saving must be more than 0 and at most the spend."
            )));
        }
        if out.iter().any(|(m, _)| *m == min) {
            return Err(bad(format!("Two tiers start at {}.", Money::new(min, c))));
        }
        out.push((min, off));
    }
    if out.len() > 10 {
        return Err(bad("Use at most 10 tiers.".into()));
    }
    out.sort_unstable();
    Ok(out)
}

async fn category_ids(tx: &mut Tx, slugs: &str) -> Result<Vec<i64>, AppError> {
    let mut ids = Vec::new();
    for slug in slugs.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let row: Option<(i64,)> = tx
            .opt(
                "SELECT id FROM categories WHERE slug = $1",
                args![slug.to_lowercase()],
            )
            .await
            .map_err(db_err)?;
        ids.push(
            row.ok_or_else(|| {
                AppError::invalid("categories", format!("There is no category “{slug}”."))
            })?
            .0,
        );
    }
    Ok(ids)
}

/// A promotion form that passed every check, ready to store.
struct Checked {
    name: String,
    kind: String,
    currency: Currency,
    tiers: Vec<(i64, i64)>,
    value: i64,
    buy: Option<i64>,
    get: Option<i64>,
    min: Option<i64>,
    max: Option<i64>,
    starts: Option<Ts>,
    ends: Option<Ts>,
    limit: Option<i64>,
    per_customer: Option<i64>,
    code: Option<CouponCode>,
}

/// The value (basis points or minor units) and the buy/get quantities for `kind`.
fn kind_values(
    p: &PromotionInput,
    kind: &str,
    c: Currency,
    tiered: bool,
) -> Result<(i64, Option<i64>, Option<i64>), AppError> {
    Ok(match kind {
        "FIXED_AMOUNT" if tiered => (0, None, None),
        "PERCENTAGE" => (basis_points(&p.value, "value")?, None, None),
        "FIXED_AMOUNT" => {
            let v = opt_amount(&p.value, c, "value")?
                .filter(|v| *v > 0)
                .ok_or_else(|| AppError::invalid("value", "Enter the amount off, e.g. 5.00."))?;
            (v, None, None)
        }
        "FREE_SHIPPING" => (0, None, None),
        _ => {
            let buy = opt_count(&p.buy, "buy")?.filter(|b| *b > 0);
            let get = opt_count(&p.get, "get")?.filter(|g| *g > 0);
            let (Some(buy), Some(get)) = (buy, get) else {
                return Err(AppError::invalid(
                    "buy",
                    "Buy X get Y needs both quantities (at least 1).",
                ));
            };
            let pct = if p.value.trim().is_empty() {
                10_000
            } else {
                basis_points(&p.value, "value")?
            };
            (pct, Some(buy), Some(get))
        }
    })
}

/// Checks every field of the form; the first problem is a 422 naming its field.
fn check(p: &PromotionInput) -> Result<Checked, AppError> {
    let name = p.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(AppError::invalid(
            "name",
            "Give the promotion a name (up to 120 characters).",
        ));
    }
    let kind = p.kind.trim().to_ascii_uppercase();
    if !KINDS.contains(&kind.as_str()) {
        return Err(AppError::invalid(
            "kind",
            "Choose percentage, fixed amount, free shipping or buy X get Y.",
        ));
    }
    let c = match p.currency.trim() {
        "" => Currency::BASE,
        code => Currency::parse(code).map_err(|e| AppError::invalid("currency", e.to_string()))?,
    };
    let tiers = parse_tiers(&p.tiers, c)?;
    if !tiers.is_empty() && kind != "FIXED_AMOUNT" {
        return Err(AppError::invalid(
            "tiers",
            "Spend tiers are for amount-off promotions.",
        ));
    }
    let (value, buy, get) = kind_values(p, &kind, c, !tiers.is_empty())?;
    let min = opt_amount(&p.min_subtotal, c, "min_subtotal")?;
    let max = opt_amount(&p.max_discount, c, "max_discount")?;
    let starts = date(&p.starts, "starts", false)?;
    let ends = date(&p.ends, "ends", true)?;
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        return Err(AppError::invalid(
            "ends",
            "The end date must be after the start date.",
        ));
    }
    let limit = opt_count(&p.usage_limit, "usage_limit")?;
    let per_customer = opt_count(&p.per_customer, "per_customer")?;
    let code = match p.code.trim() {
        "" => None,
        c => Some(CouponCode::parse(c).map_err(|e| AppError::invalid("code", e.to_string()))?),
    };
    if code.is_none() && !p.is_automatic {
        return Err(AppError::invalid(
            "code",
            "Give the promotion a code, or make it automatic.",
        ));
    }
    if p.description.chars().count() > 500 {
        return Err(AppError::invalid(
            "description",
            "Keep the description under 500 characters.",
        ));
    }
    Ok(Checked {
        name: name.to_string(),
        kind,
        currency: c,
        tiers,
        value,
        buy,
        get,
        min,
        max,
        starts,
        ends,
        limit,
        per_customer,
        code,
    })
}

/// Updates promotion `id` (404 when there is none) or inserts a new one; returns its id.
async fn write_row(
    tx: &mut Tx,
    id: Option<i64>,
    k: &Checked,
    p: &PromotionInput,
    now: Ts,
) -> Result<i64, AppError> {
    let cats = category_ids(tx, &p.categories).await?;
    let applies = if cats.is_empty() {
        "{}".to_string()
    } else {
        serde_json::json!({ "category_ids": cats }).to_string()
    };
    let json = crate::db::sql::json_param(tx.backend(), 11);
    let currency = (k.kind == "FIXED_AMOUNT" || k.min.is_some() || k.max.is_some())
        .then(|| k.currency.code().to_string());
    let mut args = args![
        k.name.as_str(),
        p.description.trim(),
        k.kind.as_str(),
        k.value,
        currency,
        k.min,
        k.max,
        k.buy,
        k.get,
        now,
        applies.as_str(),
        k.limit,
        k.per_customer,
        p.is_active,
        p.is_automatic,
        p.stackable,
        p.first_order_only,
        p.requires_account
    ];
    let Some(id) = id else {
        let (new_id,): (i64,) = tx
            .one(
                &format!(
                    "INSERT INTO promotions (name, description, kind, value, currency, min_subtotal_amount,
                        max_discount_amount, buy_quantity, get_quantity, created_at, updated_at, applies_to,
                        usage_limit, usage_limit_per_customer, is_active, is_automatic, stackable,
                        first_order_only, requires_account)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, {json}, $12, $13, $14, $15, $16, $17, $18)
                     RETURNING id"
                ),
                args,
            )
            .await
            .map_err(db_err)?;
        return Ok(new_id);
    };
    args.push(crate::db::sql::Arg::I64(id));
    let n = tx
        .exec(
            &format!(
                "UPDATE promotions SET name = $1, description = $2, kind = $3, value = $4, currency = $5,
                    min_subtotal_amount = $6, max_discount_amount = $7, buy_quantity = $8,
                    get_quantity = $9, updated_at = $10, applies_to = {json}, usage_limit = $12,
                    usage_limit_per_customer = $13, is_active = $14, is_automatic = $15,
                    stackable = $16, first_order_only = $17, requires_account = $18
                  WHERE id = $19"
            ),
            args,
        )
        .await
        .map_err(db_err)?;
    if n != 1 {
        return Err(AppError::NotFound(format!("There is no promotion {id}.")));
    }
    Ok(id)
}

/// The promotion's window and spend tiers.
async fn write_window_and_tiers(tx: &mut Tx, id: i64, k: &Checked) -> Result<(), AppError> {
    // The window in one statement (NULL timestamps bind differently per engine, and the
    // table checks ends_at > starts_at).
    let mut q = crate::db::sql::SqlBuf::new(tx.backend());
    q.push("UPDATE promotions SET starts_at = ");
    match k.starts {
        Some(ts) => q.bind(ts.into()),
        None => q.push("NULL"),
    };
    q.push(", ends_at = ");
    match k.ends {
        Some(ts) => q.bind(ts.into()),
        None => q.push("NULL"),
    };
    q.push(" WHERE id = ").bind(id.into());
    tx.exec(&q.sql, q.args).await.map_err(db_err)?;
    tx.exec(
        "DELETE FROM promotion_tiers WHERE promotion_id = $1",
        args![id],
    )
    .await
    .map_err(db_err)?;
    for (min, off) in &k.tiers {
        tx.exec(
            "INSERT INTO promotion_tiers (promotion_id, min_spend_amount, discount_amount) VALUES ($1, $2, $3)",
            args![id, *min, *off],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Gives promotion `id` the coupon `code` (409 when another promotion has it).
async fn write_code(tx: &mut Tx, id: i64, code: &CouponCode, now: Ts) -> Result<(), AppError> {
    let taken: Option<(i64,)> = tx
        .opt(
            "SELECT promotion_id FROM coupons WHERE code = $1",
            args![code.as_str()],
        )
        .await
        .map_err(db_err)?;
    match taken {
        Some((other,)) if other != id => Err(AppError::Conflict(format!(
            "The code {} belongs to another promotion.",
            code.as_str()
        ))),
        Some(_) => Ok(()),
        None => {
            let existing: Option<(i64,)> = tx
                .opt(
                    "SELECT id FROM coupons WHERE promotion_id = $1 ORDER BY id LIMIT 1",
                    args![id],
                )
                .await
                .map_err(db_err)?;
            match existing {
                Some((cid,)) => tx.exec(
                    "UPDATE coupons SET code = $1, updated_at = $2 WHERE id = $3",
                    args![code.as_str(), now, cid],
                ),
                None => tx.exec(
                    "INSERT INTO coupons (promotion_id, code, created_at, updated_at) VALUES ($1, $2, $3, $3)",
                    args![id, code.as_str(), now],
                ),
            }
            .await
            .map_err(super::clash("coupon code"))?;
            Ok(())
        }
    }
}

/// Creates (`id` None) or saves a promotion and its coupon code.
pub async fn save_promotion(
    db: &Db,
    id: Option<i64>,
    p: &PromotionInput,
    actor: &Actor,
) -> Result<i64, AppError> {
    let k = check(p)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let promotion_id = write_row(&mut tx, id, &k, p, now).await?;
    write_window_and_tiers(&mut tx, promotion_id, &k).await?;
    if let Some(code) = &k.code {
        write_code(&mut tx, promotion_id, code, now).await?;
    }
    audit(
        &mut tx,
        actor,
        if id.is_some() { "promotion.update" } else { "promotion.create" },
        "promotion",
        Some(promotion_id),
        serde_json::json!({ "name": k.name, "kind": k.kind, "value": k.value, "code": k.code.as_ref().map(|c| c.as_str()), "active": p.is_active }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(promotion_id)
}

/// Deletes a promotion that was never used (a used one can only be switched off).
pub async fn delete_promotion(db: &Db, id: i64, actor: &Actor) -> Result<String, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<(String, i64)> = tx
        .opt(
            "SELECT name, CAST(times_used AS BIGINT) FROM promotions WHERE id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let (name, used) =
        row.ok_or_else(|| AppError::NotFound(format!("There is no promotion {id}.")))?;
    if used > 0 {
        return Err(AppError::Conflict(format!(
            "“{name}” was used {used} time(s); switch it off instead of deleting it."
        )));
    }
    tx.exec("DELETE FROM promotions WHERE id = $1", args![id])
        .await
        .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "promotion.delete",
        "promotion",
        Some(id),
        serde_json::json!({ "name": name }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(name)
}

/// What a cart of `sample` (`SKU × qty` per line or comma: "TEE-M x 2, MUG") would get from
/// promotion `id` alone, with standard shipping at `shipping_minor`.
pub async fn preview(db: &Db, id: i64, sample: &str) -> Result<PromotionPreview, AppError> {
    let mut picks: Vec<(String, u32)> = Vec::new();
    for part in sample
        .split([',', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let lower = part.to_lowercase();
        let (sku, qty) = match lower.rsplit_once(['x', '×', '*']) {
            Some((s, q)) if q.trim().parse::<u32>().is_ok() => {
                (s.trim().to_string(), q.trim().parse::<u32>().unwrap_or(1))
            }
            _ => (part.to_string(), 1),
        };
        if qty == 0 || qty > 999 {
            return Err(AppError::invalid(
                "sample",
                format!("{part:?}: use 1 to 999 units."),
            ));
        }
        picks.push((sku.to_uppercase(), qty));
        if picks.len() > 50 {
            return Err(AppError::invalid("sample", "Use at most 50 sample lines."));
        }
    }
    if picks.is_empty() {
        return Err(AppError::invalid(
            "sample",
            "List some SKUs, e.g. “TEE-M x 2, MUG”.",
        ));
    }
    let (currency,): (Option<DbCurrency>,) = db
        .opt(
            "SELECT CAST(currency AS TEXT) FROM promotions WHERE id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::NotFound(format!("There is no promotion {id}.")))?;
    let lines = crate::checkout::sample_lines(db, &picks, cur(currency)).await?;
    let currency = lines
        .first()
        .map(|l| l.priced.unit_price.currency())
        .unwrap_or_else(|| cur(currency));
    let mut notes: Vec<String> = picks
        .iter()
        .filter(|(sku, _)| !lines.iter().any(|l| &l.sku == sku))
        .map(|(sku, _)| format!("No variant has the SKU {sku}."))
        .collect();
    let lines: Vec<_> = lines
        .into_iter()
        .filter(|l| l.priced.unit_price.currency() == currency)
        .collect();
    let promo = crate::checkout::promotion_by_id(db, id, Some("PREVIEW".into()), currency)
        .await?
        .ok_or_else(|| {
            AppError::Conflict("This promotion cannot be priced (check its settings).".into())
        })?;
    let priced: Vec<_> = lines.iter().map(|l| l.priced.clone()).collect();
    let shipping = Money::new(599, currency);
    let shopper = Shopper {
        now: chrono::Utc::now().timestamp(),
        signed_in: true,
        previous_orders: 0,
    };
    let money_err = |e: storefront::MoneyError| AppError::invalid("sample", e.to_string());
    let d = apply_promotions(
        currency,
        &priced,
        &[],
        Some(&promo),
        &shopper,
        Some(shipping),
    )
    .map_err(money_err)?;
    if let CouponOutcome::Rejected(why) = &d.coupon {
        notes.push(format!("Would not apply: {why}"));
    }
    let subtotal = Money::sum(
        priced
            .iter()
            .map(|l| l.subtotal().unwrap_or(Money::new(0, currency))),
        currency,
    )
    .map_err(money_err)?;
    let discount = d.merchandise(currency).map_err(money_err)?;
    let after = subtotal.checked_sub(discount).map_err(money_err)?;
    Ok(PromotionPreview {
        lines: lines
            .iter()
            .map(|l| {
                format!(
                    "{} × {} — {}",
                    l.sku,
                    l.quantity,
                    l.priced.subtotal().unwrap_or(Money::new(0, currency))
                )
            })
            .collect(),
        subtotal: subtotal.to_string(),
        discount: discount.to_string(),
        discount_minor: discount.minor(),
        free_shipping: d.free_shipping,
        total_after: after.to_string(),
        notes,
    })
}
