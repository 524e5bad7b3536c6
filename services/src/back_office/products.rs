//! Reading the catalogue for staff: the product list (archived ones too) and the editor.

use storefront::{Currency, Money, VariantAttributes};

use crate::args;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Db, DbCurrency};
use shared::admin::{
    AdminImage, AdminProduct, AdminProductPage, AdminProductRow, AdminVariant, Choice,
    MovementView, ProductEditor, ProductFilter,
};
use shared::errors::AppError;

use super::db_err;

/// Products per page in the back office.
pub const PAGE_SIZE: i64 = 25;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    category: Option<String>,
    brand: Option<String>,
    is_active: bool,
    variants: i64,
    price_min_amount: Option<i64>,
    price_max_amount: Option<i64>,
    currency: Option<DbCurrency>,
    available: i64,
    low_stock: i64,
}

pub(crate) fn money(minor: i64, currency: Currency) -> String {
    Money::new(minor, currency).to_string()
}

const LOW: &str = "i.on_hand - i.reserved <= i.low_stock_threshold";

/// One page of products, newest first, with stock figures.
pub async fn list_products(db: &Db, f: &ProductFilter) -> Result<AdminProductPage, AppError> {
    let mut q = SqlBuf::new(db.backend());
    q.push(&format!(
        "SELECT p.id, p.slug, p.name, p.kind, c.name AS category, b.name AS brand, p.is_active,
                CAST((SELECT COUNT(*) FROM product_variants v WHERE v.product_id = p.id AND v.is_active = TRUE) AS BIGINT) AS variants,
                p.price_min_amount, p.price_max_amount, CAST(p.currency AS TEXT) AS currency,
                CAST(COALESCE((SELECT SUM(i.on_hand - i.reserved) FROM inventory i
                    JOIN product_variants v ON v.id = i.variant_id
                   WHERE v.product_id = p.id AND v.is_active = TRUE AND v.track_inventory = TRUE), 0) AS BIGINT) AS available,
                CAST((SELECT COUNT(*) FROM inventory i JOIN product_variants v ON v.id = i.variant_id
                   WHERE v.product_id = p.id AND v.is_active = TRUE AND v.track_inventory = TRUE AND {LOW}) AS BIGINT) AS low_stock
           FROM products p
           LEFT JOIN categories c ON c.id = p.category_id
           LEFT JOIN brands b ON b.id = p.brand_id
          WHERE 1 = 1"
    ));
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let text: String = text.chars().take(100).collect();
        let pat = crate::db::sql::like_pattern(&text.to_lowercase());
        q.push(" AND (lower(p.name) LIKE ")
            .bind(Arg::Text(pat.clone()))
            .push(" ESCAPE '\\' OR p.slug LIKE ")
            .bind(Arg::Text(pat))
            .push(" ESCAPE '\\' OR EXISTS (SELECT 1 FROM product_variants v WHERE v.product_id = p.id AND v.sku LIKE ")
            .bind(Arg::Text(crate::db::sql::like_pattern(&text.to_uppercase())))
            .push(" ESCAPE '\\'))");
    }
    match f.status.as_deref().map(str::trim) {
        None | Some("") | Some("all") => {}
        Some("active") => {
            q.push(" AND p.is_active = TRUE");
        }
        Some("archived") => {
            q.push(" AND p.is_active = FALSE");
        }
        Some(other) => {
            return Err(AppError::invalid(
                "status",
                format!("Unknown status {other:?}: use active or archived."),
            ));
        }
    }
    if f.low_stock {
        q.push(&format!(
            " AND EXISTS (SELECT 1 FROM inventory i JOIN product_variants v ON v.id = i.variant_id
                WHERE v.product_id = p.id AND v.is_active = TRUE AND v.track_inventory = TRUE AND {LOW})"
        ));
    }
    if let Some(after) = f.after.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let after: i64 = after
            .parse()
            .map_err(|_| AppError::invalid("after", "That page link is not valid."))?;
        q.push(" AND p.id < ").bind(Arg::I64(after));
    }
    q.push(" ORDER BY p.id DESC LIMIT ")
        .bind(Arg::I64(PAGE_SIZE + 1));
    let mut rows: Vec<Row> = db.all(&q.sql, q.args).await.map_err(db_err)?;
    let next_after = (rows.len() as i64 > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id.to_string()).unwrap_or_default()
    });
    Ok(AdminProductPage {
        rows: rows
            .into_iter()
            .map(|r| {
                let price = match (r.price_min_amount, r.price_max_amount, r.currency) {
                    (Some(lo), Some(hi), Some(DbCurrency(c))) if hi > lo => {
                        Some(format!("{}–{}", money(lo, c), money(hi, c)))
                    }
                    (Some(lo), _, Some(DbCurrency(c))) => Some(money(lo, c)),
                    _ => None,
                };
                AdminProductRow {
                    id: r.id,
                    slug: r.slug,
                    name: r.name,
                    kind: r.kind,
                    category: r.category,
                    brand: r.brand,
                    is_active: r.is_active,
                    variants: r.variants,
                    price,
                    available: r.available,
                    low_stock: r.low_stock,
                }
            })
            .collect(),
        next_after,
    })
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    slug: String,
    name: String,
    description: String,
    kind: String,
    category: Option<String>,
    brand: Option<String>,
    options: String,
    is_active: bool,
    is_featured: bool,
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    id: i64,
    sku: String,
    name: String,
    attributes: String,
    price_amount: i64,
    compare_at_amount: Option<i64>,
    currency: DbCurrency,
    weight_grams: i64,
    is_active: bool,
    track_inventory: bool,
    on_hand: i64,
    reserved: i64,
    low_stock_threshold: i64,
}

#[derive(sqlx::FromRow)]
struct MovementRow {
    at: String,
    sku: String,
    delta: i64,
    on_hand_after: Option<i64>,
    reason: String,
    note: Option<String>,
    actor: String,
}

/// Option names of a product in display order (from its `options` JSON).
pub(crate) fn option_names(options_json: &str) -> Vec<String> {
    serde_json::from_str::<Vec<serde_json::Value>>(options_json)
        .unwrap_or_default()
        .iter()
        .filter_map(|o| o.get("name").and_then(|n| n.as_str()).map(str::to_string))
        .collect()
}

/// A variant's attributes JSON as `size=M; colour=Black`, options in `names` order first.
pub(crate) fn attributes_text(json: &str, names: &[String]) -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).unwrap_or_default();
    let mut pairs: Vec<(String, String)> = Vec::new();
    let value = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for n in names {
        if let Some(v) = map.get(n) {
            pairs.push((n.clone(), value(v)));
        }
    }
    for (k, v) in &map {
        if !names.contains(k) {
            pairs.push((k.clone(), value(v)));
        }
    }
    VariantAttributes::from_pairs(pairs.clone())
        .map(|a| a.to_string())
        .unwrap_or_else(|_| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ")
        })
}

/// The product `id` as the editor shows it.
pub async fn load_product(db: &Db, id: i64) -> Result<AdminProduct, AppError> {
    let p: ProductRow = db
        .opt(
            "SELECT p.id, p.slug, p.name, p.description, p.kind, c.slug AS category, b.slug AS brand,
                    CAST(p.options AS TEXT) AS options, p.is_active, p.is_featured
               FROM products p
               LEFT JOIN categories c ON c.id = p.category_id
               LEFT JOIN brands b ON b.id = p.brand_id
              WHERE p.id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::NotFound(format!("There is no product {id}.")))?;
    let names = option_names(&p.options);
    let variants: Vec<VariantRow> = db
        .all(
            "SELECT v.id, v.sku, v.name, CAST(v.attributes AS TEXT) AS attributes, v.price_amount,
                    v.compare_at_amount, CAST(v.currency AS TEXT) AS currency,
                    CAST(v.weight_grams AS BIGINT) AS weight_grams, v.is_active, v.track_inventory,
                    CAST(COALESCE(i.on_hand, 0) AS BIGINT) AS on_hand,
                    CAST(COALESCE(i.reserved, 0) AS BIGINT) AS reserved,
                    CAST(COALESCE(i.low_stock_threshold, 5) AS BIGINT) AS low_stock_threshold
               FROM product_variants v
               LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE v.product_id = $1
              ORDER BY v.is_active DESC, v.position, v.id",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let images: Vec<(i64, String, String)> = db
        .all(
            "SELECT id, url, alt FROM product_images WHERE product_id = $1 ORDER BY position, id",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let movements: Vec<MovementRow> = db
        .all(
            "SELECT CAST(m.created_at AS TEXT) AS at, v.sku, CAST(m.delta AS BIGINT) AS delta,
                    CAST(m.on_hand_after AS BIGINT) AS on_hand_after, m.reason, m.note, m.actor
               FROM inventory_movements m
               JOIN product_variants v ON v.id = m.variant_id
              WHERE v.product_id = $1
              ORDER BY m.id DESC LIMIT 20",
            args![id],
        )
        .await
        .map_err(db_err)?;
    // No variants yet: no currency (the editor offers the store's).
    let currency = variants
        .first()
        .map(|v| v.currency.0.code().to_string())
        .unwrap_or_default();
    let plain = |minor: i64, cur: DbCurrency| Money::new(minor, cur.0).to_plain_string();
    Ok(AdminProduct {
        id: p.id,
        slug: p.slug,
        name: p.name,
        description: p.description,
        kind: p.kind,
        category: p.category,
        brand: p.brand,
        currency,
        is_active: p.is_active,
        is_featured: p.is_featured,
        variants: variants
            .into_iter()
            .map(|v| {
                let available = v.on_hand - v.reserved;
                AdminVariant {
                    id: v.id,
                    attributes: attributes_text(&v.attributes, &names),
                    price: plain(v.price_amount, v.currency),
                    compare_at: v
                        .compare_at_amount
                        .map(|c| plain(c, v.currency))
                        .unwrap_or_default(),
                    weight_grams: i32::try_from(v.weight_grams).unwrap_or(0),
                    low: v.track_inventory && available <= v.low_stock_threshold,
                    sku: v.sku,
                    name: v.name,
                    is_active: v.is_active,
                    track_inventory: v.track_inventory,
                    on_hand: v.on_hand,
                    reserved: v.reserved,
                    available,
                    low_stock_threshold: v.low_stock_threshold,
                }
            })
            .collect(),
        images: images
            .into_iter()
            .map(|(id, url, alt)| AdminImage { id, url, alt })
            .collect(),
        movements: movements
            .into_iter()
            .map(|m| MovementView {
                at: m.at.chars().take(16).collect::<String>().replace('T', " "),
                sku: m.sku,
                delta: m.delta,
                on_hand_after: m.on_hand_after,
                reason: m.reason,
                note: m.note,
                actor: m.actor,
            })
            .collect(),
    })
}

/// The editor for product `id` (`None`: a new product).
pub async fn editor(
    db: &Db,
    id: Option<i64>,
    default_currency: Currency,
) -> Result<ProductEditor, AppError> {
    let product = match id {
        Some(id) => Some(load_product(db, id).await?),
        None => None,
    };
    let categories: Vec<(String, String)> = db
        .all(
            "SELECT c.slug, CASE WHEN p.name IS NULL THEN c.name ELSE p.name || ' › ' || c.name END
               FROM categories c LEFT JOIN categories p ON p.id = c.parent_id
              ORDER BY 2",
            args![],
        )
        .await
        .map_err(db_err)?;
    let brands: Vec<(String, String)> = db
        .all("SELECT slug, name FROM brands ORDER BY name", args![])
        .await
        .map_err(db_err)?;
    let choice = |(slug, name): (String, String)| Choice { slug, name };
    Ok(ProductEditor {
        product,
        categories: categories.into_iter().map(choice).collect(),
        brands: brands.into_iter().map(choice).collect(),
        default_currency: default_currency.code().to_string(),
    })
}
