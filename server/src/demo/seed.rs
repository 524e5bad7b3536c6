//! Loads the demo catalog in one transaction. Idempotent: products whose slug exists are skipped.

use serde_json::{Map, Value, json};
use services::args;
use services::db::sql::json_param;
use services::db::{Db, Tx};

use super::catalog::{DemoCatalog, DemoProduct, demo_catalog};
use super::{learning, promotions, shipping_tax};
use crate::config::SeedMode;

/// Seeds per `mode`; returns how many products were inserted, or `None` if seeding was skipped.
pub async fn seed_if_needed(db: &Db, mode: SeedMode) -> anyhow::Result<Option<usize>> {
    let run = match mode {
        SeedMode::Never => false,
        SeedMode::Force => true,
        SeedMode::IfEmpty => {
            let (n,): (i64,) = db.one("SELECT COUNT(*) FROM products", args![]).await?;
            n == 0
        }
    };
    if !run {
        return Ok(None);
    }
    let catalog = demo_catalog()?;
    let mut inserted = seed_catalog(db, &catalog).await?;
    // Issue 21: the learning department (skipped when already loaded). The catalogue's derived
    // columns, search index and listing-summary version follow through the schema's triggers.
    inserted += learning::seed_learning(db, &catalog.currency).await?;
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

/// Loads `cat` in one transaction; how many products were inserted.
async fn seed_catalog(db: &Db, cat: &DemoCatalog) -> anyhow::Result<usize> {
    let currency = cat.currency.to_uppercase();
    let mut tx = db.begin_write().await?;
    categories(&mut tx, cat).await?;
    brands(&mut tx, cat).await?;
    let mut inserted = 0usize;
    // Bundles last, so their components exist.
    let products = cat
        .products
        .iter()
        .filter(|p| p.kind != "BUNDLE")
        .chain(cat.products.iter().filter(|p| p.kind == "BUNDLE"));
    for p in products {
        if product(&mut tx, p, &currency).await? {
            inserted += 1;
        }
    }
    tx.commit().await?;
    Ok(inserted)
}

/// Inserts the categories whose slug is new, parents before children.
async fn categories(tx: &mut Tx, cat: &DemoCatalog) -> anyhow::Result<()> {
    let ordered = cat
        .categories
        .iter()
        .filter(|c| c.parent.is_none())
        .chain(cat.categories.iter().filter(|c| c.parent.is_some()));
    for (position, c) in ordered.enumerate() {
        let parent_id: Option<i64> = match &c.parent {
            Some(parent) => Some(id_by_slug(tx, "categories", parent).await?),
            None => None,
        };
        tx.exec(
            "INSERT INTO categories (parent_id, slug, name, description, position)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING",
            args![parent_id, &c.slug, &c.name, &c.description, position as i32],
        )
        .await?;
    }
    Ok(())
}

/// Inserts the brands whose slug is new.
async fn brands(tx: &mut Tx, cat: &DemoCatalog) -> anyhow::Result<()> {
    for b in &cat.brands {
        tx.exec(
            "INSERT INTO brands (slug, name, description) VALUES ($1, $2, $3)
             ON CONFLICT (slug) DO NOTHING",
            args![&b.slug, &b.name, &b.description],
        )
        .await?;
    }
    Ok(())
}

/// The id of the row of `table` (`categories`, `brands`) with `slug`.
async fn id_by_slug(tx: &mut Tx, table: &str, slug: &str) -> anyhow::Result<i64> {
    let sql = format!("SELECT id FROM {table} WHERE slug = $1");
    Ok(tx.one::<(i64,)>(&sql, args![slug]).await?.0)
}

/// Inserts product `p` with its image, variants and bundle contents, unless a product has its
/// slug; whether it was inserted.
async fn product(tx: &mut Tx, p: &DemoProduct, currency: &str) -> anyhow::Result<bool> {
    let exists: Option<(i64,)> = tx
        .opt("SELECT id FROM products WHERE slug = $1", args![&p.slug])
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    let category_id = id_by_slug(tx, "categories", &p.category).await?;
    let brand_id = id_by_slug(tx, "brands", &p.brand).await?;
    let options: Vec<Value> = p
        .options
        .iter()
        .map(|(name, values)| json!({ "name": name, "values": values }))
        .collect();
    let digital = p.kind == "DIGITAL";
    let sql = format!(
        "INSERT INTO products (slug, sku, name, description, kind, category_id, brand_id,
                               options, is_featured, sales_count, download_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, {}, $9, $10, $11) RETURNING id",
        json_param(tx.backend(), 8)
    );
    let (product_id,): (i64,) = tx
        .one(
            &sql,
            args![
                &p.slug,
                &p.sku,
                &p.name,
                &p.description,
                &p.kind,
                category_id,
                brand_id,
                Value::Array(options).to_string(),
                p.featured,
                demo_sales(&p.slug, p.featured),
                digital.then(|| format!("/downloads/{}.pdf", p.slug)),
            ],
        )
        .await?;
    tx.exec(
        "INSERT INTO product_images (product_id, url, alt, width, height, position)
         VALUES ($1, $2, $3, 800, 800, 0)",
        args![product_id, &p.image, &p.name],
    )
    .await?;
    variants(tx, p, product_id, currency).await?;
    bundle_items(tx, p, product_id).await?;
    Ok(true)
}

/// Inserts the variants of product `p` (stored as `product_id`), each physical one with its
/// inventory row.
async fn variants(
    tx: &mut Tx,
    p: &DemoProduct,
    product_id: i64,
    currency: &str,
) -> anyhow::Result<()> {
    let digital = p.kind == "DIGITAL";
    let sql = format!(
        "INSERT INTO product_variants (product_id, sku, name, attributes, price_amount,
             compare_at_amount, currency, weight_grams, track_inventory, position)
         VALUES ($1, $2, $3, {}, $5, $6, $7, $8, $9, $10) RETURNING id",
        json_param(tx.backend(), 4)
    );
    for (position, v) in p.variants().into_iter().enumerate() {
        let attributes: Map<String, Value> = v
            .values
            .iter()
            .map(|(k, val)| (k.clone(), Value::String(val.clone())))
            .collect();
        let compare_at = p.compare_at.filter(|c| *c > v.price);
        let (variant_id,): (i64,) = tx
            .one(
                &sql,
                args![
                    product_id,
                    &v.sku,
                    &v.name,
                    Value::Object(attributes).to_string(),
                    v.price,
                    compare_at,
                    currency,
                    p.weight_grams,
                    !digital,
                    position as i32,
                ],
            )
            .await?;
        if !digital {
            tx.exec(
                "INSERT INTO inventory (variant_id, on_hand, reserved, low_stock_threshold)
                 VALUES ($1, $2, 0, 5)",
                args![variant_id, v.stock.max(0)],
            )
            .await?;
        }
    }
    Ok(())
}

/// The contents of bundle `p` (stored as `product_id`): the first variant of each component
/// product.
async fn bundle_items(tx: &mut Tx, p: &DemoProduct, product_id: i64) -> anyhow::Result<()> {
    for (position, component) in p.bundle_of.iter().enumerate() {
        tx.exec(
            "INSERT INTO bundle_items (bundle_product_id, component_variant_id, quantity, position)
             SELECT $1, v.id, 1, $2 FROM product_variants v JOIN products c ON c.id = v.product_id
              WHERE c.slug = $3 ORDER BY v.position, v.id LIMIT 1",
            args![product_id, position as i32, component],
        )
        .await?;
    }
    Ok(())
}
