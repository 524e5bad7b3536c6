//! The product page query: detail, variants with stock, images, related and also-bought.

use sqlx::types::Json;
use storefront::money::Money;

use super::categories_tree::CategoryTree;
use crate::args;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Db, DbCurrency, Parsed};
use shared::catalog::{ProductCard, ProductKind};
use shared::errors::AppError;
use shared::product::{
    BrandRef, BundleItem, ProductDetail, ProductImage, ProductOption, VariantInfo,
};

const RECOMMENDATIONS: i64 = 8;

fn internal(e: sqlx::Error) -> AppError {
    crate::db::query_error("product page query failed", e)
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    slug: String,
    name: String,
    description: String,
    kind: Parsed<ProductKind>,
    category_id: Option<i64>,
    brand_slug: Option<String>,
    brand_name: Option<String>,
    options: Json<Vec<OptionJson>>,
    seo_title: Option<String>,
    seo_description: Option<String>,
    price_min_amount: Option<i64>,
    brand_id: Option<i64>,
}

#[derive(serde::Deserialize)]
struct OptionJson {
    name: String,
    values: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct ImageRow {
    url: String,
    alt: String,
    width: Option<i32>,
    height: Option<i32>,
    variant_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    id: i64,
    sku: String,
    name: String,
    attributes: Json<serde_json::Map<String, serde_json::Value>>,
    price_amount: i64,
    compare_at_amount: Option<i64>,
    currency: DbCurrency,
    track_inventory: bool,
    available: Option<i32>,
    low_stock_threshold: Option<i32>,
}

/// A variant as the product page shows it.
fn variant_info(v: VariantRow) -> VariantInfo {
    let currency = v.currency.0;
    VariantInfo {
        id: v.id,
        sku: v.sku,
        name: v.name,
        attributes: v
            .attributes
            .0
            .into_iter()
            .filter_map(|(k, val)| val.as_str().map(|s| (k, s.to_string())))
            .collect(),
        price: Money::new(v.price_amount, currency),
        compare_at: v
            .compare_at_amount
            .filter(|c| *c > v.price_amount)
            .map(|c| Money::new(c, currency)),
        available: if v.track_inventory {
            Some(v.available.unwrap_or(0).max(0))
        } else {
            None
        },
        low_stock_threshold: v.low_stock_threshold.unwrap_or(5),
    }
}

/// What a bundle contains (empty for other products).
async fn bundle_items(db: &Db, product_id: i64) -> Result<Vec<BundleItem>, AppError> {
    let bundle: Vec<(String, String, i32)> = db
        .all(
            "SELECT c.name, c.slug, bi.quantity FROM bundle_items bi
               JOIN product_variants v ON v.id = bi.component_variant_id
               JOIN products c ON c.id = v.product_id
              WHERE bi.bundle_product_id = $1 ORDER BY bi.position, bi.id",
            args![product_id],
        )
        .await
        .map_err(internal)?;
    Ok(bundle
        .into_iter()
        .map(|(name, slug, quantity)| BundleItem {
            name,
            slug,
            quantity,
        })
        .collect())
}

/// `Err(NotFound)` for unknown or inactive products.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn product_detail(db: &Db, slug: &str) -> Result<ProductDetail, AppError> {
    let not_found = || AppError::NotFound(format!("There is no product “{slug}”."));
    if storefront::ids::Slug::parse(slug).is_err() {
        return Err(not_found());
    }
    let row: Option<ProductRow> = db
        .opt(
            "SELECT p.id, p.slug, p.name, p.description, p.kind, p.category_id, p.brand_id,
                    b.slug AS brand_slug, b.name AS brand_name, p.options, p.seo_title,
                    p.seo_description, p.price_min_amount
               FROM products p LEFT JOIN brands b ON b.id = p.brand_id
              WHERE p.slug = $1 AND p.is_active",
            args![slug],
        )
        .await
        .map_err(internal)?;
    let row = row.ok_or_else(not_found)?;

    let variants: Vec<VariantRow> = db
        .all(
            "SELECT v.id, v.sku, v.name, v.attributes, v.price_amount, v.compare_at_amount,
                    v.currency, v.track_inventory, i.on_hand - i.reserved AS available,
                    i.low_stock_threshold
               FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE v.product_id = $1 AND v.is_active
              ORDER BY v.position, v.id",
            args![row.id],
        )
        .await
        .map_err(internal)?;
    if variants.is_empty() {
        return Err(not_found());
    }
    let images: Vec<ImageRow> = db
        .all(
            "SELECT url, alt, width, height, variant_id FROM product_images
              WHERE product_id = $1 ORDER BY position, id",
            args![row.id],
        )
        .await
        .map_err(internal)?;
    let bundle = bundle_items(db, row.id).await?;

    let tree = CategoryTree::load(db)
        .await
        .map_err(|e| crate::db::service_error("category tree", e))?;
    let related = related_products(db, &row).await?;
    let also_bought = also_bought(db, row.id).await?;
    let learning = crate::learning::product_info::product_learning(db, row.id, row.kind.0).await?;

    Ok(ProductDetail {
        id: row.id,
        slug: row.slug,
        name: row.name.clone(),
        description: row.description,
        kind: row.kind.0,
        brand: row
            .brand_slug
            .zip(row.brand_name)
            .map(|(slug, name)| BrandRef { slug, name }),
        breadcrumbs: row
            .category_id
            .map(|c| tree.breadcrumbs(c))
            .unwrap_or_default(),
        images: images
            .into_iter()
            .map(|img| ProductImage {
                url: img.url,
                alt: if img.alt.is_empty() {
                    row.name.clone()
                } else {
                    img.alt
                },
                width: img.width.unwrap_or(800),
                height: img.height.unwrap_or(800),
                variant_id: img.variant_id,
            })
            .collect(),
        options: row
            .options
            .0
            .into_iter()
            .map(|o| ProductOption {
                name: o.name,
                values: o.values,
            })
            .collect(),
        variants: variants.into_iter().map(variant_info).collect(),
        bundle_items: bundle,
        seo_title: row.seo_title,
        seo_description: row.seo_description,
        canonical_url: String::new(),
        base_url: String::new(),
        related,
        also_bought,
        learning,
    })
}

/// Same category first, then same brand; each closest in price.
/// Within the category, two index range scans walk outwards from the product's price, so the
/// cost does not grow with the category's size.
async fn related_products(db: &Db, row: &ProductRow) -> Result<Vec<ProductCard>, AppError> {
    let price = row.price_min_amount.unwrap_or(0);
    let k = RECOMMENDATIONS;
    let mut near: Vec<(i64, i64)> = Vec::new(); // (distance, id)
    if let Some(category) = row.category_id {
        for (cmp, order) in [(">=", "ASC"), ("<", "DESC")] {
            let sql = format!(
                "SELECT id, price_min_amount FROM products
                  WHERE is_active = TRUE AND category_id = $1 AND price_min_amount {cmp} $2
                    AND id <> $3
                  ORDER BY price_min_amount {order}, id {order} LIMIT $4"
            );
            let rows: Vec<(i64, i64)> = db
                .all(&sql, args![category, price, row.id, k])
                .await
                .map_err(internal)?;
            near.extend(rows.into_iter().map(|(id, p)| ((p - price).abs(), id)));
        }
    }
    near.sort_unstable();
    let mut ids: Vec<i64> = near
        .into_iter()
        .take(k as usize)
        .map(|(_, id)| id)
        .collect();
    if (ids.len() as i64) < k
        && let Some(brand) = row.brand_id
    {
        let rows: Vec<(i64,)> = db
            .all(
                "SELECT id FROM products
                  WHERE brand_id = $1 AND is_active = TRUE AND price_min_amount IS NOT NULL
                    AND id <> $2 AND (category_id IS NULL OR category_id <> $3)
                  ORDER BY ABS(price_min_amount - $4), id LIMIT $5",
                args![
                    brand,
                    row.id,
                    row.category_id.unwrap_or(-1),
                    price,
                    k - ids.len() as i64
                ],
            )
            .await
            .map_err(internal)?;
        ids.extend(rows.into_iter().map(|(id,)| id));
    }
    cards_by_ids(db, &ids).await
}

/// Products that appear in the same orders as this one (precomputed by
/// [`refresh_recommendations`]); best sellers when there are none yet.
async fn also_bought(db: &Db, product_id: i64) -> Result<Vec<ProductCard>, AppError> {
    let mut ids: Vec<i64> = db
        .all::<(i64,)>(
            "SELECT r.recommended_id FROM product_recommendations r
               JOIN products p ON p.id = r.recommended_id
              WHERE r.product_id = $1 AND p.is_active
              ORDER BY r.position
              LIMIT $2",
            args![product_id, RECOMMENDATIONS],
        )
        .await
        .map_err(internal)?
        .into_iter()
        .map(|(id,)| id)
        .collect();
    if ids.len() < RECOMMENDATIONS as usize {
        let popular: Vec<(i64,)> = db
            .all(
                "SELECT id FROM products WHERE is_active = TRUE AND price_min_amount IS NOT NULL AND id <> $1
                  ORDER BY sales_count DESC, id DESC LIMIT $2",
                args![product_id, RECOMMENDATIONS * 2],
            )
            .await
            .map_err(internal)?;
        for (id,) in popular {
            if ids.len() >= RECOMMENDATIONS as usize {
                break;
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    cards_by_ids(db, &ids).await
}

/// Recomputes "customers also bought" for every product: the products most often in the same
/// orders, best first, 12 each (inactive ones are filtered when read). One transaction, so
/// readers see the old list or the new one. Returns the number of pairs kept.
pub async fn refresh_recommendations(db: &Db) -> Result<u64, AppError> {
    let mut tx = db.begin_write().await.map_err(internal)?;
    tx.exec("DELETE FROM product_recommendations", args![])
        .await
        .map_err(internal)?;
    let kept = tx
        .exec(
            "INSERT INTO product_recommendations (product_id, recommended_id, orders, position)
             SELECT product_id, recommended_id, orders, position FROM (
               SELECT o1.product_id AS product_id, o2.product_id AS recommended_id,
                      COUNT(DISTINCT o1.order_id) AS orders,
                      ROW_NUMBER() OVER (PARTITION BY o1.product_id
                                         ORDER BY COUNT(DISTINCT o1.order_id) DESC, o2.product_id) AS position
                 FROM order_items o1
                 JOIN order_items o2 ON o2.order_id = o1.order_id AND o2.product_id <> o1.product_id
                WHERE o1.product_id IS NOT NULL AND o2.product_id IS NOT NULL
                GROUP BY o1.product_id, o2.product_id
             ) ranked
             WHERE position <= 12",
            args![],
        )
        .await
        .map_err(internal)?;
    tx.commit().await.map_err(internal)?;
    Ok(kept)
}

#[derive(sqlx::FromRow)]
struct CardRow {
    id: i64,
    slug: String,
    name: String,
    brand: Option<String>,
    kind: Parsed<ProductKind>,
    price_min_amount: i64,
    compare_at_amount: Option<i64>,
    currency: DbCurrency,
    image_url: Option<String>,
    in_stock: bool,
}

/// Product cards for `ids`, in that order.
pub async fn cards_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<ProductCard>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = SqlBuf::new(db.backend());
    b.push(
        "SELECT p.id, p.slug, p.name, b.name AS brand, p.kind, p.price_min_amount,
                p.compare_at_amount, p.currency, p.image_url, p.in_stock
           FROM products p LEFT JOIN brands b ON b.id = p.brand_id
          WHERE p.price_min_amount IS NOT NULL AND p.id IN ",
    )
    .bind_list(ids.iter().map(|i| Arg::I64(*i)));
    let mut rows: Vec<CardRow> = db.all(&b.sql, b.args).await.map_err(internal)?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows
        .into_iter()
        .map(|r| {
            let currency = r.currency.0;
            ProductCard {
                id: r.id,
                slug: r.slug,
                image_alt: r.name.clone(),
                name: r.name,
                brand: r.brand,
                kind: r.kind.0,
                price: Money::new(r.price_min_amount, currency),
                compare_at: r.compare_at_amount.map(|m| Money::new(m, currency)),
                image_url: r.image_url,
                in_stock: r.in_stock,
            }
        })
        .collect())
}
