//! The Settings page's data (administrators only): store name, currency, how long checkout
//! holds stock, cart limits (stored in `store_settings`, applied live through
//! [`SettingsCell`]), tax rates and shipping methods (read by checkout on every quote, so a
//! change applies at once on every instance).

use storefront::{Currency, Money};

use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::orders::Actor;
use crate::settings::{SettingsCell, StoreSettings};
use shared::admin::{SettingsView, ShippingMethodView, ShippingZoneView, TaxRateView};
use shared::errors::AppError;

use super::{audit, db_err};

const KEYS: [&str; 5] = [
    "store_name",
    "currency",
    "reservation_minutes",
    "cart_max_lines",
    "cart_max_per_line",
];

/// Reads the stored settings into `cell` (the environment's values where none is stored).
pub async fn load(db: &Db, cell: &SettingsCell) -> Result<(), AppError> {
    let rows: Vec<(String, String)> = db
        .all("SELECT key, value FROM store_settings", args![])
        .await
        .map_err(db_err)?;
    let mut s = cell.store();
    let base = cell.defaults();
    // Start from the environment, then stored values.
    s.reservation_minutes = base.reservation_minutes;
    s.cart_max_lines = base.cart_max_lines;
    s.cart_max_per_line = base.cart_max_per_line;
    for (k, v) in rows {
        let v: serde_json::Value = serde_json::from_str(&v).unwrap_or(serde_json::Value::Null);
        let n = || v.as_u64().and_then(|n| u32::try_from(n).ok());
        match k.as_str() {
            "store_name" => {
                if let Some(t) = v.as_str() {
                    s.store_name = t.to_string();
                }
            }
            "currency" => {
                if let Some(t) = v.as_str() {
                    s.currency = crate::db::parse_currency(t)
                        .map_err(|e| AppError::internal("store settings", e))?;
                }
            }
            "reservation_minutes" => s.reservation_minutes = n().unwrap_or(s.reservation_minutes),
            "cart_max_lines" => s.cart_max_lines = n().unwrap_or(s.cart_max_lines),
            "cart_max_per_line" => s.cart_max_per_line = n().unwrap_or(s.cart_max_per_line),
            _ => {}
        }
    }
    if s != cell.store() {
        cell.apply(s);
    }
    Ok(())
}

fn whole(v: &str, field: &str, range: std::ops::RangeInclusive<u32>) -> Result<u32, AppError> {
    v.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| {
            AppError::invalid(
                field,
                format!(
                    "Enter a whole number from {} to {}.",
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// The general settings as the form submits them.
#[derive(Clone, Debug, Default)]
pub struct GeneralInput {
    pub store_name: String,
    pub currency: String,
    pub reservation_minutes: String,
    pub cart_max_lines: String,
    pub cart_max_per_line: String,
}

/// Saves the general settings and applies them in this process at once.
pub async fn save_general(
    db: &Db,
    cell: &SettingsCell,
    input: &GeneralInput,
    actor: &Actor,
) -> Result<StoreSettings, AppError> {
    let GeneralInput {
        store_name,
        currency,
        reservation_minutes,
        cart_max_lines,
        cart_max_per_line,
    } = input;
    let name = store_name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "store_name",
            "The store name is 1 to 80 characters.",
        ));
    }
    let currency = Currency::parse(currency.trim())
        .map_err(|e| AppError::invalid("currency", e.to_string()))?;
    let s = StoreSettings {
        store_name: name.to_string(),
        currency,
        reservation_minutes: whole(reservation_minutes, "reservation_minutes", 1..=1440)?,
        cart_max_lines: whole(cart_max_lines, "cart_max_lines", 1..=500)?,
        cart_max_per_line: whole(cart_max_per_line, "cart_max_per_line", 1..=999)?,
    };
    let values = [
        serde_json::json!(s.store_name),
        serde_json::json!(s.currency.code()),
        serde_json::json!(s.reservation_minutes),
        serde_json::json!(s.cart_max_lines),
        serde_json::json!(s.cart_max_per_line),
    ];
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    for (k, v) in KEYS.iter().zip(values) {
        tx.exec(
            "INSERT INTO store_settings (key, value, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            args![*k, v.to_string(), now.to_sqlite_text()],
        )
        .await
        .map_err(db_err)?;
    }
    audit(
        &mut tx,
        actor,
        "settings.update",
        "settings",
        None,
        serde_json::to_value(&s).unwrap_or_default(),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    cell.apply(s.clone());
    Ok(s)
}

fn percent_text(ppm: i64) -> String {
    let s = format!("{}.{:04}", ppm / 10_000, ppm % 10_000);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Everything the Settings page shows.
pub async fn settings_view(db: &Db, cell: &SettingsCell) -> Result<SettingsView, AppError> {
    let s = cell.store();
    #[derive(sqlx::FromRow)]
    struct Tax {
        id: i64,
        name: String,
        country: String,
        region: Option<String>,
        rate_ppm: i64,
        is_inclusive: bool,
        applies_to_shipping: bool,
        is_active: bool,
    }
    let taxes: Vec<Tax> = db
        .all(
            "SELECT id, name, country, region, rate_ppm, is_inclusive, applies_to_shipping, is_active
               FROM tax_rates ORDER BY country, region, id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let zones: Vec<(i64, String)> = db
        .all(
            "SELECT id, name FROM shipping_zones ORDER BY position, id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let countries: Vec<(i64, String, Option<String>)> = db
        .all(
            "SELECT shipping_zone_id, country, region FROM shipping_zone_countries ORDER BY country, region",
            args![],
        )
        .await
        .map_err(db_err)?;
    #[derive(sqlx::FromRow)]
    struct Method {
        id: i64,
        zone: i64,
        code: String,
        name: String,
        price_amount: i64,
        free_over_amount: Option<i64>,
        currency: crate::db::DbCurrency,
        min_days: Option<i64>,
        max_days: Option<i64>,
        is_active: bool,
    }
    let methods: Vec<Method> = db
        .all(
            "SELECT id, shipping_zone_id AS zone, code, name, price_amount, free_over_amount,
                    CAST(currency AS TEXT) AS currency,
                    CAST(min_delivery_days AS BIGINT) AS min_days,
                    CAST(max_delivery_days AS BIGINT) AS max_days, is_active
               FROM shipping_methods ORDER BY position, id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let plain = |m: i64, c: crate::db::DbCurrency| Money::new(m, c.0).to_plain_string();
    Ok(SettingsView {
        store_name: s.store_name,
        currency: s.currency.code().to_string(),
        reservation_minutes: s.reservation_minutes,
        cart_max_lines: s.cart_max_lines,
        cart_max_per_line: s.cart_max_per_line,
        tax_rates: taxes
            .into_iter()
            .map(|t| TaxRateView {
                id: t.id,
                name: t.name,
                country: t.country,
                region: t.region.unwrap_or_default(),
                rate: percent_text(t.rate_ppm),
                inclusive: t.is_inclusive,
                shipping: t.applies_to_shipping,
                active: t.is_active,
            })
            .collect(),
        zones: zones
            .into_iter()
            .map(|(id, name)| ShippingZoneView {
                countries: countries
                    .iter()
                    .filter(|c| c.0 == id)
                    .map(|c| match &c.2 {
                        Some(r) => format!("{}-{r}", c.1),
                        None => c.1.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                methods: methods
                    .iter()
                    .filter(|m| m.zone == id)
                    .map(|m| ShippingMethodView {
                        id: m.id,
                        code: m.code.clone(),
                        name: m.name.clone(),
                        price: plain(m.price_amount, m.currency),
                        free_over: m
                            .free_over_amount
                            .map(|f| plain(f, m.currency))
                            .unwrap_or_default(),
                        currency: m.currency.0.code().to_string(),
                        min_days: m.min_days.map(|d| d.to_string()).unwrap_or_default(),
                        max_days: m.max_days.map(|d| d.to_string()).unwrap_or_default(),
                        active: m.is_active,
                    })
                    .collect(),
                id,
                name,
            })
            .collect(),
    })
}

/// A tax rate as the form submits it.
#[derive(Clone, Debug, Default)]
pub struct TaxRateInput {
    pub name: String,
    pub country: String,
    pub region: String,
    pub rate: String,
    pub inclusive: bool,
    pub shipping: bool,
    pub active: bool,
}

fn rate_ppm(v: &str) -> Result<i64, AppError> {
    let bad = || AppError::invalid("rate", "Enter a rate from 0 to 100 percent, e.g. 8.25.");
    let v = v.trim().trim_end_matches('%').trim();
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    if int.is_empty() && frac.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 4
        || int.len() > 3
    {
        return Err(bad());
    }
    let int: i64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| bad())?
    };
    let frac: i64 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
    let ppm = int * 10_000 + frac;
    if !(0..=1_000_000).contains(&ppm) {
        return Err(bad());
    }
    Ok(ppm)
}

/// Creates (`id` None) or changes a tax rate.
pub async fn save_tax_rate(
    db: &Db,
    id: Option<i64>,
    t: &TaxRateInput,
    actor: &Actor,
) -> Result<i64, AppError> {
    let name = t.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Name the rate (e.g. “Texas sales tax”).",
        ));
    }
    let country = t.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(AppError::invalid(
            "country",
            "Use a two-letter country code, e.g. US.",
        ));
    }
    let region = t.region.trim().to_ascii_uppercase();
    if region.len() > 10 {
        return Err(AppError::invalid(
            "region",
            "Use a short region code, e.g. TX.",
        ));
    }
    let region = (!region.is_empty()).then_some(region);
    let ppm = rate_ppm(&t.rate)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let args = args![
        name,
        country.as_str(),
        region.clone(),
        ppm,
        t.inclusive,
        t.shipping,
        t.active,
        now
    ];
    let rate_id = match id {
        Some(id) => {
            let mut a = args;
            a.push(id.into());
            let n = tx
                .exec(
                    "UPDATE tax_rates SET name = $1, country = $2, region = $3, rate_ppm = $4, is_inclusive = $5,
                        applies_to_shipping = $6, is_active = $7, updated_at = $8 WHERE id = $9",
                    a,
                )
                .await
                .map_err(db_err)?;
            if n != 1 {
                return Err(AppError::NotFound(format!("There is no tax rate {id}.")));
            }
            id
        }
        None => {
            let (id,): (i64,) = tx
                .one(
                    "INSERT INTO tax_rates (name, country, region, rate_ppm, is_inclusive, applies_to_shipping,
                        is_active, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                    args,
                )
                .await
                .map_err(db_err)?;
            id
        }
    };
    audit(
        &mut tx,
        actor,
        if id.is_some() { "tax_rate.update" } else { "tax_rate.create" },
        "tax_rate",
        Some(rate_id),
        serde_json::json!({ "name": name, "country": country, "region": region, "rate_ppm": ppm, "active": t.active }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(rate_id)
}

/// Deletes a tax rate (orders keep the tax they were charged).
pub async fn delete_tax_rate(db: &Db, id: i64, actor: &Actor) -> Result<(), AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let n = tx
        .exec("DELETE FROM tax_rates WHERE id = $1", args![id])
        .await
        .map_err(db_err)?;
    if n != 1 {
        return Err(AppError::NotFound(format!("There is no tax rate {id}.")));
    }
    audit(
        &mut tx,
        actor,
        "tax_rate.delete",
        "tax_rate",
        Some(id),
        serde_json::json!({}),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)
}

/// Creates (`id` None) or renames a shipping zone and sets where it ships: `countries` is a
/// comma-separated list of `CC` (whole country) or `CC-REGION` (e.g. `US, CA-QC`).
pub async fn save_zone(
    db: &Db,
    id: Option<i64>,
    name: &str,
    countries: &str,
    actor: &Actor,
) -> Result<i64, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Name the zone (e.g. “United States”).",
        ));
    }
    let mut places: Vec<(String, Option<String>)> = Vec::new();
    for part in countries
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let part = part.to_ascii_uppercase();
        let (country, region) = match part.split_once('-') {
            Some((c, r)) => (c.to_string(), Some(r.to_string())),
            None => (part.clone(), None),
        };
        let ok = country.len() == 2
            && country.chars().all(|c| c.is_ascii_uppercase())
            && region.as_deref().is_none_or(|r| {
                !r.is_empty() && r.len() <= 10 && r.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !ok {
            return Err(AppError::invalid(
                "countries",
                format!("{part:?} is not a country code (US) or country-region (CA-QC)."),
            ));
        }
        if !places.contains(&(country.clone(), region.clone())) {
            places.push((country, region));
        }
    }
    if places.is_empty() {
        return Err(AppError::invalid(
            "countries",
            "List where the zone ships, e.g. US, CA.",
        ));
    }
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let zone_id = match id {
        Some(id) => {
            let n = tx
                .exec(
                    "UPDATE shipping_zones SET name = $1, updated_at = $2 WHERE id = $3",
                    args![name, now, id],
                )
                .await
                .map_err(db_err)?;
            if n != 1 {
                return Err(AppError::NotFound(format!(
                    "There is no shipping zone {id}."
                )));
            }
            id
        }
        None => {
            let (id,): (i64,) = tx
                .one(
                    "INSERT INTO shipping_zones (name, position, created_at, updated_at)
                     VALUES ($1, COALESCE((SELECT MAX(position) + 1 FROM shipping_zones), 0), $2, $2) RETURNING id",
                    args![name, now],
                )
                .await
                .map_err(db_err)?;
            id
        }
    };
    tx.exec(
        "DELETE FROM shipping_zone_countries WHERE shipping_zone_id = $1",
        args![zone_id],
    )
    .await
    .map_err(db_err)?;
    for (country, region) in &places {
        tx.exec(
            "INSERT INTO shipping_zone_countries (shipping_zone_id, country, region) VALUES ($1, $2, $3)",
            args![zone_id, country.as_str(), region.clone()],
        )
        .await
        .map_err(db_err)?;
    }
    audit(
        &mut tx,
        actor,
        if id.is_some() {
            "shipping_zone.update"
        } else {
            "shipping_zone.create"
        },
        "shipping_zone",
        Some(zone_id),
        serde_json::json!({ "name": name, "countries": countries }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(zone_id)
}

/// A shipping method as the form submits it.
#[derive(Clone, Debug, Default)]
pub struct MethodInput {
    pub zone_id: i64,
    pub code: String,
    pub name: String,
    pub price: String,
    pub free_over: String,
    pub currency: String,
    pub min_days: String,
    pub max_days: String,
    pub active: bool,
}

/// A shipping-method form that passed every check.
struct CheckedMethod {
    name: String,
    code: String,
    currency: Currency,
    price: i64,
    free_over: Option<i64>,
    min_days: Option<i64>,
    max_days: Option<i64>,
}

fn delivery_days(v: &str, field: &str) -> Result<Option<i64>, AppError> {
    match v.trim() {
        "" => Ok(None),
        v => v
            .parse::<i64>()
            .ok()
            .filter(|d| (0..=365).contains(d))
            .map(Some)
            .ok_or_else(|| AppError::invalid(field, "Delivery days are 0 to 365.")),
    }
}

/// Checks every field of the form; the first problem is a 422 naming its field.
fn check_method(m: &MethodInput) -> Result<CheckedMethod, AppError> {
    let name = m.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "Name the method (e.g. “Standard”).",
        ));
    }
    let code = m.code.trim().to_lowercase();
    if code.is_empty()
        || code.len() > 40
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(AppError::invalid(
            "code",
            "The code is letters, digits, '-' or '_' (e.g. standard).",
        ));
    }
    let currency = match m.currency.trim() {
        "" => Currency::BASE,
        c => Currency::parse(c).map_err(|e| AppError::invalid("currency", e.to_string()))?,
    };
    let price = Money::parse_amount(&m.price, currency)
        .map_err(|e| AppError::invalid("price", e.to_string()))?
        .minor();
    let free_over = match m.free_over.trim() {
        "" => None,
        v => Some(
            Money::parse_amount(v, currency)
                .map_err(|e| AppError::invalid("free_over", e.to_string()))?
                .minor(),
        ),
    };
    let min_days = delivery_days(&m.min_days, "min_days")?;
    let max_days = delivery_days(&m.max_days, "max_days")?;
    if let (Some(a), Some(b)) = (min_days, max_days)
        && a > b
    {
        return Err(AppError::invalid(
            "max_days",
            "The slowest delivery cannot be faster than the quickest.",
        ));
    }
    Ok(CheckedMethod {
        name: name.to_string(),
        code,
        currency,
        price,
        free_over,
        min_days,
        max_days,
    })
}

/// The zone must exist, and no other method of it may have `code`.
async fn check_zone_and_code(
    tx: &mut Tx,
    zone_id: i64,
    code: &str,
    id: Option<i64>,
) -> Result<(), AppError> {
    let zone: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM shipping_zones WHERE id = $1",
            args![zone_id],
        )
        .await
        .map_err(db_err)?;
    if zone.is_none() {
        return Err(AppError::invalid("zone", "There is no such shipping zone."));
    }
    let taken: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM shipping_methods WHERE shipping_zone_id = $1 AND code = $2",
            args![zone_id, code],
        )
        .await
        .map_err(db_err)?;
    match taken {
        Some((other,)) if Some(other) != id => Err(AppError::Conflict(format!(
            "The zone already has a method “{code}”."
        ))),
        _ => Ok(()),
    }
}

/// Creates (`id` None) or changes a shipping method of a zone.
pub async fn save_method(
    db: &Db,
    id: Option<i64>,
    m: &MethodInput,
    actor: &Actor,
) -> Result<i64, AppError> {
    let k = check_method(m)?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    check_zone_and_code(&mut tx, m.zone_id, &k.code, id).await?;
    let args = args![
        m.zone_id,
        k.code.as_str(),
        k.name.as_str(),
        k.price,
        k.free_over,
        k.currency.code(),
        k.min_days,
        k.max_days,
        m.active,
        now
    ];
    let method_id = match id {
        Some(id) => {
            let mut a = args;
            a.push(id.into());
            let n = tx
                .exec(
                    "UPDATE shipping_methods SET shipping_zone_id = $1, code = $2, name = $3, price_amount = $4,
                        free_over_amount = $5, currency = $6, min_delivery_days = $7, max_delivery_days = $8,
                        is_active = $9, updated_at = $10 WHERE id = $11",
                    a,
                )
                .await
                .map_err(super::clash("shipping method code"))?;
            if n != 1 {
                return Err(AppError::NotFound(format!(
                    "There is no shipping method {id}."
                )));
            }
            id
        }
        None => {
            let (id,): (i64,) = tx
                .one(
                    "INSERT INTO shipping_methods (shipping_zone_id, code, name, price_amount, free_over_amount,
                        currency, min_delivery_days, max_delivery_days, is_active, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
                    args,
                )
                .await
                .map_err(super::clash("shipping method code"))?;
            id
        }
    };
    audit(
        &mut tx,
        actor,
        if id.is_some() { "shipping_method.update" } else { "shipping_method.create" },
        "shipping_method",
        Some(method_id),
        serde_json::json!({ "zone": m.zone_id, "code": k.code, "price": k.price, "free_over": k.free_over, "active": m.active }),
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    Ok(method_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_print_as_percentages() {
        assert_eq!(percent_text(82_500), "8.25");
        assert_eq!(percent_text(200_000), "20");
        assert_eq!(percent_text(0), "0");
        assert_eq!(rate_ppm("8.25").unwrap(), 82_500);
        assert_eq!(rate_ppm("8.25%").unwrap(), 82_500);
        assert!(rate_ppm("abc").is_err());
    }
}
