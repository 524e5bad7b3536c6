//! A certification's cohorts: each is a variant (named by its exam date, picked through the
//! product's "exam date" option) with its places as stock and a `cohorts` row.

use chrono::NaiveDate;
use storefront::pricing::ProductKind;
use storefront::{Money, Sku};

use crate::args;
use crate::db::{Db, DbCurrency, Ts, Tx};
use crate::orders::Actor;
use shared::errors::AppError;

use super::{MAX_CAPACITY, audit, db_err, expect_kind};

/// The option a certification's cohorts are picked by (as the demo catalogue writes it).
pub const COHORT_OPTION: &str = "exam date";

/// Most characters of the product part of a cohort's SKU (`<BASE>-YYYY-MM-DD` fits 64).
const SKU_BASE_LEN: usize = Sku::MAX_LEN - 11;

/// What removing a cohort did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CohortRemoval {
    /// It had no registrations, orders or holds: deleted.
    Deleted,
    /// It is in use: archived (no longer offered), kept for its orders and registrations.
    Deactivated,
}

/// A cohort date as typed: `YYYY-MM-DD`, a real day, not before `today`.
pub(super) fn cohort_date(text: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let text = text.trim();
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|d| d.format("%Y-%m-%d").to_string() == text)
        .ok_or_else(|| {
            AppError::invalid(
                "starts_on",
                format!("{text:?} is not a date: use YYYY-MM-DD, e.g. 2027-03-15."),
            )
        })?;
    if day < today {
        return Err(AppError::invalid(
            "starts_on",
            format!("{text} is in the past: a new cohort starts today or later."),
        ));
    }
    Ok(day)
}

/// A cohort's places: 1 to 1,000,000.
pub(super) fn check_capacity(capacity: u32) -> Result<u32, AppError> {
    if capacity == 0 || capacity > MAX_CAPACITY {
        return Err(AppError::invalid(
            "capacity",
            "A cohort has 1 to 1,000,000 places.",
        ));
    }
    Ok(capacity)
}

/// The SKU of product `base`'s cohort on `day`: `<BASE>-YYYY-MM-DD`.
pub(super) fn cohort_sku(base: &str, day: NaiveDate) -> Result<Sku, AppError> {
    let base: String = base.trim().chars().take(SKU_BASE_LEN).collect();
    let base = base.to_ascii_uppercase();
    let base = base.trim_end_matches(['-', '_']);
    Sku::parse(&format!("{base}-{}", day.format("%Y-%m-%d")))
        .map_err(|e| AppError::invalid("sku", e.to_string()))
}

/// Inserts certification `product_id`'s cohort on `day` with `capacity` places at `price`:
/// its variant (SKU from `sku_base`), inventory row (an INITIAL movement) and cohort row.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_cohort(
    tx: &mut Tx,
    product_id: i64,
    sku_base: &str,
    day: NaiveDate,
    capacity: u32,
    price: Money,
    actor: &Actor,
    now: Ts,
) -> Result<i64, AppError> {
    let sku = cohort_sku(sku_base, day)?;
    let taken: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM product_variants WHERE sku = $1",
            args![sku.as_str()],
        )
        .await
        .map_err(db_err)?;
    if taken.is_some() {
        return Err(AppError::Conflict(format!(
            "The SKU {} is already used by another variant.",
            sku.as_str()
        )));
    }
    let label = day.format("%-d %B %Y").to_string();
    let (position,): (i64,) = tx
        .one(
            "SELECT CAST(COALESCE(MAX(position), -1) + 1 AS BIGINT) FROM product_variants
              WHERE product_id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let json = crate::db::sql::json_param(tx.backend(), 4);
    let (variant_id,): (i64,) = tx
        .one(
            &format!(
                "INSERT INTO product_variants (product_id, sku, name, attributes, price_amount,
                    currency, weight_grams, track_inventory, is_active, position, created_at, updated_at)
                 VALUES ($1, $2, $3, {json}, $5, $6, 0, TRUE, TRUE, $7, $8, $8) RETURNING id"
            ),
            args![
                product_id,
                sku.as_str(),
                label.as_str(),
                serde_json::json!({ COHORT_OPTION: label }).to_string(),
                price.minor(),
                price.currency().code(),
                position,
                now
            ],
        )
        .await
        .map_err(crate::back_office::clash("SKU"))?;
    tx.exec(
        "INSERT INTO inventory (variant_id, on_hand, reserved, low_stock_threshold, created_at, updated_at)
         VALUES ($1, $2, 0, 5, $3, $3)",
        args![variant_id, i64::from(capacity), now],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "INSERT INTO inventory_movements (variant_id, delta, on_hand_after, reason, note, actor, actor_user_id, created_at)
         VALUES ($1, $2, $2, 'INITIAL', 'New cohort', $3, $4, $5)",
        args![variant_id, i64::from(capacity), actor.label.as_str(), actor.user_id, now],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "INSERT INTO cohorts (variant_id, starts_on) VALUES ($1, $2)",
        args![variant_id, day.format("%Y-%m-%d").to_string()],
    )
    .await
    .map_err(db_err)?;
    Ok(variant_id)
}

/// Rewrites product `product_id`'s "exam date" option from its active cohorts, soonest
/// first (other options are kept; no active cohort: no such option).
pub(super) async fn sync_cohort_option(
    tx: &mut Tx,
    product_id: i64,
    now: Ts,
) -> Result<(), AppError> {
    let labels: Vec<(String,)> = tx
        .all(
            "SELECT v.name FROM product_variants v JOIN cohorts c ON c.variant_id = v.id
              WHERE v.product_id = $1 AND v.is_active
              ORDER BY c.starts_on, v.id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let (options,): (String,) = tx
        .one(
            "SELECT CAST(options AS TEXT) FROM products WHERE id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let mut options: Vec<serde_json::Value> = serde_json::from_str(&options)
        .map_err(|e| AppError::internal("products.options is not a list", e))?;
    options.retain(|o| o.get("name").and_then(serde_json::Value::as_str) != Some(COHORT_OPTION));
    if !labels.is_empty() {
        let values: Vec<String> = labels.into_iter().map(|(l,)| l).collect();
        options.insert(
            0,
            serde_json::json!({ "name": COHORT_OPTION, "values": values }),
        );
    }
    let json = crate::db::sql::json_param(tx.backend(), 1);
    tx.exec(
        &format!("UPDATE products SET options = {json}, updated_at = $2 WHERE id = $3"),
        args![
            serde_json::Value::Array(options).to_string(),
            now,
            product_id
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The price of a new cohort of `product_id`: its (first active, else any) variant's.
async fn cohort_price(tx: &mut Tx, product_id: i64) -> Result<Option<Money>, AppError> {
    let row: Option<(i64, DbCurrency)> = tx
        .opt(
            "SELECT price_amount, CAST(currency AS TEXT) FROM product_variants
              WHERE product_id = $1
              ORDER BY is_active DESC, position, id LIMIT 1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(row.map(|(amount, c)| Money::new(amount, c.0)))
}

/// Adds a cohort on `starts_on` (`YYYY-MM-DD`, today or later) with `capacity` places to
/// certification `product_id`, at the price of its other cohorts; the date in words. An
/// archived cohort on that day comes back with the new capacity; a live one is a 409.
pub async fn add_cohort(
    db: &Db,
    product_id: i64,
    starts_on: &str,
    capacity: u32,
    actor: &Actor,
) -> Result<String, AppError> {
    let day = cohort_date(starts_on, chrono::Utc::now().date_naive())?;
    let capacity = check_capacity(capacity)?;
    let iso = day.format("%Y-%m-%d").to_string();
    let label = day.format("%-d %B %Y").to_string();
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let name = expect_kind(&mut tx, product_id, ProductKind::Certification).await?;
    let existing: Option<(i64, bool)> = tx
        .opt(
            "SELECT v.id, v.is_active FROM product_variants v JOIN cohorts c ON c.variant_id = v.id
              WHERE v.product_id = $1 AND c.starts_on = $2",
            args![product_id, iso.as_str()],
        )
        .await
        .map_err(db_err)?;
    let variant_id = match existing {
        Some((_, true)) => {
            return Err(AppError::Conflict(format!(
                "“{name}” already has a cohort on {label}."
            )));
        }
        Some((id, false)) => {
            tx.exec(
                "UPDATE product_variants SET is_active = TRUE, track_inventory = TRUE, updated_at = $1
                  WHERE id = $2",
                args![now, id],
            )
            .await
            .map_err(db_err)?;
            crate::back_office::inventory::set_on_hand(
                &mut tx,
                id,
                i64::from(capacity),
                "Cohort offered again",
                actor,
                now,
            )
            .await?;
            id
        }
        None => {
            let price = cohort_price(&mut tx, product_id).await?.ok_or_else(|| {
                AppError::Conflict(format!(
                    "“{name}” has no variant to take the price from; add one in the editor \
                     first."
                ))
            })?;
            let base = sku_base(&mut tx, product_id).await?;
            insert_cohort(&mut tx, product_id, &base, day, capacity, price, actor, now).await?
        }
    };
    sync_cohort_option(&mut tx, product_id, now).await?;
    audit(
        &mut tx,
        actor,
        "cohort.add",
        "product",
        Some(product_id),
        serde_json::json!({ "variant": variant_id, "starts_on": iso, "capacity": capacity }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(label)
}

/// The base of product `product_id`'s cohort SKUs: its own SKU, else its slug.
async fn sku_base(tx: &mut Tx, product_id: i64) -> Result<String, AppError> {
    let (sku, slug): (Option<String>, String) = tx
        .one(
            "SELECT sku, slug FROM products WHERE id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(sku.filter(|s| !s.trim().is_empty()).unwrap_or(slug))
}

/// Removes cohort (variant) `variant_id`: archived when anything points at it (a
/// registration, an order line, a stock hold), else deleted. The certification's last
/// offered cohort stays (a 409): archive the product instead.
pub async fn remove_cohort(
    db: &Db,
    variant_id: i64,
    actor: &Actor,
) -> Result<CohortRemoval, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<(i64, String, bool)> = tx
        .opt(
            "SELECT v.product_id, c.starts_on, v.is_active
               FROM product_variants v
               JOIN cohorts c ON c.variant_id = v.id
               JOIN products p ON p.id = v.product_id
              WHERE v.id = $1 AND p.kind = 'CERTIFICATION'",
            args![variant_id],
        )
        .await
        .map_err(db_err)?;
    let (product_id, starts_on, active) =
        row.ok_or_else(|| AppError::NotFound(format!("There is no cohort {variant_id}.")))?;
    let (others,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM product_variants v JOIN cohorts c ON c.variant_id = v.id
              WHERE v.product_id = $1 AND v.is_active AND v.id <> $2",
            args![product_id, variant_id],
        )
        .await
        .map_err(db_err)?;
    if active && others == 0 {
        return Err(AppError::Conflict(
            "This is the certification's only cohort on offer: add the next one first, or \
             archive the product."
                .into(),
        ));
    }
    let (uses,): (i64,) = tx
        .one(
            "SELECT CAST((SELECT COUNT(*) FROM certification_registrations WHERE variant_id = $1)
                       + (SELECT COUNT(*) FROM order_items WHERE variant_id = $1)
                       + (SELECT COUNT(*) FROM inventory_reservations WHERE variant_id = $1)
                       + (SELECT COUNT(*) FROM bundle_items WHERE component_variant_id = $1)
                    AS BIGINT)",
            args![variant_id],
        )
        .await
        .map_err(db_err)?;
    let removal = if uses > 0 {
        tx.exec(
            "UPDATE product_variants SET is_active = FALSE, updated_at = $1 WHERE id = $2",
            args![now, variant_id],
        )
        .await
        .map_err(db_err)?;
        CohortRemoval::Deactivated
    } else {
        tx.exec(
            "DELETE FROM product_variants WHERE id = $1",
            args![variant_id],
        )
        .await
        .map_err(db_err)?;
        CohortRemoval::Deleted
    };
    sync_cohort_option(&mut tx, product_id, now).await?;
    audit(
        &mut tx,
        actor,
        match removal {
            CohortRemoval::Deleted => "cohort.delete",
            CohortRemoval::Deactivated => "cohort.archive",
        },
        "product",
        Some(product_id),
        serde_json::json!({ "variant": variant_id, "starts_on": starts_on }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(removal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn cohort_dates_are_real_days_not_in_the_past() {
        let today = day("2027-01-10");
        assert_eq!(
            cohort_date(" 2027-03-15 ", today).unwrap(),
            day("2027-03-15")
        );
        assert_eq!(cohort_date("2027-01-10", today).unwrap(), today);
        for bad in ["2027-02-30", "15/03/2027", "2027-3-15", "", "2027-01-09"] {
            let e = cohort_date(bad, today).unwrap_err();
            assert!(
                matches!(&e, AppError::Invalid { field, .. } if field == "starts_on"),
                "{bad}: {e:?}"
            );
        }
    }

    #[test]
    fn cohort_skus_fit() {
        let d = day("2027-04-22");
        assert_eq!(
            cohort_sku("certified-data-analyst", d).unwrap().as_str(),
            "CERTIFIED-DATA-ANALYST-2027-04-22"
        );
        let long = "a".repeat(80);
        assert_eq!(cohort_sku(&long, d).unwrap().as_str().len(), Sku::MAX_LEN);
        assert_eq!(d.format("%-d %B %Y").to_string(), "22 April 2027");
    }
}
