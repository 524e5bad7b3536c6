//! Tax rules and shipping methods for an address.

use storefront::money::TaxRate;
use storefront::pricing::{ProductKind, ShippingRate, TaxRule};
use storefront::{Currency, Money};

use super::db_err;
use crate::db::{Db, Parsed};
use crate::with_db;
use shared::checkout::ShippingOption;
use shared::errors::AppError;

/// Active tax rules for `country` (the engine picks the most specific per line).
pub async fn tax_rules(db: &Db, country: &str) -> Result<Vec<TaxRule>, AppError> {
    type Row = (
        i64,
        String,
        String,
        Option<String>,
        Option<i64>,
        Option<Parsed<ProductKind>>,
        i64,
        bool,
        i32,
    );
    let rows: Vec<Row> = with_db!(db, pool => {
        sqlx::query_as(
            "SELECT id, name, CAST(country AS TEXT), region, category_id, product_kind, rate_ppm,
                    applies_to_shipping, priority
               FROM tax_rates WHERE country = $1 AND is_active",
        )
        .bind(country)
        .fetch_all(pool)
        .await
    })
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let rate = TaxRate::from_ppm(r.6).ok()?;
            Some(TaxRule {
                id: r.0,
                name: r.1,
                country: r.2,
                region: r.3,
                category_id: r.4,
                product_kind: r.5.map(|k| k.0),
                rate,
                applies_to_shipping: r.7,
                priority: r.8,
            })
        })
        .collect())
}

/// A shipping method with what the wizard shows about it.
#[derive(Clone, Debug)]
pub struct MethodRow {
    pub rate: ShippingRate,
    pub description: String,
    pub carrier: Option<String>,
    pub min_days: Option<i32>,
    pub max_days: Option<i32>,
}

/// Active methods of the zones covering (country, region); a zone naming the region wins
/// over a country-wide one.
pub async fn methods_for(
    db: &Db,
    country: &str,
    region: Option<&str>,
    currency: Currency,
) -> Result<Vec<MethodRow>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<String>,
        i64,
        String,
        Option<i64>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
        bool,
    );
    let rows: Vec<Row> = with_db!(db, pool => {
        sqlx::query_as(
            "SELECT m.id, m.code, m.name, m.description, m.carrier, m.price_amount,
                    CAST(m.currency AS TEXT), m.free_over_amount, m.min_weight_grams,
                    m.max_weight_grams, m.min_delivery_days, m.max_delivery_days,
                    zc.region IS NOT NULL
               FROM shipping_zone_countries zc
               JOIN shipping_zones z ON z.id = zc.shipping_zone_id AND z.is_active
               JOIN shipping_methods m ON m.shipping_zone_id = z.id AND m.is_active
              WHERE zc.country = $1 AND (zc.region IS NULL OR upper(zc.region) = upper($2))
              ORDER BY z.position, m.position, m.id",
        )
        .bind(country)
        .bind(region.unwrap_or(""))
        .fetch_all(pool)
        .await
    })
    .map_err(db_err)?;
    let specific = rows.iter().any(|r| r.12);
    Ok(rows
        .into_iter()
        .filter(|r| r.12 == specific)
        .filter(|r| r.6.parse::<Currency>().ok() == Some(currency))
        .map(|r| MethodRow {
            rate: ShippingRate {
                id: r.0,
                code: r.1,
                name: r.2,
                price: Money::new(r.5, currency),
                free_over: r.7.map(|m| Money::new(m, currency)),
                min_weight_grams: r.8.and_then(|w| u32::try_from(w).ok()),
                max_weight_grams: r.9.and_then(|w| u32::try_from(w).ok()),
            },
            description: r.3,
            carrier: r.4,
            min_days: r.10,
            max_days: r.11,
        })
        .collect())
}

/// The methods that can ship `weight_grams`, priced for `merchandise` (after discounts).
pub fn shipping_options_list(
    methods: &[MethodRow],
    merchandise: Money,
    weight_grams: u64,
) -> Vec<ShippingOption> {
    methods
        .iter()
        .filter_map(|m| {
            let price = m.rate.price_for(merchandise, weight_grams)?;
            Some(ShippingOption {
                code: m.rate.code.clone(),
                name: m.rate.name.clone(),
                description: m.description.clone(),
                carrier: m.carrier.clone(),
                price,
                list_price: m.rate.price,
                free_over: m.rate.free_over,
                min_days: m.min_days,
                max_days: m.max_days,
            })
        })
        .collect()
}

/// Methods with prices for an address, for a cart worth `merchandise` weighing `weight_grams`
/// (`GET /api/checkout/shipping-methods`).
pub async fn shipping_options_for(
    db: &Db,
    country: &str,
    region: Option<&str>,
    merchandise: Money,
    weight_grams: u64,
) -> Result<Vec<ShippingOption>, AppError> {
    let methods = methods_for(db, country, region, merchandise.currency()).await?;
    Ok(shipping_options_list(&methods, merchandise, weight_grams))
}
