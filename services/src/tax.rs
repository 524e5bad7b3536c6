//! Tax rules as stored (`tax_rates`): what checkout quotes and what subscription renewals
//! charge. The engine picking the rule per line is `storefront::pricing::TaxRule`.

use storefront::money::TaxRate;
use storefront::pricing::{ProductKind, TaxRule};

use crate::args;
use crate::db::{Db, Parsed};
use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("tax query", e)
}

#[derive(sqlx::FromRow)]
struct TaxRow {
    id: i64,
    name: String,
    country: String,
    region: Option<String>,
    category_id: Option<i64>,
    product_kind: Option<Parsed<ProductKind>>,
    rate_ppm: i64,
    applies_to_shipping: bool,
    priority: i32,
}

/// Active tax rules for `country` (the engine picks the most specific per line).
pub async fn tax_rules(db: &Db, country: &str) -> Result<Vec<TaxRule>, AppError> {
    let rows: Vec<TaxRow> = db
        .all(
            "SELECT id, name, CAST(country AS TEXT) AS country, region, category_id, product_kind,
                    rate_ppm, applies_to_shipping, priority
               FROM tax_rates WHERE country = $1 AND is_active",
            args![country],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let rate = TaxRate::from_ppm(r.rate_ppm).ok()?;
            Some(TaxRule {
                id: r.id,
                name: r.name,
                country: r.country,
                region: r.region,
                category_id: r.category_id,
                product_kind: r.product_kind.map(|k| k.0),
                rate,
                applies_to_shipping: r.applies_to_shipping,
                priority: r.priority,
            })
        })
        .collect())
}
