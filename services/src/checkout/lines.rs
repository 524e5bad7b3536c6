//! The cart's lines as checkout prices them: current catalogue prices, kinds, weights and
//! categories (with their ancestors, so a promotion on "Clothing" covers "Clothing › Tops").

use std::collections::HashMap;

use storefront::pricing::{PricedLine, ProductKind};
use storefront::{Currency, Money};

use super::db_err;
use crate::db::{Db, DbCurrency, Parsed};
use crate::with_db;
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

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    i32,
    i64,
    DbCurrency,
    i32,
    Parsed<ProductKind>,
    bool,
    bool,
    Option<i64>,
    Option<String>,
);

/// The lines of `cart_id` in the order they were added; `currency` is the cart's.
pub async fn load_lines(
    db: &Db,
    cart_id: i64,
    currency: Currency,
) -> Result<Vec<CheckoutLine>, AppError> {
    let rows: Vec<Row> = with_db!(db, pool => {
        sqlx::query_as(
            "SELECT v.id, p.id, p.name, v.name, v.sku, ci.quantity, v.price_amount,
                    CAST(v.currency AS TEXT), v.weight_grams, p.kind, v.track_inventory,
                    (v.is_active AND p.is_active), p.category_id,
                    (SELECT im.url FROM product_images im WHERE im.product_id = p.id
                      ORDER BY im.position, im.id LIMIT 1)
               FROM cart_items ci
               JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
              WHERE ci.cart_id = $1
              ORDER BY ci.created_at, ci.id",
        )
        .bind(cart_id)
        .fetch_all(pool)
        .await
    })
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
        let row: Option<Row> = with_db!(db, pool => {
            sqlx::query_as(
                "SELECT v.id, p.id, p.name, v.name, v.sku, CAST($2 AS INTEGER), v.price_amount,
                        CAST(v.currency AS TEXT), v.weight_grams, p.kind, v.track_inventory,
                        (v.is_active AND p.is_active), p.category_id,
                        (SELECT im.url FROM product_images im WHERE im.product_id = p.id
                          ORDER BY im.position, im.id LIMIT 1)
                   FROM product_variants v
                   JOIN products p ON p.id = v.product_id
                  WHERE v.sku = $1",
            )
            .bind(sku.as_str())
            .bind(i32::try_from(*quantity).unwrap_or(i32::MAX))
            .fetch_optional(pool)
            .await
        })
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
        let line_currency = r.7.0;
        let kind = r.9.0;
        let mut category_ids = Vec::new();
        let mut next = r.12;
        while let Some(c) = next {
            if category_ids.contains(&c) {
                break; // a cycle in bad data: stop rather than loop
            }
            category_ids.push(c);
            next = ancestors.get(&c).copied().flatten();
        }
        let quantity = u32::try_from(r.5).unwrap_or(0);
        lines.push(CheckoutLine {
            variant_id: r.0,
            product_id: r.1,
            name: r.2,
            variant_name: Some(r.3).filter(|n| n != "Default" && !n.is_empty()),
            sku: r.4,
            image_url: r.13,
            quantity,
            priced: PricedLine {
                key: r.0,
                product_id: r.1,
                category_ids,
                kind,
                unit_price: Money::new(r.6, line_currency),
                quantity,
                unit_weight_grams: u32::try_from(r.8).unwrap_or(0),
            },
            track_inventory: r.10,
            purchasable: r.11 && line_currency == currency,
        });
    }
    Ok(lines)
}

/// Every category's parent.
async fn category_ancestors(db: &Db) -> Result<HashMap<i64, Option<i64>>, AppError> {
    let rows: Vec<(i64, Option<i64>)> = with_db!(db, pool => {
        sqlx::query_as("SELECT id, parent_id FROM categories")
            .fetch_all(pool)
            .await
    })
    .map_err(db_err)?;
    Ok(rows.into_iter().collect())
}
