//! Learning products as the cart rules see them (`storefront::learning::LearningItem`), the
//! learning lines of a cart, and what a buyer owns.

use std::collections::BTreeSet;

use storefront::learning::{CartLearning, CourseRef, LearningItem};
use storefront::pricing::ProductKind;

use super::db_err;
use crate::args;
use crate::db::{Parsed, Tx};
use shared::errors::AppError;

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    name: String,
    slug: String,
    kind: Parsed<ProductKind>,
}

#[derive(sqlx::FromRow)]
struct CourseRow {
    id: i64,
    name: String,
    slug: String,
}

impl From<CourseRow> for CourseRef {
    fn from(r: CourseRow) -> Self {
        CourseRef {
            id: r.id,
            name: r.name,
            slug: r.slug,
        }
    }
}

/// The courses a bundle or team licence grants (its `bundle_items` that are courses).
pub(crate) async fn courses_of(tx: &mut Tx, product_id: i64) -> Result<Vec<CourseRef>, AppError> {
    let rows: Vec<CourseRow> = tx
        .all(
            "SELECT p.id AS id, p.name AS name, p.slug AS slug
               FROM bundle_items b
               JOIN product_variants v ON v.id = b.component_variant_id
               JOIN products p ON p.id = v.product_id
              WHERE b.bundle_product_id = $1 AND p.kind = 'COURSE'
              ORDER BY b.position, b.id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(CourseRef::from).collect())
}

/// The product as a learning item, or `None` for goods and downloads.
pub(crate) async fn item(tx: &mut Tx, product_id: i64) -> Result<Option<LearningItem>, AppError> {
    let row: Option<ProductRow> = tx
        .opt(
            "SELECT id, name, slug, kind FROM products WHERE id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let Some(row) = row.filter(|r| r.kind.0.is_learning()) else {
        return Ok(None);
    };
    let kind = row.kind.0;
    let courses = match kind {
        ProductKind::Course => vec![CourseRef {
            id: row.id,
            name: row.name.clone(),
            slug: row.slug.clone(),
        }],
        ProductKind::CourseBundle | ProductKind::TeamLicence => courses_of(tx, row.id).await?,
        _ => Vec::new(),
    };
    let prerequisites = if kind == ProductKind::Certification {
        let rows: Vec<CourseRow> = tx
            .all(
                "SELECT p.id AS id, p.name AS name, p.slug AS slug
                   FROM certification_prerequisites c JOIN products p ON p.id = c.course_id
                  WHERE c.certification_id = $1 ORDER BY p.name, p.id",
                args![row.id],
            )
            .await
            .map_err(db_err)?;
        rows.into_iter().map(CourseRef::from).collect()
    } else {
        Vec::new()
    };
    Ok(Some(LearningItem {
        product_id: row.id,
        name: row.name,
        slug: row.slug,
        kind,
        courses,
        prerequisites,
    }))
}

/// The cart's learning lines (product, quantity) and what `user` owns already.
pub(crate) async fn cart_learning(
    tx: &mut Tx,
    cart_id: i64,
    user: Option<i64>,
) -> Result<CartLearning, AppError> {
    let lines: Vec<(i64, i32)> = tx
        .all(
            "SELECT p.id, ci.quantity
               FROM cart_items ci
               JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
              WHERE ci.cart_id = $1
                AND p.kind IN ('COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION')
              ORDER BY ci.id",
            args![cart_id],
        )
        .await
        .map_err(db_err)?;
    let mut out = CartLearning::default();
    for (product_id, quantity) in lines {
        if let Some(item) = item(tx, product_id).await? {
            out.lines.push((item, u32::try_from(quantity).unwrap_or(0)));
        }
    }
    if let Some(user) = user {
        (out.owned_courses, out.registered) = owned(tx, user).await?;
    }
    Ok(out)
}

/// Courses `user` has access to, and certifications they are registered for (scheduled or
/// passed).
pub(crate) async fn owned(
    tx: &mut Tx,
    user: i64,
) -> Result<(BTreeSet<i64>, BTreeSet<i64>), AppError> {
    let courses: Vec<(i64,)> = tx
        .all(
            "SELECT DISTINCT course_id FROM enrolments WHERE user_id = $1 AND status = 'ACTIVE'",
            args![user],
        )
        .await
        .map_err(db_err)?;
    let certs: Vec<(i64,)> = tx
        .all(
            "SELECT DISTINCT product_id FROM certification_registrations
              WHERE user_id = $1 AND status IN ('SCHEDULED', 'PASSED')",
            args![user],
        )
        .await
        .map_err(db_err)?;
    Ok((
        courses.into_iter().map(|(c,)| c).collect(),
        certs.into_iter().map(|(c,)| c).collect(),
    ))
}
