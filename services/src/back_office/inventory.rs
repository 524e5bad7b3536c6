//! Stock by hand: adjustments with a reason (each one an `inventory_movements` row),
//! low-stock thresholds per variant, and the low-stock alert (a mail to every staff member
//! through the outbox when a variant's available units fall to its threshold; once per
//! crossing — it re-arms when stock is back above).

use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::orders::Actor;
use shared::errors::AppError;

use super::{audit, db_err};

/// Why staff change stock by hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdjustReason {
    /// Goods arrived (adds).
    Restock,
    /// Broken or lost (removes).
    Damage,
    /// A count found a different number (either way).
    Correction,
}

impl AdjustReason {
    pub fn parse(s: &str) -> Result<AdjustReason, AppError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "restock" => Ok(AdjustReason::Restock),
            "damage" | "damaged" => Ok(AdjustReason::Damage),
            "correction" | "adjustment" => Ok(AdjustReason::Correction),
            other => Err(AppError::invalid(
                "reason",
                format!("Unknown reason {other:?}: use restock, damage or correction."),
            )),
        }
    }

    /// The movement's `reason` column.
    pub fn movement(self) -> &'static str {
        match self {
            AdjustReason::Restock => "RESTOCK",
            AdjustReason::Damage => "DAMAGED",
            AdjustReason::Correction => "ADJUSTMENT",
        }
    }
}

/// Stock of one variant after a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StockLevel {
    pub on_hand: i64,
    pub reserved: i64,
}

/// Makes sure `variant` has an inventory row (variants created outside the editor may not).
pub(crate) async fn ensure_row(tx: &mut Tx, variant: i64, now: Ts) -> Result<(), AppError> {
    tx.exec(
        "INSERT INTO inventory (variant_id, on_hand, reserved, created_at, updated_at)
         VALUES ($1, 0, 0, $2, $2) ON CONFLICT (variant_id) DO NOTHING",
        args![variant, now],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn level(tx: &mut Tx, variant: i64) -> Result<StockLevel, AppError> {
    let row: Option<(i64, i64)> = tx
        .opt(
            "SELECT CAST(on_hand AS BIGINT), CAST(reserved AS BIGINT) FROM inventory WHERE variant_id = $1",
            args![variant],
        )
        .await
        .map_err(db_err)?;
    let (on_hand, reserved) = row.unwrap_or((0, 0));
    Ok(StockLevel { on_hand, reserved })
}

/// Changes on-hand stock by `delta` with a movement row; refused (409, nothing written) when
/// it would remove more than is on the shelf or than is free of checkout holds.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn book(
    tx: &mut Tx,
    variant: i64,
    delta: i64,
    reason: &str,
    note: Option<&str>,
    actor: &Actor,
    now: Ts,
    sku: &str,
) -> Result<StockLevel, AppError> {
    ensure_row(tx, variant, now).await?;
    let restocked = if delta > 0 {
        ", last_restocked_at = $2"
    } else {
        ""
    };
    let after: Option<(i64, i64)> = tx
        .opt(
            &format!(
                "UPDATE inventory SET on_hand = on_hand + $1, version = version + 1, updated_at = $2{restocked}
                  WHERE variant_id = $3 AND on_hand + $1 >= reserved AND on_hand + $1 >= 0
                    AND on_hand + $1 <= 1000000000
                  RETURNING CAST(on_hand AS BIGINT), CAST(reserved AS BIGINT)"
            ),
            args![delta, now, variant],
        )
        .await
        .map_err(db_err)?;
    let Some((on_hand, reserved)) = after else {
        if delta > 0 {
            return Err(AppError::Conflict(format!(
                "{sku}: stock cannot go above 1,000,000,000 units."
            )));
        }
        let now_level = level(tx, variant).await?;
        let removable = now_level.on_hand - now_level.reserved;
        return Err(AppError::Conflict(if now_level.reserved > 0 {
            format!(
                "{sku}: only {} on hand and {} held for checkouts, so at most {} can be removed.",
                now_level.on_hand,
                now_level.reserved,
                removable.max(0)
            )
        } else {
            format!(
                "{sku}: only {} on hand; you cannot remove {}.",
                now_level.on_hand, -delta
            )
        }));
    };
    tx.exec(
        "INSERT INTO inventory_movements (variant_id, delta, on_hand_after, reason, note, actor, actor_user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![variant, delta, on_hand, reason, note, actor.label.as_str(), actor.user_id, now],
    )
    .await
    .map_err(db_err)?;
    Ok(StockLevel { on_hand, reserved })
}

/// Sets on-hand stock to `target` (an ADJUSTMENT movement for the difference).
pub(crate) async fn set_on_hand(
    tx: &mut Tx,
    variant: i64,
    target: i64,
    note: &str,
    actor: &Actor,
    now: Ts,
) -> Result<(), AppError> {
    ensure_row(tx, variant, now).await?;
    let current = level(tx, variant).await?;
    let delta = target - current.on_hand;
    if delta != 0 {
        let sku = variant_sku(tx, variant).await?;
        book(
            tx,
            variant,
            delta,
            "ADJUSTMENT",
            Some(note),
            actor,
            now,
            &sku,
        )
        .await?;
        flag_low_stock(tx, Some(&[variant]), now).await?;
    }
    Ok(())
}

async fn variant_sku(tx: &mut Tx, variant: i64) -> Result<String, AppError> {
    let row: Option<(String,)> = tx
        .opt(
            "SELECT sku FROM product_variants WHERE id = $1",
            args![variant],
        )
        .await
        .map_err(db_err)?;
    row.map(|r| r.0)
        .ok_or_else(|| AppError::NotFound(format!("There is no product variant {variant}.")))
}

/// The id of product `product`'s variant `sku` (404 when there is none).
pub async fn variant_of(db: &Db, product: i64, sku: &str) -> Result<i64, AppError> {
    let row: Option<(i64,)> = db
        .opt(
            "SELECT id FROM product_variants WHERE product_id = $1 AND sku = $2",
            args![product, sku],
        )
        .await
        .map_err(db_err)?;
    row.map(|r| r.0).ok_or_else(|| {
        AppError::NotFound(format!("Product {product} has no variant with SKU {sku}."))
    })
}

/// Staff change stock of `variant` by `delta` for `reason` (restock adds, damage removes,
/// correction either way).
pub async fn adjust_stock(
    db: &Db,
    variant: i64,
    delta: i64,
    reason: AdjustReason,
    note: &str,
    actor: &Actor,
) -> Result<StockLevel, AppError> {
    if delta == 0 || !(-1_000_000..=1_000_000).contains(&delta) {
        return Err(AppError::invalid(
            "delta",
            "Enter a change other than 0 (up to ±1,000,000).",
        ));
    }
    match reason {
        AdjustReason::Restock if delta < 0 => {
            return Err(AppError::invalid(
                "delta",
                "A restock adds stock: enter a positive number.",
            ));
        }
        AdjustReason::Damage if delta > 0 => {
            return Err(AppError::invalid(
                "delta",
                "Damage removes stock: enter a negative number.",
            ));
        }
        _ => {}
    }
    let note = note.trim();
    if note.chars().count() > 500 {
        return Err(AppError::invalid(
            "note",
            "Keep the note under 500 characters.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let sku = variant_sku(&mut tx, variant).await?;
    let note = (!note.is_empty()).then_some(note);
    let level = book(
        &mut tx,
        variant,
        delta,
        reason.movement(),
        note,
        actor,
        now,
        &sku,
    )
    .await?;
    audit(
        &mut tx,
        actor,
        "inventory.adjust",
        "variant",
        Some(variant),
        serde_json::json!({ "sku": sku, "delta": delta, "reason": reason.movement(), "note": note, "on_hand": level.on_hand }),
        now,
    )
    .await?;
    flag_low_stock(&mut tx, Some(&[variant]), now).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(level)
}

/// Sets the low-stock threshold of `variant`.
pub async fn set_threshold(
    db: &Db,
    variant: i64,
    threshold: i64,
    actor: &Actor,
) -> Result<String, AppError> {
    if !(0..=100_000).contains(&threshold) {
        return Err(AppError::invalid(
            "threshold",
            "The low-stock threshold is 0 to 100,000.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let sku = variant_sku(&mut tx, variant).await?;
    ensure_row(&mut tx, variant, now).await?;
    tx.exec(
        "UPDATE inventory SET low_stock_threshold = $1, updated_at = $2 WHERE variant_id = $3",
        args![threshold, now, variant],
    )
    .await
    .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "inventory.threshold",
        "variant",
        Some(variant),
        serde_json::json!({ "sku": sku, "threshold": threshold }),
        now,
    )
    .await?;
    flag_low_stock(&mut tx, Some(&[variant]), now).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(sku)
}

#[derive(sqlx::FromRow)]
struct Crossing {
    variant_id: i64,
    sku: String,
    product: String,
    variant: String,
    available: i64,
    threshold: i64,
}

/// Re-arms alerts of variants back above their threshold and queues one mail per staff
/// member for each variant that fell to it (`variants`: only these; `None`: all). Returns
/// the number of variants alerted.
pub(crate) async fn flag_low_stock(
    tx: &mut Tx,
    variants: Option<&[i64]>,
    now: Ts,
) -> Result<u64, AppError> {
    let backend = tx.backend();
    let only = |q: &mut crate::db::sql::SqlBuf| {
        if let Some(ids) = variants {
            q.push(" AND i.variant_id IN ").bind_id_set(ids);
        }
    };
    let mut rearm = crate::db::sql::SqlBuf::new(backend);
    rearm.push(
        "UPDATE inventory SET low_stock_alerted_at = NULL WHERE id IN (SELECT i.id FROM inventory i
          WHERE i.low_stock_alerted_at IS NOT NULL AND i.on_hand - i.reserved > i.low_stock_threshold",
    );
    only(&mut rearm);
    rearm.push(")");
    tx.exec(&rearm.sql, rearm.args).await.map_err(db_err)?;

    let mut find = crate::db::sql::SqlBuf::new(backend);
    find.push(
        "SELECT i.variant_id, v.sku, p.name AS product, v.name AS variant,
                CAST(i.on_hand - i.reserved AS BIGINT) AS available,
                CAST(i.low_stock_threshold AS BIGINT) AS threshold
           FROM inventory i
           JOIN product_variants v ON v.id = i.variant_id
           JOIN products p ON p.id = v.product_id
          WHERE i.low_stock_alerted_at IS NULL AND v.track_inventory = TRUE
            AND v.is_active = TRUE AND p.is_active = TRUE
            AND i.on_hand - i.reserved <= i.low_stock_threshold",
    );
    only(&mut find);
    find.push(" ORDER BY i.variant_id LIMIT 500");
    let crossings: Vec<Crossing> = tx.all(&find.sql, find.args).await.map_err(db_err)?;
    if crossings.is_empty() {
        return Ok(0);
    }
    let staff: Vec<(i64, String)> = tx
        .all(
            "SELECT id, email FROM users WHERE role IN ('ADMIN', 'STAFF') ORDER BY id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let outbox = crate::db::sql::outbox_insert(backend) + " ON CONFLICT (dedupe_key) DO NOTHING";
    let mut alerted = 0;
    for c in crossings {
        let claimed = tx
            .exec(
                "UPDATE inventory SET low_stock_alerted_at = $1
                  WHERE variant_id = $2 AND low_stock_alerted_at IS NULL",
                args![now, c.variant_id],
            )
            .await
            .map_err(db_err)?;
        if claimed != 1 {
            continue;
        }
        alerted += 1;
        for (user_id, email) in &staff {
            let payload = serde_json::json!({
                "template": "low_stock",
                "to": email,
                "variant_id": c.variant_id,
                "sku": c.sku,
                "product": c.product,
                "variant": c.variant,
                "available": c.available,
                "threshold": c.threshold,
            });
            let key = format!(
                "low-stock:{}:{}:{user_id}",
                c.variant_id,
                now.0.timestamp_millis()
            );
            tx.exec(
                &outbox,
                args!["inventory.low_stock", payload.to_string(), key, now],
            )
            .await
            .map_err(db_err)?;
        }
    }
    Ok(alerted)
}

/// The job's pass over all variants (sales and holds change stock outside the back office).
pub async fn low_stock_sweep(db: &Db) -> Result<u64, AppError> {
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let n = flag_low_stock(&mut tx, None, Ts::now()).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(n)
}
