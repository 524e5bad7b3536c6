//! Fulfilling what needs no shipping, in the transaction that confirms the payment: course
//! enrolments (every course of a bundle, each carrying its exact share of the line), a team
//! licence with its seats, a cohort place for a certification, download links. Every grant is
//! keyed by its order line (UNIQUE), so a replayed confirmation grants nothing twice.

use std::time::Duration;

use storefront::Money;
use storefront::pricing::ProductKind;

use super::db_err;
use crate::args;
use crate::db::{DbCurrency, Parsed, Ts, Tx};
use shared::errors::AppError;

/// How many times a download link works, and for how long.
pub const DOWNLOADS_PER_LINK: i32 = 5;
pub const DOWNLOAD_LINK_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// What confirming an order granted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Granted {
    /// One line per grant for the confirmation mail ("Course: Async Rust in Practice").
    pub lines: Vec<String>,
    /// Nothing on the order needs shipping: it is delivered once granted.
    pub all_digital: bool,
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: i64,
    product_id: Option<i64>,
    variant_id: Option<i64>,
    product_name: String,
    kind: Parsed<ProductKind>,
    quantity: i32,
    unit_price_amount: i64,
    total_amount: i64,
    currency: DbCurrency,
}

/// Grants everything on `order_id` that needs no shipping to the order's account (downloads
/// need none) and marks those lines fulfilled.
pub async fn grant_for_order(tx: &mut Tx, order_id: i64, now: Ts) -> Result<Granted, AppError> {
    let (user,): (Option<i64>,) = tx
        .one("SELECT user_id FROM orders WHERE id = $1", args![order_id])
        .await
        .map_err(db_err)?;
    let items: Vec<ItemRow> = tx
        .all(
            "SELECT id, product_id, variant_id, product_name, product_kind AS kind, quantity,
                    unit_price_amount, total_amount, CAST(currency AS TEXT) AS currency
               FROM order_items WHERE order_id = $1 AND parent_item_id IS NULL ORDER BY id",
            args![order_id],
        )
        .await
        .map_err(db_err)?;
    let mut granted = Granted {
        lines: Vec::new(),
        all_digital: !items.is_empty(),
    };
    for item in &items {
        let kind = item.kind.0;
        if kind.needs_shipping() {
            granted.all_digital = false;
            continue;
        }
        let line = match (kind, user, item.product_id) {
            (ProductKind::Digital, _, _) => Some(download_link(tx, order_id, item, now).await?),
            (ProductKind::Subscription, Some(user), Some(plan)) => {
                let line = crate::subscriptions::start::PlanLine {
                    order_id,
                    item_id: item.id,
                    user,
                    plan,
                    variant: item.variant_id,
                    name: &item.product_name,
                    price_amount: item.unit_price_amount,
                    currency: item.currency.0.code(),
                };
                Some(crate::subscriptions::start::start_for_line(tx, &line, now).await?)
            }
            (_, Some(user), Some(product)) => {
                grant_line(tx, order_id, user, product, item, now).await?
            }
            _ => {
                // Placement refuses learning lines without an account; keep the line
                // unfulfilled (staff see it) rather than fail the payment.
                tracing::warn!(order_id, item = item.id, "learning line without an account");
                granted.all_digital = false;
                None
            }
        };
        if let Some(line) = line {
            granted.lines.push(line);
            tx.exec(
                "UPDATE order_items SET quantity_fulfilled = quantity WHERE id = $1",
                args![item.id],
            )
            .await
            .map_err(db_err)?;
        }
    }
    Ok(granted)
}

/// One learning line's grant; the mail's line for it.
async fn grant_line(
    tx: &mut Tx,
    order_id: i64,
    user: i64,
    product: i64,
    item: &ItemRow,
    now: Ts,
) -> Result<Option<String>, AppError> {
    let name = &item.product_name;
    Ok(match item.kind.0 {
        ProductKind::Course => {
            enrol(
                tx,
                user,
                product,
                order_id,
                item.id,
                Some(item.total_amount),
                now,
            )
            .await?;
            Some(format!("Course: {name}"))
        }
        ProductKind::CourseBundle => {
            let courses = bundle_shares(tx, product, item).await?;
            for (course, share) in &courses {
                enrol(tx, user, *course, order_id, item.id, Some(*share), now).await?;
            }
            Some(format!("{name}: {} courses", courses.len()))
        }
        ProductKind::TeamLicence => {
            tx.exec(
                "INSERT INTO licences (product_id, owner_user_id, order_id, order_item_id, seats, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6) ON CONFLICT (order_item_id) DO NOTHING",
                args![product, user, order_id, item.id, item.quantity, now],
            )
            .await
            .map_err(db_err)?;
            Some(format!(
                "{name}: {} seats — invite your team from My learning",
                item.quantity
            ))
        }
        ProductKind::Certification => {
            tx.exec(
                "INSERT INTO certification_registrations (user_id, product_id, variant_id, order_id,
                        order_item_id, status, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'SCHEDULED', $6) ON CONFLICT (order_item_id) DO NOTHING",
                args![user, product, item.variant_id, order_id, item.id, now],
            )
            .await
            .map_err(db_err)?;
            let date: Option<(String,)> = tx
                .opt(
                    "SELECT starts_on FROM cohorts WHERE variant_id = $1",
                    args![item.variant_id],
                )
                .await
                .map_err(db_err)?;
            Some(match date {
                Some((d,)) => format!("Certification: {name} — exam on {d}"),
                None => format!("Certification: {name}"),
            })
        }
        _ => None,
    })
}

async fn enrol(
    tx: &mut Tx,
    user: i64,
    course: i64,
    order_id: i64,
    item_id: i64,
    share: Option<i64>,
    now: Ts,
) -> Result<(), AppError> {
    tx.exec(
        "INSERT INTO enrolments (user_id, course_id, order_id, order_item_id, share_amount, status, granted_at)
         VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6) ON CONFLICT (order_item_id, course_id) DO NOTHING",
        args![user, course, order_id, item_id, share, now],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// A bundle line's courses, each with its share of what the line cost: split in proportion
/// to the courses' own prices (`Money::allocate`), so the shares add up to the line exactly.
async fn bundle_shares(
    tx: &mut Tx,
    bundle: i64,
    item: &ItemRow,
) -> Result<Vec<(i64, i64)>, AppError> {
    let courses: Vec<(i64, i64)> = tx
        .all(
            "SELECT v.product_id, v.price_amount FROM bundle_items b
               JOIN product_variants v ON v.id = b.component_variant_id
               JOIN products p ON p.id = v.product_id
              WHERE b.bundle_product_id = $1 AND p.kind = 'COURSE' ORDER BY b.position, b.id",
            args![bundle],
        )
        .await
        .map_err(db_err)?;
    if courses.is_empty() {
        return Ok(Vec::new());
    }
    let mut weights: Vec<u64> = courses.iter().map(|(_, p)| p.unsigned_abs()).collect();
    if weights.iter().all(|w| *w == 0) {
        weights = vec![1; courses.len()];
    }
    let shares = Money::new(item.total_amount, item.currency.0)
        .allocate(&weights)
        .map_err(|e| AppError::internal("bundle shares", e))?;
    Ok(courses
        .iter()
        .zip(shares)
        .map(|((course, _), share)| (*course, share.minor()))
        .collect())
}

/// A download link for a digital line (one per line, however often confirmation runs).
async fn download_link(
    tx: &mut Tx,
    order_id: i64,
    item: &ItemRow,
    now: Ts,
) -> Result<String, AppError> {
    let (existing,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM download_links WHERE order_item_id = $1",
            args![item.id],
        )
        .await
        .map_err(db_err)?;
    if existing == 0 {
        tx.exec(
            "INSERT INTO download_links (token, order_id, order_item_id, download_count, max_downloads,
                    expires_at, created_at)
             VALUES ($1, $2, $3, 0, $4, $5, $6)",
            args![
                crate::tokens::random_token(),
                order_id,
                item.id,
                DOWNLOADS_PER_LINK,
                now.plus(DOWNLOAD_LINK_TTL),
                now
            ],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(format!(
        "Download: {} ({DOWNLOADS_PER_LINK} downloads within 30 days, from My learning or your order page)",
        item.product_name
    ))
}
