//! Loads N synthetic products (default 1,000,000) with variants, inventory and images into the
//! database named by `DATABASE_URL` (SQLite or PostgreSQL), showing progress.
//!
//! `cargo run --release -p server --bin catalog-gen -- [--products N]`
//!
//! Rows go in through multi-row INSERTs with explicit ids, so the migration's triggers keep the
//! search index, facets and listing columns in sync exactly as for any other write.

use std::time::Instant;

use anyhow::Context;
use server::db;
use services::args;
use services::db::sql::Arg;
use services::db::{Backend, Db};

const BATCH: usize = 400;
const ROOTS: usize = 12;
const CHILDREN: usize = 8;
const BRANDS: usize = 200;

const ADJECTIVES: &[&str] = &[
    "Classic",
    "Everyday",
    "Trail",
    "Urban",
    "Alpine",
    "Coastal",
    "Heritage",
    "Studio",
    "Nordic",
    "Summit",
    "Cosy",
    "Rugged",
    "Featherweight",
    "Organic",
    "Vintage",
    "Modern",
    "Crème",
    "Café",
    "Midnight",
    "Sunlit",
    "Harbor",
    "Prairie",
    "Desert",
    "Glacier",
];
const MATERIALS: &[&str] = &[
    "Merino", "Linen", "Canvas", "Leather", "Cotton", "Fleece", "Denim", "Cashmere", "Bamboo",
    "Ceramic", "Walnut", "Steel", "Wool", "Suede", "Nylon", "Hemp", "Copper", "Oak",
];
const NOUNS: &[&str] = &[
    "Tee",
    "Hoodie",
    "Jacket",
    "Sneaker",
    "Boot",
    "Backpack",
    "Tote",
    "Scarf",
    "Beanie",
    "Mug",
    "Lamp",
    "Headphones",
    "Speaker",
    "Notebook",
    "Wallet",
    "Belt",
    "Socks",
    "Shorts",
    "Dress",
    "Blanket",
    "Candle",
    "Planter",
    "Bottle",
    "Duffel",
    "Cardigan",
    "Vest",
    "Gloves",
    "Skillet",
];
const SIZES: &[&str] = &["XS", "S", "M", "L", "XL"];
const COLOURS: &[&str] = &[
    "Black", "White", "Navy", "Oat", "Forest", "Rust", "Charcoal", "Sand", "Cobalt", "Olive",
];
const IMAGES: &[&str] = &[
    "merino-crew-tee",
    "fleece-zip-hoodie",
    "aria-anc-headphones",
    "cast-iron-skillet",
    "roll-top-commuter-backpack",
    "paperlight-e-reader",
];

/// Small deterministic PRNG (xorshift64*), so every run produces the same catalog.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

struct Args {
    products: usize,
}

fn args() -> anyhow::Result<Args> {
    let mut products = 1_000_000usize;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--products" | "-n" => {
                let v = it.next().context("--products needs a number")?;
                products = v
                    .replace('_', "")
                    .parse()
                    .context("--products must be a number")?;
            }
            "-h" | "--help" => {
                println!("Usage: catalog-gen [--products N]   (DATABASE_URL selects the database)");
                std::process::exit(0);
            }
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    Ok(Args { products })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let args = args()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| server::config::DEFAULT_DATABASE_URL.into());
    let db = db::connect(&url, 4).await?;
    db::migrate(&db).await?;
    println!(
        "Generating {} products into {} …",
        args.products,
        db.backend().as_str()
    );
    let started = Instant::now();
    let (categories, brands) = taxonomy(&db).await?;
    let (max_product,): (Option<i64>,) = db.one("SELECT MAX(id) FROM products", args![]).await?;
    let first_id: i64 = max_product.unwrap_or(0) + 1;
    let (max_variant,): (Option<i64>,) = db
        .one("SELECT MAX(id) FROM product_variants", args![])
        .await?;
    let first_variant: i64 = max_variant.unwrap_or(0) + 1;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ first_id as u64);
    let mut next_variant = first_variant;
    let mut done = 0usize;
    let mut last_report = Instant::now();
    while done < args.products {
        let n = BATCH.min(args.products - done);
        let ids: Vec<i64> = (0..n as i64).map(|i| first_id + done as i64 + i).collect();
        let batch = make_batch(&mut rng, &ids, &categories, &brands, &mut next_variant);
        insert_batch(&db, batch).await?;
        done += n;
        if last_report.elapsed().as_secs_f64() >= 5.0 || done == args.products {
            let rate = done as f64 / started.elapsed().as_secs_f64();
            println!(
                "  {done:>9} / {} products  ({rate:.0}/s, {:.0} s elapsed)",
                args.products,
                started.elapsed().as_secs_f64()
            );
            last_report = Instant::now();
        }
    }
    finish(&db).await?;
    let t = Instant::now();
    services::catalog::refresh_listing_summary(&db).await?;
    println!(
        "Listing summary built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    println!(
        "Done: {} products, {} variants in {:.1} s",
        args.products,
        next_variant - first_variant,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Root and child categories and brands; returns leaf category ids and brand ids.
async fn taxonomy(db: &Db) -> anyhow::Result<(Vec<i64>, Vec<i64>)> {
    let mut leaves = Vec::new();
    for r in 0..ROOTS {
        let slug = format!("gen-dept-{r}");
        let name = format!("Department {}", r + 1);
        let (root,): (i64,) = db
            .one(
                "INSERT INTO categories (slug, name, position) VALUES ($1, $2, $3)
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
                args![&slug, &name, 100 + r as i32],
            )
            .await?;
        for c in 0..CHILDREN {
            let slug = format!("gen-dept-{r}-{c}");
            let name = format!("Department {} · Aisle {}", r + 1, c + 1);
            let (id,): (i64,) = db
                .one(
                    "INSERT INTO categories (parent_id, slug, name, position) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
                    args![root, &slug, &name, c as i32],
                )
                .await?;
            leaves.push(id);
        }
    }
    let mut brands = Vec::new();
    for b in 0..BRANDS {
        let slug = format!("gen-brand-{b}");
        let (id,): (i64,) = db
            .one(
                "INSERT INTO brands (slug, name) VALUES ($1, $2)
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name RETURNING id",
                args![&slug, format!("Maker {}", b + 1)],
            )
            .await?;
        brands.push(id);
    }
    Ok((leaves, brands))
}

/// id, slug, sku, name, description, category id, brand id, options JSON, sales count
type ProductRow = (i64, String, String, String, String, i64, i64, String, i64);
/// id, product id, sku, name, attributes JSON, price, compare-at price
type VariantRow = (i64, i64, String, String, String, i64, Option<i64>);

struct Batch {
    products: Vec<ProductRow>,
    variants: Vec<VariantRow>,
    inventory: Vec<(i64, i32)>,
    images: Vec<(i64, String, String)>,
}

/// The rows for products `ids` (variant ids continue from `next_variant`), drawn from `rng`.
fn make_batch(
    rng: &mut Rng,
    ids: &[i64],
    categories: &[i64],
    brands: &[i64],
    next_variant: &mut i64,
) -> Batch {
    let mut b = Batch {
        products: Vec::new(),
        variants: Vec::new(),
        inventory: Vec::new(),
        images: Vec::new(),
    };
    for &id in ids {
        let p = draw_product(rng, categories, brands);
        let slug = format!(
            "{}-{id}",
            storefront::ids::Slug::from_title(&p.name)
                .map(|s| s.to_string())
                .unwrap_or_default()
        );
        let sku = format!("GEN-{id}");
        push_variants(rng, &mut b, id, &sku, &p, next_variant);
        b.images.push((
            id,
            format!("/images/products/{}.webp", rng.pick(IMAGES)),
            p.name.clone(),
        ));
        b.products.push((
            id,
            slug,
            sku,
            p.name,
            p.description,
            p.category,
            p.brand,
            serde_json::Value::Array(p.options).to_string(),
            p.sales,
        ));
    }
    b
}

/// The (option, value) pairs of one variant.
type Combo = Vec<(&'static str, &'static str)>;

/// One product's random draws (everything but its variants' stock and its image).
struct Draw {
    name: String,
    description: String,
    category: i64,
    brand: i64,
    /// Price of a variant without a size surcharge, in cents.
    base_price: i64,
    sales: i64,
    /// The options as stored JSON objects: name and values.
    options: Vec<serde_json::Value>,
    /// One per variant; a single empty one when there are no options.
    combos: Vec<Combo>,
    on_sale: bool,
}

/// Draws a product's name, description, category, brand, price, sales, options and sale.
fn draw_product(rng: &mut Rng, categories: &[i64], brands: &[i64]) -> Draw {
    let name = format!(
        "{} {} {}",
        rng.pick(ADJECTIVES),
        rng.pick(MATERIALS),
        rng.pick(NOUNS)
    );
    let description = format!(
        "{name}: made to last, with a {} finish and {} stitching. Ships in recycled packaging.",
        rng.pick(COLOURS).to_lowercase(),
        rng.pick(MATERIALS).to_lowercase()
    );
    let category = categories[rng.below(categories.len())];
    let brand = brands[rng.below(brands.len())];
    let options_kind = rng.below(4); // 0: none, 1: size, 2: colour, 3: size+colour
    let base_price = 500 + (rng.below(40_000) as i64 / 100) * 100 - 1;
    let sales = rng.below(5_000) as i64;
    let (options, combos) = draw_options(rng, options_kind);
    let on_sale = rng.below(8) == 0;
    Draw {
        name,
        description,
        category,
        brand,
        base_price,
        sales,
        options,
        combos,
        on_sale,
    }
}

/// The options for `options_kind` (bit 1: three sizes, bit 2: two colours) as JSON, and every
/// combination of their values.
fn draw_options(rng: &mut Rng, options_kind: usize) -> (Vec<serde_json::Value>, Vec<Combo>) {
    let mut options = Vec::new();
    let mut combos: Vec<Combo> = vec![Vec::new()];
    if options_kind & 1 == 1 {
        let start = rng.below(2);
        let sizes: Vec<&str> = SIZES[start..start + 3].to_vec();
        options.push(serde_json::json!({"name": "size", "values": sizes}));
        combos = sizes.iter().map(|s| vec![("size", *s)]).collect();
    }
    if options_kind & 2 == 2 {
        let c1 = rng.pick(COLOURS);
        let mut c2 = rng.pick(COLOURS);
        if c2 == c1 {
            c2 = COLOURS[(COLOURS.iter().position(|c| *c == c1).unwrap() + 1) % COLOURS.len()];
        }
        options.push(serde_json::json!({"name": "colour", "values": [c1, c2]}));
        combos = combos
            .into_iter()
            .flat_map(|prefix| {
                [c1, c2].into_iter().map(move |c| {
                    let mut v = prefix.clone();
                    v.push(("colour", c));
                    v
                })
            })
            .collect();
    }
    (options, combos)
}

/// Adds product `id`'s variants (one per combination of `p`'s options, SKUs from `sku`) and
/// their stock to `b`, numbering them from `next_variant`.
fn push_variants(
    rng: &mut Rng,
    b: &mut Batch,
    id: i64,
    sku: &str,
    p: &Draw,
    next_variant: &mut i64,
) {
    for combo in &p.combos {
        let vid = *next_variant;
        *next_variant += 1;
        let attrs: serde_json::Map<String, serde_json::Value> = combo
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
        let vname = if combo.is_empty() {
            "Default".to_string()
        } else {
            combo
                .iter()
                .map(|(_, v)| *v)
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let vsku = if combo.is_empty() {
            sku.to_string()
        } else {
            format!(
                "{sku}-{}",
                combo
                    .iter()
                    .map(|(_, v)| v.to_uppercase())
                    .collect::<Vec<_>>()
                    .join("-")
            )
        };
        let price = p.base_price
            + if combo.iter().any(|(_, v)| *v == "XL") {
                400
            } else {
                0
            };
        let compare = p.on_sale.then_some(price + price / 4);
        b.variants.push((
            vid,
            id,
            vsku,
            vname,
            serde_json::Value::Object(attrs).to_string(),
            price,
            compare,
        ));
        let stock = match rng.below(10) {
            0 => 0,
            1 => 1 + rng.below(4) as i32,
            _ => 5 + rng.below(200) as i32,
        };
        b.inventory.push((vid, stock));
    }
}

/// `($1, $2, …), (…)` for `rows` rows of `cols` columns, with optional per-column SQL wrappers.
fn values(rows: usize, cols: usize, wrap: &dyn Fn(usize, String) -> String) -> String {
    let mut s = String::new();
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&wrap(c, format!("${}", r * cols + c + 1)));
        }
        s.push(')');
    }
    s
}

/// The parameters of a multi-row products INSERT, row after row in column order.
fn product_args(products: Vec<ProductRow>) -> Vec<Arg> {
    let mut args = Vec::with_capacity(products.len() * 9);
    for p in products {
        args.extend([
            Arg::from(p.0),
            Arg::from(p.1),
            Arg::from(p.2),
            Arg::from(p.3),
            Arg::from(p.4),
            Arg::from(p.5),
            Arg::from(p.6),
            Arg::from(p.7),
            Arg::from(p.8),
        ]);
    }
    args
}

/// The parameters of a multi-row product_variants INSERT (7 per row).
fn variant_args(variants: impl Iterator<Item = VariantRow>) -> Vec<Arg> {
    let mut args = Vec::with_capacity(BATCH * 7);
    for v in variants {
        args.extend([
            Arg::from(v.0),
            Arg::from(v.1),
            Arg::from(v.2),
            Arg::from(v.3),
            Arg::from(v.4),
            Arg::from(v.5),
            Arg::from(v.6),
        ]);
    }
    args
}

/// Inserts batch `b` in one transaction: one multi-row INSERT per table (variants and
/// inventory in chunks, to stay under the engines' parameter limits).
async fn insert_batch(db: &Db, b: Batch) -> anyhow::Result<()> {
    let pg = db.backend() == Backend::Postgres;
    // JSON text columns need a cast on PostgreSQL (JSONB); SQLite stores the text as is.
    let json = move |c: usize, p: String, json_cols: &[usize]| {
        if pg && json_cols.contains(&c) {
            format!("CAST({p} AS JSONB)")
        } else {
            p
        }
    };
    let products_sql = format!(
        "INSERT INTO products (id, slug, sku, name, description, category_id, brand_id, options, sales_count, kind) VALUES {}",
        values(b.products.len(), 9, &|c, p| if c == 8 {
            format!("{}, 'PHYSICAL'", p)
        } else {
            json(c, p, &[7])
        })
    );
    let variants_sql = format!(
        "INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, compare_at_amount, currency, position) VALUES {}",
        values(b.variants.len(), 7, &|c, p| if c == 6 {
            format!("{p}, 'USD', 0")
        } else {
            json(c, p, &[4])
        })
    );
    let inventory_sql = format!(
        "INSERT INTO inventory (variant_id, on_hand) VALUES {}",
        values(b.inventory.len(), 2, &|_, p| p)
    );
    let images_sql = format!(
        "INSERT INTO product_images (product_id, url, alt, width, height) VALUES {}",
        values(b.images.len(), 3, &|c, p| if c == 2 {
            format!("{p}, 800, 800")
        } else {
            p
        })
    );
    let (variant_count, inventory_count) = (b.variants.len(), b.inventory.len());
    let mut tx = db.begin_write().await?;
    tx.exec(&products_sql, product_args(b.products)).await?;
    let mut variants = b.variants.into_iter();
    loop {
        let args = variant_args(variants.by_ref().take(BATCH));
        let rows = args.len() / 7;
        if rows == 0 {
            break;
        }
        let sql = format!(
            "INSERT INTO product_variants (id, product_id, sku, name, attributes, price_amount, compare_at_amount, currency, position) VALUES {}",
            values(rows, 7, &|c, p| if c == 6 {
                format!("{p}, 'USD', 0")
            } else {
                json(c, p, &[4])
            })
        );
        tx.exec(
            if rows == variant_count {
                &variants_sql
            } else {
                &sql
            },
            args,
        )
        .await?;
    }
    for chunk in b.inventory.chunks(BATCH * 2) {
        let sql = format!(
            "INSERT INTO inventory (variant_id, on_hand) VALUES {}",
            values(chunk.len(), 2, &|_, p| p)
        );
        let mut args = Vec::with_capacity(chunk.len() * 2);
        for i in chunk {
            args.extend([Arg::from(i.0), Arg::from(i.1)]);
        }
        tx.exec(
            if chunk.len() == inventory_count {
                &inventory_sql
            } else {
                &sql
            },
            args,
        )
        .await?;
    }
    let mut args = Vec::with_capacity(b.images.len() * 3);
    for i in b.images {
        args.extend([Arg::from(i.0), Arg::from(i.1), Arg::from(i.2)]);
    }
    tx.exec(&images_sql, args).await?;
    tx.commit().await?;
    Ok(())
}

/// Bumps PostgreSQL identity sequences past the explicit ids, and refreshes planner statistics.
async fn finish(db: &Db) -> anyhow::Result<()> {
    match db.backend() {
        Backend::Postgres => {
            for table in ["products", "product_variants"] {
                db.exec(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                    ),
                    args![],
                )
                .await?;
            }
            // VACUUM sets the visibility map, so the covering listing indexes get index-only scans.
            println!("Vacuuming and analyzing …");
            db.exec("VACUUM ANALYZE", args![]).await?;
        }
        Backend::Sqlite => {
            println!("Analyzing …");
            db.exec("ANALYZE", args![]).await?;
            db.exec("PRAGMA optimize", args![]).await?;
        }
    }
    Ok(())
}
