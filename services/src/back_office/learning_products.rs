//! Learning products in the back office (issue 21): a course's syllabus, level, hours and
//! capacity; a course bundle's courses and discount (its price is `bundle_price`, kept true
//! when a course's price changes); a team licence's seat tiers and course; a certification's
//! prerequisites and cohorts; a subscription plan's billing interval and free trial, and
//! whether a course is included in the subscription; and creating the composite kinds.
//! Each change is one write transaction with an `audit_events` row; bad input is a 422
//! naming the field, a clash a 409.

mod bundles;
mod cohorts;
mod create;
mod panel;
mod plans;

use std::collections::HashSet;

use storefront::Money;
use storefront::learning::{BundleDiscount, BundlePrice, SeatTier, SeatTiers};
use storefront::pricing::ProductKind;

use crate::args;
use crate::db::{Db, Parsed, Ts, Tx};
use crate::orders::Actor;
use shared::errors::AppError;

use super::{audit, db_err};

pub(crate) use bundles::refresh_bundles_for_course;
pub use cohorts::{CohortRemoval, add_cohort, remove_cohort};
pub use create::{CreatedLearningProduct, NewLearningProduct, create_learning_product};
pub use panel::{learning_panel, product_currency};
pub use plans::{MAX_TRIAL_DAYS, save_plan, set_included};
pub(crate) use plans::{ensure_plan_row, live_subscriptions};

/// A course's levels, as stored.
pub const LEVELS: [&str; 4] = ["BEGINNER", "INTERMEDIATE", "ADVANCED", "ALL"];

/// Most modules in a syllabus, and the longest module title (characters).
pub const MAX_MODULES: usize = 50;
pub const MAX_MODULE_TITLE: usize = 200;

/// Most courses in a bundle, prerequisites of a certification, and seat tiers of a licence.
pub const MAX_COURSES: usize = 20;
pub const MAX_TIERS: usize = 20;

/// Highest price accepted, in minor units (as the product editor).
const MAX_PRICE_MINOR: i64 = 10_000_000_000;

/// Most places a course or cohort can be limited to.
pub const MAX_CAPACITY: u32 = 1_000_000;

/// Product `id`'s kind and name (404 when there is none).
async fn product_kind(tx: &mut Tx, id: i64) -> Result<(ProductKind, String), AppError> {
    let row: Option<(Parsed<ProductKind>, String)> = tx
        .opt("SELECT kind, name FROM products WHERE id = $1", args![id])
        .await
        .map_err(db_err)?;
    let (kind, name) =
        row.ok_or_else(|| AppError::NotFound(format!("There is no product {id}.")))?;
    Ok((kind.0, name))
}

/// The name of product `id`, which must be of kind `want` (a 422 naming `kind` otherwise).
async fn expect_kind(tx: &mut Tx, id: i64, want: ProductKind) -> Result<String, AppError> {
    let (kind, name) = product_kind(tx, id).await?;
    if kind != want {
        return Err(AppError::invalid(
            "kind",
            format!(
                "“{name}” is a {}, not a {}.",
                kind.label().to_lowercase(),
                want.label().to_lowercase()
            ),
        ));
    }
    Ok(name)
}

/// Course variant `variant_id` as a bundle or licence may hold it: an active variant of an
/// active COURSE product; its product id and name (a 422 naming `field` otherwise).
async fn active_course_variant(
    tx: &mut Tx,
    variant_id: i64,
    field: &str,
) -> Result<(i64, String), AppError> {
    let row: Option<(i64, String, bool, bool)> = tx
        .opt(
            "SELECT p.id, p.name, p.is_active, v.is_active
               FROM product_variants v JOIN products p ON p.id = v.product_id
              WHERE v.id = $1 AND p.kind = 'COURSE'",
            args![variant_id],
        )
        .await
        .map_err(db_err)?;
    match row {
        None => Err(AppError::invalid(
            field,
            format!("Variant {variant_id} is not a course."),
        )),
        Some((_, name, product_active, variant_active)) if !(product_active && variant_active) => {
            Err(AppError::invalid(
                field,
                format!("“{name}” is archived: choose courses that are on sale."),
            ))
        }
        Some((product_id, name, ..)) => Ok((product_id, name)),
    }
}

/// `ids` without repeats, in their first order.
fn distinct(ids: &[i64]) -> Vec<i64> {
    let mut seen = HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// A syllabus as submitted, checked: 1–50 titles, none blank, none over 200 characters.
fn check_modules(modules: &[String]) -> Result<Vec<String>, AppError> {
    if modules.is_empty() || modules.len() > MAX_MODULES {
        return Err(AppError::invalid(
            "modules",
            format!("Give the syllabus 1 to {MAX_MODULES} modules, one per line."),
        ));
    }
    let mut out = Vec::with_capacity(modules.len());
    for (i, m) in modules.iter().enumerate() {
        let title = m.trim();
        if title.is_empty() {
            return Err(AppError::invalid(
                "modules",
                format!("Module {} has no title.", i + 1),
            ));
        }
        if title.chars().count() > MAX_MODULE_TITLE {
            return Err(AppError::invalid(
                "modules",
                format!(
                    "Module {} is longer than {MAX_MODULE_TITLE} characters.",
                    i + 1
                ),
            ));
        }
        out.push(title.to_string());
    }
    Ok(out)
}

/// Sets course `product_id`'s syllabus (module titles in order), level and length in hours.
pub async fn save_course(
    db: &Db,
    product_id: i64,
    modules: Vec<String>,
    level: &str,
    hours: u32,
    actor: &Actor,
) -> Result<(), AppError> {
    let modules = check_modules(&modules)?;
    let level = level.trim().to_ascii_uppercase();
    if !LEVELS.contains(&level.as_str()) {
        return Err(AppError::invalid(
            "level",
            "Choose a level: BEGINNER, INTERMEDIATE, ADVANCED or ALL.",
        ));
    }
    if hours > 10_000 {
        return Err(AppError::invalid(
            "hours",
            "A course lasts 0 to 10,000 hours.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    expect_kind(&mut tx, product_id, ProductKind::Course).await?;
    let json = serde_json::Value::from(modules.clone()).to_string();
    tx.exec(
        "INSERT INTO course_details (product_id, modules, level, hours) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_id) DO UPDATE
            SET modules = excluded.modules, level = excluded.level, hours = excluded.hours",
        args![product_id, json, level.as_str(), i64::from(hours)],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "UPDATE products SET updated_at = $1 WHERE id = $2",
        args![now, product_id],
    )
    .await
    .map_err(db_err)?;
    audit(
        &mut tx,
        actor,
        "course.update",
        "product",
        Some(product_id),
        serde_json::json!({ "modules": modules, "level": level, "hours": hours }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)
}

/// Limits a course's (or a certification cohort's) places: `None` = unlimited (stock not
/// counted); `Some(n)` = counted, with `n` places on hand to sell (the difference booked as
/// an ADJUSTMENT movement; fewer than are held for checkouts is a 409).
pub async fn set_capacity(
    db: &Db,
    variant_id: i64,
    capacity: Option<u32>,
    actor: &Actor,
) -> Result<(), AppError> {
    if capacity.is_some_and(|n| n > MAX_CAPACITY) {
        return Err(AppError::invalid(
            "capacity",
            "A course or cohort has at most 1,000,000 places.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<(i64, Parsed<ProductKind>, String)> = tx
        .opt(
            "SELECT v.product_id, p.kind, v.sku
               FROM product_variants v JOIN products p ON p.id = v.product_id
              WHERE v.id = $1",
            args![variant_id],
        )
        .await
        .map_err(db_err)?;
    let (product_id, kind, sku) = row
        .ok_or_else(|| AppError::NotFound(format!("There is no product variant {variant_id}.")))?;
    if !matches!(kind.0, ProductKind::Course | ProductKind::Certification) {
        return Err(AppError::invalid(
            "capacity",
            "Only a course's or a certification cohort's places are limited here.",
        ));
    }
    tx.exec(
        "UPDATE product_variants SET track_inventory = $1, updated_at = $2 WHERE id = $3",
        args![capacity.is_some(), now, variant_id],
    )
    .await
    .map_err(db_err)?;
    if let Some(n) = capacity {
        super::inventory::set_on_hand(&mut tx, variant_id, i64::from(n), "Places set", actor, now)
            .await?;
    }
    audit(
        &mut tx,
        actor,
        "course.capacity",
        "product",
        Some(product_id),
        serde_json::json!({ "variant": sku, "capacity": capacity }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)
}

/// Sets course bundle `product_id`'s courses (at least 2 distinct active course variants, in
/// order) and discount, and prices its variant by `bundle_price`; the price and saving.
pub async fn save_bundle(
    db: &Db,
    product_id: i64,
    course_variant_ids: Vec<i64>,
    discount: BundleDiscount,
    actor: &Actor,
) -> Result<BundlePrice, AppError> {
    let ids = distinct(&course_variant_ids);
    if ids.len() < 2 || ids.len() > MAX_COURSES {
        return Err(AppError::invalid(
            "courses",
            format!("Choose 2 to {MAX_COURSES} courses for the bundle."),
        ));
    }
    let (percent, amount) = match discount {
        BundleDiscount::Percent(bps) if bps <= 10_000 => (Some(i64::from(bps)), None),
        BundleDiscount::Amount(m) if !m.is_negative() && m.minor() <= MAX_PRICE_MINOR => {
            (None, Some(m.minor()))
        }
        _ => {
            return Err(AppError::invalid(
                "discount",
                "The discount is 0 to 100 %, or an amount of zero or more.",
            ));
        }
    };
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    expect_kind(&mut tx, product_id, ProductKind::CourseBundle).await?;
    let mut courses = HashSet::new();
    for id in &ids {
        let (course, name) = active_course_variant(&mut tx, *id, "courses").await?;
        if !courses.insert(course) {
            return Err(AppError::invalid(
                "courses",
                format!("“{name}” is chosen twice."),
            ));
        }
    }
    bundles::replace_items(&mut tx, product_id, &ids).await?;
    tx.exec(
        "INSERT INTO bundle_discounts (product_id, percent_bps, amount) VALUES ($1, $2, $3)
         ON CONFLICT (product_id) DO UPDATE
            SET percent_bps = excluded.percent_bps, amount = excluded.amount",
        args![product_id, percent, amount],
    )
    .await
    .map_err(db_err)?;
    let priced = match bundles::reprice(&mut tx, product_id, now).await? {
        bundles::Priced::Now(p) => p,
        bundles::Priced::Refused(why) => return Err(AppError::invalid("discount", why)),
        bundles::Priced::Nothing => {
            return Err(AppError::Conflict(
                "The bundle has no active variant to price; add one in the editor first.".into(),
            ));
        }
    };
    audit(
        &mut tx,
        actor,
        "bundle.update",
        "product",
        Some(product_id),
        serde_json::json!({
            "course_variants": ids,
            "percent_bps": percent,
            "amount": amount,
            "price": priced.price.minor(),
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(priced)
}

/// Sets team licence `product_id`'s seat tiers (`(from seats, price per seat in minor
/// units)`, checked by `SeatTiers::new`), its variant's price (the first tier's) and its
/// course (one active course variant).
pub async fn save_seat_tiers(
    db: &Db,
    product_id: i64,
    tiers: Vec<(u32, i64)>,
    course_variant_id: i64,
    actor: &Actor,
) -> Result<SeatTiers, AppError> {
    if tiers.len() > MAX_TIERS || tiers.iter().any(|t| t.1 > MAX_PRICE_MINOR) {
        return Err(AppError::invalid(
            "tiers",
            format!("Give at most {MAX_TIERS} tiers, each at a price in range."),
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    expect_kind(&mut tx, product_id, ProductKind::TeamLicence).await?;
    let currency = panel::variant_currency(&mut tx, product_id)
        .await?
        .ok_or_else(|| {
            AppError::Conflict(
                "The licence has no active variant to price; add one in the editor first.".into(),
            )
        })?;
    let tiers = SeatTiers::new(
        tiers
            .iter()
            .map(|&(min_seats, unit)| SeatTier {
                min_seats,
                unit: Money::new(unit, currency),
            })
            .collect(),
    )
    .map_err(|e| AppError::invalid("tiers", e.to_string()))?;
    let (_, course) = active_course_variant(&mut tx, course_variant_id, "course").await?;
    tx.exec(
        "DELETE FROM seat_tiers WHERE product_id = $1",
        args![product_id],
    )
    .await
    .map_err(db_err)?;
    for t in tiers.tiers() {
        tx.exec(
            "INSERT INTO seat_tiers (product_id, min_seats, unit_amount) VALUES ($1, $2, $3)",
            args![product_id, i64::from(t.min_seats), t.unit.minor()],
        )
        .await
        .map_err(db_err)?;
    }
    bundles::replace_items(&mut tx, product_id, &[course_variant_id]).await?;
    let first = tiers.tiers().first().map_or(0, |t| t.unit.minor());
    bundles::set_price(&mut tx, product_id, first, now).await?;
    audit(
        &mut tx,
        actor,
        "licence.update",
        "product",
        Some(product_id),
        serde_json::json!({
            "tiers": tiers
                .tiers()
                .iter()
                .map(|t| (t.min_seats, t.unit.minor()))
                .collect::<Vec<_>>(),
            "course": course,
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(tiers)
}

/// Sets certification `product_id`'s prerequisites: the courses (product ids) a buyer must
/// own or have in the same cart. An empty list removes them all.
pub async fn save_certification(
    db: &Db,
    product_id: i64,
    prerequisite_course_ids: Vec<i64>,
    actor: &Actor,
) -> Result<Vec<String>, AppError> {
    let ids = distinct(&prerequisite_course_ids);
    if ids.len() > MAX_COURSES {
        return Err(AppError::invalid(
            "prerequisites",
            format!("A certification has at most {MAX_COURSES} prerequisites."),
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    expect_kind(&mut tx, product_id, ProductKind::Certification).await?;
    let mut names = Vec::with_capacity(ids.len());
    for id in &ids {
        let row: Option<(String, bool)> = tx
            .opt(
                "SELECT name, is_active FROM products WHERE id = $1 AND kind = 'COURSE'",
                args![*id],
            )
            .await
            .map_err(db_err)?;
        match row {
            None => {
                return Err(AppError::invalid(
                    "prerequisites",
                    format!("Product {id} is not a course."),
                ));
            }
            Some((name, false)) => {
                return Err(AppError::invalid(
                    "prerequisites",
                    format!("“{name}” is archived: buyers could not get it first."),
                ));
            }
            Some((name, true)) => names.push(name),
        }
    }
    tx.exec(
        "DELETE FROM certification_prerequisites WHERE certification_id = $1",
        args![product_id],
    )
    .await
    .map_err(db_err)?;
    for id in &ids {
        tx.exec(
            "INSERT INTO certification_prerequisites (certification_id, course_id) VALUES ($1, $2)",
            args![product_id, *id],
        )
        .await
        .map_err(db_err)?;
    }
    audit(
        &mut tx,
        actor,
        "certification.update",
        "product",
        Some(product_id),
        serde_json::json!({ "prerequisites": names }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllabus_titles_are_checked() {
        let ok = check_modules(&[" Intro ".to_string(), "Outro".to_string()]).unwrap();
        assert_eq!(ok, vec!["Intro", "Outro"]);
        assert!(check_modules(&[]).is_err());
        assert!(check_modules(&["A".to_string(), "  ".to_string()]).is_err());
        assert!(check_modules(&["x".repeat(201)]).is_err());
        assert!(check_modules(&vec!["m".to_string(); 51]).is_err());
    }

    #[test]
    fn repeated_ids_count_once() {
        assert_eq!(distinct(&[3, 1, 3, 2, 1]), vec![3, 1, 2]);
    }
}
