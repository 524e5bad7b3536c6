//! Creating the learning products made of other products: a course bundle or a team licence
//! (with one default variant) and a certification (with its first cohort). Each starts as a
//! draft (not in the shop): staff set its courses, tiers or prerequisites in the editor's
//! Learning panel, then tick Active and save. Courses, goods and downloads are created in the
//! product editor.

use chrono::NaiveDate;
use storefront::pricing::ProductKind;
use storefront::{Currency, Money, Sku, Slug};

use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::orders::Actor;
use shared::errors::AppError;

use super::cohorts::{check_capacity, cohort_date, insert_cohort, sync_cohort_option};
use super::{MAX_PRICE_MINOR, audit, db_err};

/// A new course bundle, team licence or certification as the form submits it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLearningProduct {
    /// `COURSE_BUNDLE`, `TEAM_LICENCE` or `CERTIFICATION`.
    pub kind: String,
    pub name: String,
    /// Blank: made from the name.
    pub slug: Option<String>,
    /// A category slug (blank: none).
    pub category: Option<String>,
    pub currency: Currency,
    /// The variant's price in minor units: a licence's per-seat price, a certification's
    /// exam fee; a bundle's is worked out once its courses are set.
    pub price_minor: i64,
    /// A certification's first cohort: `YYYY-MM-DD` and its places (required for one).
    pub first_cohort: Option<(String, u32)>,
}

/// The created product.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedLearningProduct {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// What the form gave, checked.
struct Checked {
    kind: ProductKind,
    name: String,
    slug: String,
    price: Money,
    cohort: Option<(NaiveDate, u32)>,
}

fn check(input: &NewLearningProduct, today: NaiveDate) -> Result<Checked, AppError> {
    let kind = match input
        .kind
        .trim()
        .to_ascii_uppercase()
        .parse::<ProductKind>()
    {
        Ok(
            k @ (ProductKind::CourseBundle | ProductKind::TeamLicence | ProductKind::Certification),
        ) => k,
        _ => {
            return Err(AppError::invalid(
                "kind",
                "Choose a course bundle, a team licence or a certification (courses, goods \
                 and downloads are created with “New product”).",
            ));
        }
    };
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            "Give the product a name (up to 200 characters).",
        ));
    }
    let slug = match input
        .slug
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(s) => Slug::parse(s),
        None => Slug::from_title(name),
    }
    .map_err(|e| AppError::invalid("slug", e.to_string()))?;
    if !(0..=MAX_PRICE_MINOR).contains(&input.price_minor) {
        return Err(AppError::invalid("price", "The price is out of range."));
    }
    let cohort = match (&input.first_cohort, kind) {
        (Some((day, capacity)), ProductKind::Certification) => {
            Some((cohort_date(day, today)?, check_capacity(*capacity)?))
        }
        (None, ProductKind::Certification) => {
            return Err(AppError::invalid(
                "starts_on",
                "A certification needs its first cohort: give its date and places.",
            ));
        }
        _ => None,
    };
    Ok(Checked {
        kind,
        name: name.to_string(),
        slug: slug.as_str().to_string(),
        price: Money::new(input.price_minor, input.currency),
        cohort,
    })
}

/// The id of category `slug` (blank: none; unknown: a 422 naming `category`).
async fn category_id(tx: &mut Tx, slug: Option<&str>) -> Result<Option<i64>, AppError> {
    let Some(slug) = slug.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let row: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM categories WHERE slug = $1",
            args![slug.to_lowercase()],
        )
        .await
        .map_err(db_err)?;
    row.map(|(id,)| Some(id))
        .ok_or_else(|| AppError::invalid("category", format!("There is no category “{slug}”.")))
}

/// A 409 when the address or the product SKU is taken.
async fn check_free(tx: &mut Tx, slug: &str, sku: &str) -> Result<(), AppError> {
    let (slugs, skus): (i64, i64) = tx
        .one(
            "SELECT (SELECT COUNT(*) FROM products WHERE slug = $1),
                    (SELECT COUNT(*) FROM products WHERE sku = $2)
                  + (SELECT COUNT(*) FROM product_variants WHERE sku = $2)",
            args![slug, sku],
        )
        .await
        .map_err(db_err)?;
    if slugs > 0 {
        return Err(AppError::Conflict(format!(
            "Another product already uses the address /p/{slug}; choose another slug."
        )));
    }
    if skus > 0 {
        return Err(AppError::Conflict(format!(
            "The SKU {sku} is already used; choose another slug."
        )));
    }
    Ok(())
}

/// Creates a course bundle, team licence or certification as a draft; a certification with
/// its first cohort, the others with one default variant at the given price.
pub async fn create_learning_product(
    db: &Db,
    input: &NewLearningProduct,
    actor: &Actor,
) -> Result<CreatedLearningProduct, AppError> {
    let c = check(input, chrono::Utc::now().date_naive())?;
    let sku = Sku::parse(&c.slug.chars().take(Sku::MAX_LEN).collect::<String>())
        .map_err(|e| AppError::invalid("slug", e.to_string()))?;
    let sku = sku.as_str().trim_end_matches('-').to_string();
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let category = category_id(&mut tx, input.category.as_deref()).await?;
    check_free(&mut tx, &c.slug, &sku).await?;
    let (id,): (i64,) = tx
        .one(
            "INSERT INTO products (slug, sku, name, description, kind, category_id, options,
                    is_active, is_featured, created_at, updated_at)
             VALUES ($1, $2, $3, '', $4, $5, '[]', FALSE, FALSE, $6, $6) RETURNING id",
            args![
                c.slug.as_str(),
                sku.as_str(),
                c.name.as_str(),
                c.kind.as_str(),
                category,
                now
            ],
        )
        .await
        .map_err(crate::back_office::clash("address or SKU"))?;
    match c.cohort {
        Some((day, capacity)) => {
            insert_cohort(&mut tx, id, &sku, day, capacity, c.price, actor, now).await?;
            sync_cohort_option(&mut tx, id, now).await?;
        }
        None => {
            tx.exec(
                "INSERT INTO product_variants (product_id, sku, name, attributes, price_amount,
                    currency, weight_grams, track_inventory, is_active, position, created_at, updated_at)
                 VALUES ($1, $2, 'Default', '{}', $3, $4, 0, FALSE, TRUE, 0, $5, $5)",
                args![id, sku.as_str(), c.price.minor(), c.price.currency().code(), now],
            )
            .await
            .map_err(crate::back_office::clash("SKU"))?;
        }
    }
    audit(
        &mut tx,
        actor,
        "product.create",
        "product",
        Some(id),
        serde_json::json!({
            "name": c.name,
            "slug": c.slug,
            "kind": c.kind.as_str(),
            "active": false,
        }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(CreatedLearningProduct {
        id,
        slug: c.slug,
        name: c.name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: &str, cohort: Option<(&str, u32)>) -> NewLearningProduct {
        NewLearningProduct {
            kind: kind.into(),
            name: "Data Path".into(),
            slug: None,
            category: None,
            currency: Currency::Usd,
            price_minor: 1_000,
            first_cohort: cohort.map(|(d, n)| (d.to_string(), n)),
        }
    }

    fn field(e: AppError) -> String {
        match e {
            AppError::Invalid { field, .. } => field,
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn only_composite_kinds_and_a_certification_needs_a_cohort() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let ok = check(&input("course_bundle", None), today).unwrap();
        assert_eq!(
            (ok.kind, ok.slug.as_str()),
            (ProductKind::CourseBundle, "data-path")
        );
        for kind in ["COURSE", "PHYSICAL", "NOPE"] {
            assert_eq!(
                field(check(&input(kind, None), today).err().unwrap()),
                "kind"
            );
        }
        let e = check(&input("CERTIFICATION", None), today).err().unwrap();
        assert_eq!(field(e), "starts_on");
        let e = check(&input("CERTIFICATION", Some(("2026-12-31", 5))), today)
            .err()
            .unwrap();
        assert_eq!(field(e), "starts_on");
        let e = check(&input("CERTIFICATION", Some(("2027-02-01", 0))), today)
            .err()
            .unwrap();
        assert_eq!(field(e), "capacity");
        assert!(check(&input("CERTIFICATION", Some(("2027-02-01", 20))), today).is_ok());
    }
}
