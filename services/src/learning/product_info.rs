//! The learning facts a product page shows: a course's syllabus, level and length; a course
//! bundle's courses and savings; a team licence's seat tiers; a certification's prerequisites
//! and cohorts; a subscription plan's included courses, interval and free trial.

use storefront::Currency;
use storefront::learning::{BundleDiscount, SeatTier, SeatTiers, bundle_price};
use storefront::money::Money;
use storefront::pricing::ProductKind;

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency};
use shared::errors::AppError;
use shared::learning::{CohortView, CourseLink, PlanTerms, ProductLearning, SeatTierView};

/// What the product page of `product_id` (of kind `kind`) shows about learning; empty for
/// goods and downloads (no query).
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn product_learning(
    db: &Db,
    product_id: i64,
    kind: ProductKind,
) -> Result<ProductLearning, AppError> {
    match kind {
        ProductKind::Course => course(db, product_id).await,
        ProductKind::CourseBundle => course_bundle(db, product_id).await,
        ProductKind::TeamLicence => Ok(ProductLearning {
            seat_tiers: seat_tiers(db, product_id).await?,
            courses: courses_of(db, product_id).await?,
            ..ProductLearning::default()
        }),
        ProductKind::Certification => Ok(ProductLearning {
            prerequisites: prerequisites(db, product_id).await?,
            cohorts: cohorts(db, product_id).await?,
            ..ProductLearning::default()
        }),
        ProductKind::Subscription => Ok(ProductLearning {
            courses: included_courses(db).await?,
            plan: plan_terms(db, product_id).await?,
            ..ProductLearning::default()
        }),
        ProductKind::Physical | ProductKind::Digital | ProductKind::Bundle => {
            Ok(ProductLearning::default())
        }
    }
}

/// A course's syllabus, level and hours (nothing when it has no details row).
async fn course(db: &Db, product_id: i64) -> Result<ProductLearning, AppError> {
    let row: Option<(String, String, i32)> = db
        .opt(
            "SELECT modules, level, hours FROM course_details WHERE product_id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let Some((modules, level, hours)) = row else {
        return Ok(ProductLearning::default());
    };
    let modules: Vec<String> = serde_json::from_str(&modules)
        .map_err(|e| AppError::internal("course_details.modules is not a list of titles", e))?;
    Ok(ProductLearning {
        modules,
        level: Some(level),
        hours: u32::try_from(hours).ok().filter(|h| *h > 0),
        ..ProductLearning::default()
    })
}

#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    slug: String,
    name: String,
    price_amount: Option<i64>,
    currency: Option<DbCurrency>,
}

impl From<CourseRow> for CourseLink {
    fn from(r: CourseRow) -> Self {
        CourseLink {
            id: r.id,
            slug: r.slug,
            name: r.name,
            price: r
                .price_amount
                .zip(r.currency)
                .map(|(amount, c)| Money::new(amount, c.0)),
        }
    }
}

/// The courses in a bundle or licence (its `bundle_items` that are courses), each with the
/// price of the variant the bundle holds.
async fn courses_of(db: &Db, product_id: i64) -> Result<Vec<CourseLink>, AppError> {
    let rows: Vec<CourseRow> = db
        .all(
            "SELECT c.id, c.slug, c.name, v.price_amount, CAST(v.currency AS TEXT) AS currency
               FROM bundle_items bi
               JOIN product_variants v ON v.id = bi.component_variant_id
               JOIN products c ON c.id = v.product_id
              WHERE bi.bundle_product_id = $1 AND c.kind = 'COURSE'
              ORDER BY bi.position, bi.id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(CourseLink::from).collect())
}

/// Every active course a subscription opens (`included_in_subscription`), by name.
async fn included_courses(db: &Db) -> Result<Vec<CourseLink>, AppError> {
    let rows: Vec<CourseRow> = db
        .all(
            "SELECT c.id, c.slug, c.name, v.price_amount, CAST(v.currency AS TEXT) AS currency
               FROM products c
               JOIN product_variants v ON v.id =
                    (SELECT id FROM product_variants WHERE product_id = c.id AND is_active
                      ORDER BY position, id LIMIT 1)
              WHERE c.kind = 'COURSE' AND c.is_active AND c.included_in_subscription
              ORDER BY c.name, c.id",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(CourseLink::from).collect())
}

/// A plan's billing interval and free trial, with the price of its first active variant
/// (`None` when the plan has no `subscription_plans` row).
async fn plan_terms(db: &Db, product_id: i64) -> Result<Option<PlanTerms>, AppError> {
    let row: Option<(String, i32, Option<i64>, Option<DbCurrency>)> = db
        .opt(
            "SELECT sp.billing_interval, sp.trial_days, v.price_amount,
                    CAST(v.currency AS TEXT) AS currency
               FROM subscription_plans sp
               LEFT JOIN product_variants v ON v.id =
                    (SELECT id FROM product_variants WHERE product_id = sp.product_id AND is_active
                      ORDER BY position, id LIMIT 1)
              WHERE sp.product_id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(
        row.map(|(interval, trial_days, amount, currency)| PlanTerms {
            interval,
            trial_days: u32::try_from(trial_days).unwrap_or(0),
            price: amount.zip(currency).map(|(a, c)| Money::new(a, c.0)),
        }),
    )
}

/// The currency of the product's first active variant (what its prices are in).
async fn variant_currency(db: &Db, product_id: i64) -> Result<Option<Currency>, AppError> {
    let row: Option<(DbCurrency,)> = db
        .opt(
            "SELECT CAST(currency AS TEXT) FROM product_variants
              WHERE product_id = $1 AND is_active
              ORDER BY position, id LIMIT 1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(row.map(|(c,)| c.0))
}

/// A course bundle's courses, and what they cost alone and what the bundle saves (left out
/// when the discount is missing or the bundle rule refuses the prices).
async fn course_bundle(db: &Db, product_id: i64) -> Result<ProductLearning, AppError> {
    let courses = courses_of(db, product_id).await?;
    let discount: Option<(Option<i32>, Option<i64>)> = db
        .opt(
            "SELECT percent_bps, amount FROM bundle_discounts WHERE product_id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let currency = variant_currency(db, product_id).await?;
    let discount = match (discount, currency) {
        (Some((Some(bps), _)), _) => u32::try_from(bps).ok().map(BundleDiscount::Percent),
        (Some((None, Some(amount))), Some(c)) => {
            Some(BundleDiscount::Amount(Money::new(amount, c)))
        }
        _ => None,
    };
    let prices: Option<Vec<Money>> = courses.iter().map(|c| c.price).collect();
    let priced = discount
        .zip(prices)
        .and_then(|(d, prices)| bundle_price(&prices, d).ok());
    Ok(ProductLearning {
        list_price: priced.as_ref().map(|p| p.list),
        savings: priced.map(|p| p.savings),
        courses,
        ..ProductLearning::default()
    })
}

/// A team licence's per-seat tiers, smallest first, in its variant's currency. No tiers (or
/// no variant) shows none; tiers the domain refuses are a logged 500.
async fn seat_tiers(db: &Db, product_id: i64) -> Result<Vec<SeatTierView>, AppError> {
    let rows: Vec<(i32, i64)> = db
        .all(
            "SELECT min_seats, unit_amount FROM seat_tiers WHERE product_id = $1 ORDER BY min_seats",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let Some(currency) = variant_currency(db, product_id).await? else {
        return Ok(Vec::new());
    };
    let tiers = rows
        .into_iter()
        .map(|(min, unit)| -> Result<SeatTier, AppError> {
            Ok(SeatTier {
                min_seats: u32::try_from(min)
                    .map_err(|e| AppError::internal("seat_tiers.min_seats", e))?,
                unit: Money::new(unit, currency),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let tiers = SeatTiers::new(tiers).map_err(|e| AppError::internal("seat_tiers", e))?;
    Ok(tiers
        .ranges()
        .into_iter()
        .map(|(from, to, unit)| SeatTierView { from, to, unit })
        .collect())
}

/// The courses a certification's buyer must own, with their lowest price.
async fn prerequisites(db: &Db, product_id: i64) -> Result<Vec<CourseLink>, AppError> {
    let rows: Vec<CourseRow> = db
        .all(
            "SELECT c.id, c.slug, c.name, c.price_min_amount AS price_amount,
                    CAST(c.currency AS TEXT) AS currency
               FROM certification_prerequisites cp
               JOIN products c ON c.id = cp.course_id
              WHERE cp.certification_id = $1
              ORDER BY c.name, c.id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(CourseLink::from).collect())
}

#[derive(sqlx::FromRow)]
struct CohortRow {
    variant_id: i64,
    starts_on: String,
    track_inventory: bool,
    available: Option<i32>,
}

/// A certification's cohorts (its active variants with a date), soonest first, with the
/// places left when capacity is tracked.
async fn cohorts(db: &Db, product_id: i64) -> Result<Vec<CohortView>, AppError> {
    let rows: Vec<CohortRow> = db
        .all(
            "SELECT v.id AS variant_id, c.starts_on, v.track_inventory,
                    i.on_hand - i.reserved AS available
               FROM product_variants v
               JOIN cohorts c ON c.variant_id = v.id
               LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE v.product_id = $1 AND v.is_active
              ORDER BY c.starts_on, v.id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| CohortView {
            variant_id: r.variant_id,
            starts_on: r.starts_on,
            places_left: r
                .track_inventory
                .then(|| u32::try_from(r.available.unwrap_or(0)).unwrap_or(0)),
        })
        .collect())
}
