//! Server-side latency of the catalog's hot paths against the database named by `DATABASE_URL`
//! (run `catalog-gen` first). Each scenario calls the same service functions the pages use,
//! facets and counts included, and reports p50/p95/p99 in milliseconds as a Markdown table.
//!
//! `cargo run --release -p server --bin catalog-bench -- [--iterations 200]`

use std::time::Instant;

use anyhow::Context;
use server::db;
use server::http::middleware::timing::percentile;
use services::args;
use services::catalog::{CategoryTree, list_products, product_detail};
use services::db::Db;
use shared::listing::{Cursor, ListingQuery, Sort};

const WORDS_A: &[&str] = &[
    "classic", "trail", "urban", "alpine", "coastal", "heritage", "nordic", "summit",
];
const WORDS_B: &[&str] = &[
    "hoodie",
    "jacket",
    "backpack",
    "mug",
    "lamp",
    "headphones",
    "socks",
    "boot",
];

struct Stats {
    name: &'static str,
    samples: Vec<f64>,
    detail: String,
}

impl Stats {
    /// Records the time since `t`, unless it is a warm-up round.
    fn record(&mut self, t: Instant, warm: bool) {
        if !warm {
            self.samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }

    fn row(&mut self) -> String {
        self.samples.sort_by(f64::total_cmp);
        let mean = self.samples.iter().sum::<f64>() / self.samples.len() as f64;
        format!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
            self.name,
            percentile(&self.samples, 0.50),
            percentile(&self.samples, 0.95),
            percentile(&self.samples, 0.99),
            mean,
            self.detail
        )
    }
}

fn query(pairs: &[(&str, &str)]) -> ListingQuery {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ListingQuery::parse(&pairs, None).expect("valid benchmark query")
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    // RUST_LOG=sqlx=warn (the default) reports statements slower than a second.
    server::telemetry::init(server::config::AppEnv::Development);
    let opts = options()?;
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| server::config::DEFAULT_DATABASE_URL.into());
    let db = db::connect(&url, 4).await?;
    db::migrate(&db).await?;
    let catalog = load_catalog(&db, opts.iterations).await?;
    let deep = deep_queries(&db, &catalog, opts.deep_page).await?;
    let mut timings = run(&db, &catalog, &deep, opts.iterations).await?;
    println!(
        "| scenario ({}) | p50 ms | p95 ms | p99 ms | mean ms | what it does |",
        db.backend().as_str()
    );
    println!("|---|---:|---:|---:|---:|---|");
    for s in [
        &mut timings.search,
        &mut timings.category,
        &mut timings.deep_page,
        &mut timings.product,
    ] {
        println!("{}", s.row());
    }
    Ok(())
}

/// The command line: iterations per scenario and the page number of the deep page.
struct Options {
    iterations: usize,
    deep_page: u32,
}

/// Reads `--iterations N` (or `-n N`) and `--deep-page N`.
fn options() -> anyhow::Result<Options> {
    let mut iterations = 200usize;
    let mut deep_page_no = 2000u32;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--iterations" | "-n" => iterations = it.next().context("--iterations N")?.parse()?,
            "--deep-page" => deep_page_no = it.next().context("--deep-page N")?.parse()?,
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    Ok(Options {
        iterations,
        deep_page: deep_page_no,
    })
}

/// What the scenarios pick from.
struct Catalog {
    tree: CategoryTree,
    /// Root category slugs.
    roots: Vec<String>,
    /// Every brand slug.
    brands: Vec<String>,
    /// A spread of active product slugs.
    slugs: Vec<String>,
}

/// Rebuilds the listing summary when needed and loads what the scenarios pick from; prints
/// the catalogue's size (an error when it is empty).
async fn load_catalog(db: &Db, iterations: usize) -> anyhow::Result<Catalog> {
    let (products,): (i64,) = db
        .one("SELECT COUNT(*) FROM products WHERE is_active", args![])
        .await?;
    let t = Instant::now();
    if services::catalog::refresh_listing_summary(db).await? {
        println!(
            "Listing summary rebuilt in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let tree = CategoryTree::load(db).await?;
    let roots: Vec<String> = tree.children(None).map(|c| c.slug.clone()).collect();
    let brands: Vec<String> = db
        .all::<(String,)>("SELECT slug FROM brands ORDER BY id", args![])
        .await?
        .into_iter()
        .map(|(slug,)| slug)
        .collect();
    let slugs: Vec<String> = db
        .all::<(String,)>(
            "SELECT slug FROM products WHERE is_active AND id % 997 = 0 LIMIT 2000",
            args![],
        )
        .await?
        .into_iter()
        .map(|(slug,)| slug)
        .collect();
    anyhow::ensure!(
        !slugs.is_empty() && !roots.is_empty(),
        "empty catalog: run catalog-gen first"
    );
    println!(
        "Catalog: {products} active products on {}; {iterations} iterations per scenario\n",
        db.backend().as_str()
    );
    Ok(Catalog {
        tree,
        roots,
        brands,
        slugs,
    })
}

/// For up to four root categories, the query for page `deep_page_no` (24 per page) by price:
/// the keyset cursor at its start. An error when no category is that big.
async fn deep_queries(
    db: &Db,
    catalog: &Catalog,
    deep_page_no: u32,
) -> anyhow::Result<Vec<ListingQuery>> {
    let tree = &catalog.tree;
    let mut deep: Vec<ListingQuery> = Vec::new();
    for root in catalog.roots.iter().take(4) {
        let ids = tree.subtree(tree.by_slug(root).unwrap().id);
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT CAST(price_min_amount AS TEXT), id FROM products
              WHERE is_active AND price_min_amount IS NOT NULL AND category_id IN ({list})
              ORDER BY price_min_amount, id LIMIT 1 OFFSET {}",
            (deep_page_no - 1) * 24 - 1
        );
        let row: Option<(String, i64)> = db.opt(&sql, args![]).await?;
        if let Some((value, id)) = row {
            let mut q = query(&[("category", root), ("sort", "price_asc")]);
            q.after = Some(Cursor {
                sort: Sort::PriceAsc,
                value,
                id,
            });
            q.page = deep_page_no;
            deep.push(q);
        }
    }
    anyhow::ensure!(
        !deep.is_empty(),
        "categories too small for page {deep_page_no}"
    );
    Ok(deep)
}

/// The timings of each scenario.
struct Scenarios {
    search: Stats,
    category: Stats,
    deep_page: Stats,
    product: Stats,
}

impl Scenarios {
    /// Every scenario, with no samples yet.
    fn new() -> Self {
        Scenarios {
            search: Stats {
                name: "2-word search",
                samples: vec![],
                detail: "`q=<adjective> <noun>`, relevance, facets + count".into(),
            },
            category: Stats {
                name: "filtered + sorted category page",
                samples: vec![],
                detail:
                    "root category, 1 brand, $20–$200, in stock, price ascending, facets + count"
                        .into(),
            },
            deep_page: Stats {
                name: "deep page (page 2,000)",
                samples: vec![],
                detail: "root category by price, keyset cursor, facets + count".into(),
            },
            product: Stats {
                name: "product page",
                samples: vec![],
                detail: "detail, variants, stock, related, also-bought".into(),
            },
        }
    }
}

/// Runs every scenario `iterations` times after 10 unmeasured warm-up rounds, with random
/// (but repeatable) picks.
async fn run(
    db: &Db,
    catalog: &Catalog,
    deep: &[ListingQuery],
    iterations: usize,
) -> anyhow::Result<Scenarios> {
    let Catalog {
        roots,
        brands,
        slugs,
        ..
    } = catalog;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    let mut s = Scenarios::new();
    for i in 0..iterations + 10 {
        let warm = i < 10;
        let q = format!(
            "{} {}",
            WORDS_A[next(WORDS_A.len())],
            WORDS_B[next(WORDS_B.len())]
        );
        let t = Instant::now();
        list_products(db, &query(&[("q", &q)]))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        s.search.record(t, warm);

        let root = &roots[next(roots.len())];
        let brand = &brands[next(brands.len())];
        let cq = query(&[
            ("category", root),
            ("brand", brand),
            ("min_price", "20"),
            ("max_price", "200"),
            ("in_stock", "1"),
            ("sort", "price_asc"),
        ]);
        let t = Instant::now();
        list_products(db, &cq)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        s.category.record(t, warm);

        let dq = &deep[next(deep.len())];
        let t = Instant::now();
        let page = list_products(db, dq)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        s.deep_page.record(t, warm);
        anyhow::ensure!(page.products.len() == 24, "the deep page is full");

        let slug = &slugs[next(slugs.len())];
        let t = Instant::now();
        product_detail(db, slug)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        s.product.record(t, warm);
    }
    Ok(s)
}
