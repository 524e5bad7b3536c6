//! The cart's lines as checkout prices them: current catalogue prices, kinds, weights and
//! categories (with their ancestors, so a promotion on "Clothing" covers "Clothing › Tops").

use std::collections::HashMap;

use storefront::pricing::{PricedLine, ProductKind};
use storefront::{Currency, Money};

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, Parsed};
use shared::errors::AppError;

/// One line of the cart being checked out.
#[derive(Clone, Debug)]
pub struct CheckoutLine {
    pub variant_id: i64,
    pub product_id: i64,
    pub name: String,
    pub variant_name: Option<String>,
    pub sku: String,
    pub image_url: Option<String>,
    pub quantity: u32,
    pub priced: PricedLine,
    pub track_inventory: bool,
    pub purchasable: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    variant_id: i64,
    product_id: i64,
    name: String,
    variant_name: String,
    sku: String,
    quantity: i32,
    price_amount: i64,
    currency: DbCurrency,
    weight_grams: i32,
    kind: Parsed<ProductKind>,
    track_inventory: bool,
    /// Variant and product both active.
    active: bool,
    category_id: Option<i64>,
    image_url: Option<String>,
}

/// The lines of `cart_id` in the order they were added; `currency` is the cart's.
pub async fn load_lines(
    db: &Db,
    cart_id: i64,
    currency: Currency,
) -> Result<Vec<CheckoutLine>, AppError> {
    let rows: Vec<Row> = db
        .all(
            &format!(
                "SELECT v.id AS variant_id, p.id AS product_id, p.name AS name,
                    v.name AS variant_name, v.sku AS sku, ci.quantity AS quantity,
                    {price} AS price_amount, CAST(v.currency AS TEXT) AS currency,
                    v.weight_grams AS weight_grams, p.kind AS kind,
                    v.track_inventory AS track_inventory,
                    (v.is_active AND p.is_active) AS active, p.category_id AS category_id,
                    (SELECT im.url FROM product_images im WHERE im.product_id = p.id
                      ORDER BY im.position, im.id LIMIT 1) AS image_url
               FROM cart_items ci
               JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
              WHERE ci.cart_id = $1
              ORDER BY ci.created_at, ci.id",
                price = crate::learning::LINE_UNIT_PRICE
            ),
            args![cart_id],
        )
        .await
        .map_err(db_err)?;
    to_lines(db, rows, currency).await
}

/// Sample lines for a promotion preview: `(sku, quantity)` pairs of active variants (unknown
/// SKUs are skipped; the caller reports them).
pub async fn sample_lines(
    db: &Db,
    picks: &[(String, u32)],
    currency: Currency,
) -> Result<Vec<CheckoutLine>, AppError> {
    let mut rows: Vec<Row> = Vec::with_capacity(picks.len());
    for (sku, quantity) in picks {
        let row: Option<Row> = db
            .opt(
                "SELECT v.id AS variant_id, p.id AS product_id, p.name AS name,
                        v.name AS variant_name, v.sku AS sku, CAST($2 AS INTEGER) AS quantity,
                        v.price_amount AS price_amount, CAST(v.currency AS TEXT) AS currency,
                        v.weight_grams AS weight_grams, p.kind AS kind,
                        v.track_inventory AS track_inventory,
                        (v.is_active AND p.is_active) AS active, p.category_id AS category_id,
                        (SELECT im.url FROM product_images im WHERE im.product_id = p.id
                          ORDER BY im.position, im.id LIMIT 1) AS image_url
                   FROM product_variants v
                   JOIN products p ON p.id = v.product_id
                  WHERE v.sku = $1",
                args![sku.as_str(), i32::try_from(*quantity).unwrap_or(i32::MAX)],
            )
            .await
            .map_err(db_err)?;
        rows.extend(row);
    }
    to_lines(db, rows, currency).await
}

async fn to_lines(
    db: &Db,
    rows: Vec<Row>,
    currency: Currency,
) -> Result<Vec<CheckoutLine>, AppError> {
    let ancestors = category_ancestors(db).await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in rows {
        let line_currency = r.currency.0;
        let kind = r.kind.0;
        let mut category_ids = Vec::new();
        let mut next = r.category_id;
        while let Some(c) = next {
            if category_ids.contains(&c) {
                break; // a cycle in bad data: stop rather than loop
            }
            category_ids.push(c);
            next = ancestors.get(&c).copied().flatten();
        }
        let quantity = u32::try_from(r.quantity).unwrap_or(0);
        lines.push(CheckoutLine {
            variant_id: r.variant_id,
            product_id: r.product_id,
            name: r.name,
            variant_name: Some(r.variant_name).filter(|n| n != "Default" && !n.is_empty()),
            sku: r.sku,
            image_url: r.image_url,
            quantity,
            priced: PricedLine {
                key: r.variant_id,
                product_id: r.product_id,
                category_ids,
                kind,
                unit_price: Money::new(r.price_amount, line_currency),
                quantity,
                unit_weight_grams: u32::try_from(r.weight_grams).unwrap_or(0),
            },
            track_inventory: r.track_inventory,
            purchasable: r.active && line_currency == currency,
        });
    }
    Ok(lines)
}

/// Every category's parent.
async fn category_ancestors(db: &Db) -> Result<HashMap<i64, Option<i64>>, AppError> {
    let rows: Vec<(i64, Option<i64>)> = db
        .all("SELECT id, parent_id FROM categories", args![])
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().collect())
}
