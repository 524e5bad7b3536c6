//! Loads the demo catalog in one transaction. Idempotent: products whose slug exists are skipped.

use serde_json::{Map, Value, json};
use services::db::Db;
use services::with_db;
use sqlx::types::Json;

use super::catalog::{DemoCatalog, demo_catalog};
use super::{promotions, shipping_tax};
use crate::config::SeedMode;

/// Seeds per `mode`; returns how many products were inserted, or `None` if seeding was skipped.
pub async fn seed_if_needed(db: &Db, mode: SeedMode) -> anyhow::Result<Option<usize>> {
    let run = match mode {
        SeedMode::Never => false,
        SeedMode::Force => true,
        SeedMode::IfEmpty => {
            let n: i64 = with_db!(db, pool => {
                sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(pool).await
            })?;
            n == 0
        }
    };
    if !run {
        return Ok(None);
    }
    let catalog = demo_catalog()?;
    let inserted = seed_catalog(db, &catalog).await?;
    shipping_tax::seed_if_empty(db, &catalog.currency).await?;
    promotions::seed_if_empty(db, &catalog.currency).await?;
    tracing::info!(inserted, "demo catalog loaded");
    Ok(Some(inserted))
}

/// A stable pseudo-random number per slug, so best-seller ordering is the same on every install.
fn demo_sales(slug: &str, featured: bool) -> i64 {
    let h = slug.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    i64::from(h % 400) + if featured { 200 } else { 0 }
}

async fn seed_catalog(db: &Db, cat: &DemoCatalog) -> anyhow::Result<usize> {
    let currency = cat.currency.to_uppercase();
    with_db!(db, pool => {
        let mut tx = pool.begin().await?;

        // Parents before children.
        let ordered = cat
            .categories
            .iter()
            .filter(|c| c.parent.is_none())
            .chain(cat.categories.iter().filter(|c| c.parent.is_some()));
        for (position, c) in ordered.enumerate() {
            let parent_id: Option<i64> = match &c.parent {
                Some(parent) => Some(
                    sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1")
                        .bind(parent)
                        .fetch_one(&mut *tx)
                        .await?,
                ),
                None => None,
            };
            sqlx::query(
                "INSERT INTO categories (parent_id, slug, name, description, position)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING",
            )
            .bind(parent_id)
            .bind(&c.slug)
            .bind(&c.name)
            .bind(&c.description)
            .bind(position as i32)
            .execute(&mut *tx)
            .await?;
        }

        for b in &cat.brands {
            sqlx::query(
                "INSERT INTO brands (slug, name, description) VALUES ($1, $2, $3)
                 ON CONFLICT (slug) DO NOTHING",
            )
            .bind(&b.slug)
            .bind(&b.name)
            .bind(&b.description)
            .execute(&mut *tx)
            .await?;
        }

        let mut inserted = 0usize;
        // Bundles last, so their components exist.
        let products = cat
            .products
            .iter()
            .filter(|p| p.kind != "BUNDLE")
            .chain(cat.products.iter().filter(|p| p.kind == "BUNDLE"));
        for p in products {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM products WHERE slug = $1")
                .bind(&p.slug)
                .fetch_optional(&mut *tx)
                .await?;
            if exists.is_some() {
                continue;
            }
            let category_id: i64 = sqlx::query_scalar("SELECT id FROM categories WHERE slug = $1")
                .bind(&p.category)
                .fetch_one(&mut *tx)
                .await?;
            let brand_id: i64 = sqlx::query_scalar("SELECT id FROM brands WHERE slug = $1")
                .bind(&p.brand)
                .fetch_one(&mut *tx)
                .await?;
            let options: Vec<Value> = p
                .options
                .iter()
                .map(|(name, values)| json!({ "name": name, "values": values }))
                .collect();
            let digital = p.kind == "DIGITAL";
            let product_id: i64 = sqlx::query_scalar(
                "INSERT INTO products (slug, sku, name, description, kind, category_id, brand_id,
                                       options, is_featured, sales_count, download_url)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(&p.slug)
            .bind(&p.sku)
            .bind(&p.name)
            .bind(&p.description)
            .bind(&p.kind)
            .bind(category_id)
            .bind(brand_id)
            .bind(Json(Value::Array(options)))
            .bind(p.featured)
            .bind(demo_sales(&p.slug, p.featured))
            .bind(digital.then(|| format!("/downloads/{}.pdf", p.slug)))
            .fetch_one(&mut *tx)
            .await?;

            sqlx::query(
                "INSERT INTO product_images (product_id, url, alt, width, height, position)
                 VALUES ($1, $2, $3, 800, 800, 0)",
            )
            .bind(product_id)
            .bind(&p.image)
            .bind(&p.name)
            .execute(&mut *tx)
            .await?;

            for (position, v) in p.variants().into_iter().enumerate() {
                let attributes: Map<String, Value> = v
                    .values
                    .iter()
                    .map(|(k, val)| (k.clone(), Value::String(val.clone())))
                    .collect();
                let compare_at = p.compare_at.filter(|c| *c > v.price);
                let variant_id: i64 = sqlx::query_scalar(
                    "INSERT INTO product_variants (product_id, sku, name, attributes, price_amount,
                         compare_at_amount, currency, weight_grams, track_inventory, position)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                )
                .bind(product_id)
                .bind(&v.sku)
                .bind(&v.name)
                .bind(Json(Value::Object(attributes)))
                .bind(v.price)
                .bind(compare_at)
                .bind(&currency)
                .bind(p.weight_grams)
                .bind(!digital)
                .bind(position as i32)
                .fetch_one(&mut *tx)
                .await?;
                if !digital {
                    sqlx::query(
                        "INSERT INTO inventory (variant_id, on_hand, reserved, low_stock_threshold)
                         VALUES ($1, $2, 0, 5)",
                    )
                    .bind(variant_id)
                    .bind(v.stock.max(0))
                    .execute(&mut *tx)
                    .await?;
                }
            }

            for (position, component) in p.bundle_of.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO bundle_items (bundle_product_id, component_variant_id, quantity, position)
                     SELECT $1, v.id, 1, $2 FROM product_variants v JOIN products c ON c.id = v.product_id
                      WHERE c.slug = $3 ORDER BY v.position, v.id LIMIT 1",
                )
                .bind(product_id)
                .bind(position as i32)
                .bind(component)
                .execute(&mut *tx)
                .await?;
            }
            inserted += 1;
        }
        tx.commit().await?;
        Ok::<usize, anyhow::Error>(inserted)
    })
}
