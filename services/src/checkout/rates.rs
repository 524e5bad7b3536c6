//! Tax rules and shipping methods for an address.

use storefront::pricing::ShippingRate;
use storefront::{Currency, Money};

use super::db_err;
use crate::args;
use crate::db::Db;
use shared::checkout::ShippingOption;
use shared::errors::AppError;

/// A shipping method with what the wizard shows about it.
#[derive(Clone, Debug)]
pub struct MethodRow {
    pub rate: ShippingRate,
    pub description: String,
    pub carrier: Option<String>,
    pub min_days: Option<i32>,
    pub max_days: Option<i32>,
}

/// A shipping method as stored, with whether its zone names the region.
#[derive(sqlx::FromRow)]
struct ZoneMethodRow {
    id: i64,
    code: String,
    name: String,
    description: String,
    carrier: Option<String>,
    price_amount: i64,
    currency: String,
    free_over_amount: Option<i64>,
    min_weight_grams: Option<i32>,
    max_weight_grams: Option<i32>,
    min_delivery_days: Option<i32>,
    max_delivery_days: Option<i32>,
    region_specific: bool,
}

/// Active methods of the zones covering (country, region); a zone naming the region wins
/// over a country-wide one.
pub async fn methods_for(
    db: &Db,
    country: &str,
    region: Option<&str>,
    currency: Currency,
) -> Result<Vec<MethodRow>, AppError> {
    let rows: Vec<ZoneMethodRow> = db
        .all(
            "SELECT m.id AS id, m.code AS code, m.name AS name, m.description AS description,
                    m.carrier AS carrier, m.price_amount AS price_amount,
                    CAST(m.currency AS TEXT) AS currency, m.free_over_amount AS free_over_amount,
                    m.min_weight_grams AS min_weight_grams, m.max_weight_grams AS max_weight_grams,
                    m.min_delivery_days AS min_delivery_days,
                    m.max_delivery_days AS max_delivery_days,
                    zc.region IS NOT NULL AS region_specific
               FROM shipping_zone_countries zc
               JOIN shipping_zones z ON z.id = zc.shipping_zone_id AND z.is_active
               JOIN shipping_methods m ON m.shipping_zone_id = z.id AND m.is_active
              WHERE zc.country = $1 AND (zc.region IS NULL OR upper(zc.region) = upper($2))
              ORDER BY z.position, m.position, m.id",
            args![country, region.unwrap_or("")],
        )
        .await
        .map_err(db_err)?;
    let specific = rows.iter().any(|r| r.region_specific);
    Ok(rows
        .into_iter()
        .filter(|r| r.region_specific == specific)
        .filter(|r| r.currency.parse::<Currency>().ok() == Some(currency))
        .map(|r| MethodRow {
            rate: ShippingRate {
                id: r.id,
                code: r.code,
                name: r.name,
                price: Money::new(r.price_amount, currency),
                free_over: r.free_over_amount.map(|m| Money::new(m, currency)),
                min_weight_grams: r.min_weight_grams.and_then(|w| u32::try_from(w).ok()),
                max_weight_grams: r.max_weight_grams.and_then(|w| u32::try_from(w).ok()),
            },
            description: r.description,
            carrier: r.carrier,
            min_days: r.min_delivery_days,
            max_days: r.max_delivery_days,
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
