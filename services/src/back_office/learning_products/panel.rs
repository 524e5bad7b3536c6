//! What the product editor's "Learning" panel shows: the facts the shop's product page shows
//! (`learning::product_info`, with a subscription plan's interval and trial), the raw values
//! behind them for the inputs, and the courses to choose from.

use storefront::pricing::ProductKind;
use storefront::{Currency, Money};

use crate::args;
use crate::db::{Db, DbCurrency, Parsed, Tx};
use shared::admin::{AdminLearningPanel, CourseChoice};
use shared::errors::AppError;

use super::db_err;

/// The currency of product `product_id`'s first active variant, inside a transaction.
pub(super) async fn variant_currency(
    tx: &mut Tx,
    product_id: i64,
) -> Result<Option<Currency>, AppError> {
    let row: Option<(DbCurrency,)> = tx
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

/// The currency product `product_id`'s prices are in (its first active variant's), when it
/// has a variant: what the forms' amounts are read in.
pub async fn product_currency(db: &Db, product_id: i64) -> Result<Option<Currency>, AppError> {
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

#[derive(sqlx::FromRow)]
struct VariantRow {
    id: i64,
    price_amount: i64,
    currency: DbCurrency,
    track_inventory: bool,
    on_hand: i64,
    reserved: i64,
}

/// A percentage of basis points for an input: 2500 → "25", 1250 → "12.5".
fn percent_text(bps: i64) -> String {
    let text = format!("{}.{:02}", bps / 100, bps % 100);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The panel of product `product_id` (404 when there is none); `store_currency` for a
/// product without a variant yet.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn learning_panel(
    db: &Db,
    product_id: i64,
    store_currency: Currency,
) -> Result<AdminLearningPanel, AppError> {
    let row: Option<(Parsed<ProductKind>, bool, bool)> = db
        .opt(
            "SELECT kind, is_active, included_in_subscription FROM products WHERE id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let (kind, is_active, included_in_subscription) =
        row.ok_or_else(|| AppError::NotFound(format!("There is no product {product_id}.")))?;
    let kind = kind.0;
    let current = crate::learning::product_info::product_learning(db, product_id, kind).await?;
    let variant: Option<VariantRow> = db
        .opt(
            "SELECT v.id, v.price_amount, CAST(v.currency AS TEXT) AS currency, v.track_inventory,
                    CAST(COALESCE(i.on_hand, 0) AS BIGINT) AS on_hand,
                    CAST(COALESCE(i.reserved, 0) AS BIGINT) AS reserved
               FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE v.product_id = $1 AND v.is_active
              ORDER BY v.position, v.id LIMIT 1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let currency = variant.as_ref().map_or(store_currency, |v| v.currency.0);
    let (discount_percent, discount_amount) = discount(db, product_id, currency).await?;
    let chosen: Vec<(i64,)> = db
        .all(
            "SELECT component_variant_id FROM bundle_items WHERE bundle_product_id = $1
              ORDER BY position, id",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    let tiers = current
        .seat_tiers
        .iter()
        .map(|t| (t.from, t.unit.to_plain_string()))
        .collect();
    let tracked = variant.as_ref().filter(|v| v.track_inventory);
    Ok(AdminLearningPanel {
        product_id,
        kind: kind.as_str().to_string(),
        is_active,
        currency: currency.code().to_string(),
        variant_id: variant.as_ref().map(|v| v.id),
        capacity: tracked.map(|v| v.on_hand),
        places_left: tracked.map(|v| v.on_hand - v.reserved),
        price: variant
            .as_ref()
            .map(|v| Money::new(v.price_amount, v.currency.0).to_string()),
        discount_percent,
        discount_amount,
        chosen: chosen.into_iter().map(|(id,)| id).collect(),
        tiers,
        courses: if matches!(kind, ProductKind::Course | ProductKind::Subscription) {
            Vec::new()
        } else {
            course_choices(db).await?
        },
        current,
        included_in_subscription,
    })
}

/// A bundle's discount for the inputs: (percent, amount), one of them blank.
async fn discount(
    db: &Db,
    product_id: i64,
    currency: Currency,
) -> Result<(String, String), AppError> {
    let row: Option<(Option<i64>, Option<i64>)> = db
        .opt(
            "SELECT CAST(percent_bps AS BIGINT), amount FROM bundle_discounts WHERE product_id = $1",
            args![product_id],
        )
        .await
        .map_err(db_err)?;
    Ok(match row {
        Some((Some(bps), _)) => (percent_text(bps), String::new()),
        Some((None, Some(amount))) => (
            String::new(),
            Money::new(amount, currency).to_plain_string(),
        ),
        _ => (String::new(), String::new()),
    })
}

#[derive(sqlx::FromRow)]
struct ChoiceRow {
    product_id: i64,
    variant_id: i64,
    name: String,
    price_amount: i64,
    currency: DbCurrency,
}

/// Active courses with their active variants, by name.
async fn course_choices(db: &Db) -> Result<Vec<CourseChoice>, AppError> {
    let rows: Vec<ChoiceRow> = db
        .all(
            "SELECT p.id AS product_id, v.id AS variant_id, p.name, v.price_amount,
                    CAST(v.currency AS TEXT) AS currency
               FROM products p JOIN product_variants v ON v.product_id = p.id
              WHERE p.kind = 'COURSE' AND p.is_active AND v.is_active
              ORDER BY p.name, p.id, v.position, v.id",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| CourseChoice {
            product_id: r.product_id,
            variant_id: r.variant_id,
            name: r.name,
            price: Money::new(r.price_amount, r.currency.0).to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn percentages_read_back_as_typed() {
        assert_eq!(super::percent_text(2_500), "25");
        assert_eq!(super::percent_text(1_250), "12.5");
        assert_eq!(super::percent_text(5), "0.05");
        assert_eq!(super::percent_text(0), "0");
        assert_eq!(super::percent_text(10_000), "100");
    }
}
