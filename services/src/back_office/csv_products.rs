//! Products as CSV: one row per variant, the product's own columns repeated on each of its
//! rows. Export writes every product (archived ones too); import reads the same format,
//! matches products by slug and variants by SKU, and applies all rows in one transaction —
//! any bad row and nothing is written. A dry run does the whole import and rolls it back, so
//! it finds every problem the real one would.

use storefront::{Currency, Money, VariantAttributes};

use crate::args;
use crate::db::{Db, Ts};
use crate::orders::Actor;
use shared::admin::{ImportReport, RowError};
use shared::errors::AppError;

use super::db_err;
use super::product_save::{ProductInput, VariantInput, save_in};
use super::products::{attributes_text, option_names};

/// The columns, in export order. Import needs the first header row to name them (any
/// order); `product_slug`, `product_name`, `sku`, `price` and `currency` are required.
pub const COLUMNS: [&str; 19] = [
    "product_slug",
    "product_name",
    "description",
    "type",
    "category",
    "brand",
    "active",
    "featured",
    "images",
    "sku",
    "options",
    "price",
    "compare_at",
    "currency",
    "weight_grams",
    "track_inventory",
    "variant_active",
    "stock",
    "low_stock_threshold",
];

const REQUIRED: [&str; 5] = ["product_slug", "product_name", "sku", "price", "currency"];

/// Largest import accepted.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Most data rows in one import.
pub const MAX_IMPORT_ROWS: usize = 50_000;

#[derive(sqlx::FromRow)]
struct ExportRow {
    product_id: i64,
    slug: String,
    name: String,
    description: String,
    kind: String,
    category: Option<String>,
    brand: Option<String>,
    is_active: bool,
    is_featured: bool,
    options: String,
    sku: String,
    attributes: String,
    price_amount: i64,
    compare_at_amount: Option<i64>,
    currency: crate::db::DbCurrency,
    weight_grams: i64,
    track_inventory: bool,
    variant_active: bool,
    on_hand: i64,
    low_stock_threshold: i64,
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

fn plain(minor: i64, currency: crate::db::DbCurrency) -> String {
    Money::new(minor, currency.0).to_plain_string()
}

/// Every product and variant as CSV text.
pub async fn export_products(db: &Db) -> Result<String, AppError> {
    let rows: Vec<ExportRow> = db
        .all(
            "SELECT p.id AS product_id, p.slug, p.name, p.description, p.kind, c.slug AS category,
                    b.slug AS brand, p.is_active, p.is_featured, CAST(p.options AS TEXT) AS options,
                    v.sku, CAST(v.attributes AS TEXT) AS attributes, v.price_amount, v.compare_at_amount,
                    CAST(v.currency AS TEXT) AS currency, CAST(v.weight_grams AS BIGINT) AS weight_grams,
                    v.track_inventory, v.is_active AS variant_active,
                    CAST(COALESCE(i.on_hand, 0) AS BIGINT) AS on_hand,
                    CAST(COALESCE(i.low_stock_threshold, 5) AS BIGINT) AS low_stock_threshold
               FROM products p
               JOIN product_variants v ON v.product_id = p.id
               LEFT JOIN inventory i ON i.variant_id = v.id
               LEFT JOIN categories c ON c.id = p.category_id
               LEFT JOIN brands b ON b.id = p.brand_id
              ORDER BY p.id, v.position, v.id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let image_rows: Vec<(i64, String)> = db
        .all(
            "SELECT product_id, url FROM product_images ORDER BY product_id, position, id",
            args![],
        )
        .await
        .map_err(db_err)?;
    let mut images: std::collections::HashMap<i64, Vec<&str>> = std::collections::HashMap::new();
    for (product, url) in &image_rows {
        images.entry(*product).or_default().push(url);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::internal("writing CSV", e);
    w.write_record(COLUMNS).map_err(csv_err)?;
    for r in &rows {
        let names = option_names(&r.options);
        let imgs = images
            .get(&r.product_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let cells = [
            r.slug.as_str(),
            r.name.as_str(),
            r.description.as_str(),
            r.kind.as_str(),
            r.category.as_deref().unwrap_or(""),
            r.brand.as_deref().unwrap_or(""),
            yes_no(r.is_active),
            yes_no(r.is_featured),
            &imgs.join(" | "),
            r.sku.as_str(),
            &attributes_text(&r.attributes, &names),
            &plain(r.price_amount, r.currency),
            &r.compare_at_amount
                .map(|c| plain(c, r.currency))
                .unwrap_or_default(),
            r.currency.0.code(),
            &r.weight_grams.to_string(),
            yes_no(r.track_inventory),
            yes_no(r.variant_active),
            &r.on_hand.to_string(),
            &r.low_stock_threshold.to_string(),
        ];
        w.write_record(
            cells
                .iter()
                .map(|c| super::csv_cells::neutralise(c).into_owned()),
        )
        .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::internal("finishing CSV", e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| AppError::internal("CSV text", e))
}

/// One product gathered from its rows, with the line of its first row.
struct Gathered {
    line: u64,
    input: ProductInput,
    /// Product-level cells of the first row, to check later rows against.
    first: Vec<String>,
}

const PRODUCT_COLUMNS: [&str; 10] = [
    "product_slug",
    "currency",
    "product_name",
    "description",
    "type",
    "category",
    "brand",
    "active",
    "featured",
    "images",
];

fn flag(value: &str, column: &str, default: bool) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "yes" | "true" | "1" | "y" => Ok(true),
        "no" | "false" | "0" | "n" => Ok(false),
        other => Err(format!("{column}: {other:?} is not yes or no.")),
    }
}

fn whole(value: &str, column: &str) -> Result<Option<i64>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("{column}: {v:?} is not a whole number."))
}

/// Reads the file into products; every row problem is reported with its line.
fn gather(text: &str) -> Result<Vec<Gathered>, Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                message: format!("The header row cannot be read: {e}"),
            }]);
        }
    };
    let mut errors = Vec::new();
    for h in &headers {
        if !COLUMNS.contains(&h.as_str()) {
            errors.push(RowError {
                line: 1,
                message: format!("Unknown column {h:?}. Columns: {}.", COLUMNS.join(", ")),
            });
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            errors.push(RowError {
                line: 1,
                message: format!("The column {r:?} is missing."),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut products: Vec<Gathered> = Vec::new();
    // Slug → index in `products` (rows of one product need not be adjacent).
    let mut by_slug: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (n, record) in reader.records().enumerate() {
        if n >= MAX_IMPORT_ROWS {
            errors.push(RowError {
                line: 0,
                message: format!("The file has more than {MAX_IMPORT_ROWS} rows; split it."),
            });
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    message: format!("This row cannot be read: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| -> String {
            col(name)
                .and_then(|i| record.get(i))
                .map(super::csv_cells::restore)
                .unwrap_or("")
                .to_string()
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match row_variant(&cell) {
            Ok(variant) => {
                let slug = cell("product_slug").trim().to_lowercase();
                let first: Vec<String> = PRODUCT_COLUMNS.iter().map(|c| cell(c)).collect();
                if let Some(g) = by_slug.get(&slug).map(|&i| &mut products[i]) {
                    for (i, c) in PRODUCT_COLUMNS.iter().enumerate() {
                        let v = first[i].trim();
                        if !v.is_empty() && v != g.first[i].trim() {
                            errors.push(RowError {
                                line,
                                message: format!(
                                    "{c} differs from line {} for the same product {slug:?}.",
                                    g.line
                                ),
                            });
                        }
                    }
                    g.input.variants.push(variant);
                } else {
                    match row_product(&cell, &slug) {
                        Ok(mut input) => {
                            input.variants.push(variant);
                            by_slug.insert(slug.clone(), products.len());
                            products.push(Gathered { line, input, first });
                        }
                        Err(message) => errors.push(RowError { line, message }),
                    }
                }
            }
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if errors.is_empty() {
        Ok(products)
    } else {
        Err(errors)
    }
}

fn row_product(cell: &dyn Fn(&str) -> String, slug: &str) -> Result<ProductInput, String> {
    if slug.is_empty() {
        return Err("product_slug is empty.".into());
    }
    let images = cell("images");
    Ok(ProductInput {
        name: cell("product_name"),
        slug: Some(slug.to_string()),
        description: cell("description"),
        kind: cell("type"),
        category: Some(cell("category")).filter(|c| !c.trim().is_empty()),
        brand: Some(cell("brand")).filter(|c| !c.trim().is_empty()),
        currency: cell("currency"),
        active: flag(&cell("active"), "active", true)?,
        featured: flag(&cell("featured"), "featured", false)?,
        variants: Vec::new(),
        images: Some(
            images
                .split('|')
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty())
                .collect(),
        ),
    })
}

fn row_variant(cell: &dyn Fn(&str) -> String) -> Result<VariantInput, String> {
    let currency =
        Currency::parse(cell("currency").trim()).map_err(|e| format!("currency: {e}"))?;
    let price = Money::parse_amount(&cell("price"), currency)
        .map_err(|e| format!("price: {e}"))?
        .minor();
    let compare = cell("compare_at");
    let compare_at_minor = if compare.trim().is_empty() {
        None
    } else {
        Some(
            Money::parse_amount(&compare, currency)
                .map_err(|e| format!("compare_at: {e}"))?
                .minor(),
        )
    };
    let attributes =
        VariantAttributes::parse(&cell("options")).map_err(|e| format!("options: {e}"))?;
    Ok(VariantInput {
        id: None,
        sku: cell("sku"),
        attributes,
        price_minor: price,
        compare_at_minor,
        weight_grams: whole(&cell("weight_grams"), "weight_grams")?.unwrap_or(0),
        active: flag(&cell("variant_active"), "variant_active", true)?,
        track_inventory: match cell("track_inventory").trim() {
            "" => None,
            v => Some(flag(v, "track_inventory", true)?),
        },
        stock: whole(&cell("stock"), "stock")?,
        low_stock_threshold: whole(&cell("low_stock_threshold"), "low_stock_threshold")?,
    })
}

/// Most row errors reported (the report is kept in the session for the import page).
const MAX_REPORTED_ERRORS: usize = 200;

fn cap_errors(errors: &mut Vec<RowError>) {
    if errors.len() > MAX_REPORTED_ERRORS {
        let more = errors.len() - MAX_REPORTED_ERRORS;
        errors.truncate(MAX_REPORTED_ERRORS);
        errors.push(RowError {
            line: 0,
            message: format!("…and {more} more problems; fix these and import again."),
        });
    }
}

/// Imports `text` (see the module docs). With `dry_run` the changes are made and rolled back.
pub async fn import_products(
    db: &Db,
    text: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<ImportReport, AppError> {
    import_with_progress(db, text, dry_run, actor, &|_, _| {}).await
}

/// [`import_products`], calling `progress(rows done, rows in all)` as it goes (after reading
/// the file, then about every 500 rows, then at the end).
pub async fn import_with_progress(
    db: &Db,
    text: &str,
    dry_run: bool,
    actor: &Actor,
    progress: &(dyn Fn(u64, u64) + Send + Sync),
) -> Result<ImportReport, AppError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(AppError::invalid(
            "file",
            "The file is larger than 20 MB; split it.",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = ImportReport {
        dry_run,
        ..ImportReport::default()
    };
    let products = match gather(text) {
        Ok(p) => p,
        Err(mut errors) => {
            cap_errors(&mut errors);
            report.errors = errors;
            return Ok(report);
        }
    };
    report.rows = products.iter().map(|p| p.input.variants.len() as u64).sum();
    if products.is_empty() {
        report.errors.push(RowError {
            line: 1,
            message: "The file has no product rows.".into(),
        });
        return Ok(report);
    }
    progress(0, report.rows);
    let now = Ts::now();
    let mut done = 0u64;
    let mut reported = 0u64;
    let mut tx = db.begin_write().await.map_err(db_err)?;
    for g in &products {
        done += g.input.variants.len() as u64;
        if done - reported >= 500 {
            progress(done, report.rows);
            reported = done;
        }
        let slug = g.input.slug.clone().unwrap_or_default();
        let existing: Option<(i64,)> = tx
            .opt(
                "SELECT id FROM products WHERE slug = $1",
                args![slug.as_str()],
            )
            .await
            .map_err(db_err)?;
        // Each product in a savepoint: a refused one (a statement PostgreSQL rejected
        // included) is undone alone, and the rest still get checked.
        tx.exec("SAVEPOINT import_product", args![])
            .await
            .map_err(db_err)?;
        let saved = save_in(&mut tx, existing.map(|e| e.0), &g.input, actor, now).await;
        if saved.as_ref().is_err_and(AppError::is_client_error) {
            tx.exec("ROLLBACK TO SAVEPOINT import_product", args![])
                .await
                .map_err(db_err)?;
        }
        if saved
            .as_ref()
            .map_or_else(AppError::is_client_error, |_| true)
        {
            tx.exec("RELEASE SAVEPOINT import_product", args![])
                .await
                .map_err(db_err)?;
        }
        match saved {
            Ok(out) => {
                if out.created {
                    report.products_created += 1;
                } else {
                    report.products_updated += 1;
                }
                report.variants_created += out.variants_created;
                report.variants_updated += out.variants_updated;
            }
            Err(e) if e.is_client_error() => report.errors.push(RowError {
                line: g.line,
                message: format!("{slug}: {e}"),
            }),
            Err(e) => {
                let _ = tx.rollback().await;
                return Err(e);
            }
        }
    }
    progress(report.rows, report.rows);
    cap_errors(&mut report.errors);
    if dry_run || !report.errors.is_empty() {
        tx.rollback().await.map_err(db_err)?;
    } else {
        tx.commit().await.map_err(db_err)?;
        report.applied = true;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_grouped_and_checked_with_line_numbers() {
        let text = "product_slug,product_name,sku,price,currency,options\n\
                    tee,Tee,TEE-S,10.00,USD,size=S\n\
                    tee,,TEE-M,10.50,USD,size=M\n\
                    mug,Mug,MUG,abc,USD,\n\
                    tee,Other name,TEE-L,10,USD,size=L\n";
        let errors = gather(text).err().expect("errors");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, 4);
        assert!(
            errors[0].message.starts_with("price"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[1].line, 5);
        let ok = gather(
            "product_slug,product_name,sku,price,currency,options\n\
             tee,Tee,TEE-S,10.00,USD,size=S\n\
             tee,,TEE-M,10.50,USD,size=M\n",
        )
        .unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].input.variants.len(), 2);
        assert_eq!(ok[0].input.variants[1].price_minor, 1050);
        let bad_header = gather("slug,name\n").err().unwrap();
        assert!(bad_header.iter().all(|e| e.line == 1));
    }
}
