//! Server-side latency of the catalog's hot paths against the database named by `DATABASE_URL`
//! (run `catalog-gen` first). Each scenario calls the same service functions the pages use,
//! facets and counts included, and reports p50/p95/p99 in milliseconds as a Markdown table.
//!
//! `cargo run --release -p server --bin catalog-bench -- [--iterations 200]`

use std::time::Instant;

use anyhow::Context;
use server::db;
use server::timing::percentile;
use services::catalog::{CategoryTree, list_products, product_detail};
use services::with_db;
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
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| server::config::DEFAULT_DATABASE_URL.into());
    let db = db::connect(&url, 4).await?;
    db::migrate(&db).await?;
    let products: i64 = with_db!(&db, pool => {
        sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE is_active").fetch_one(pool).await
    })?;
    let t = Instant::now();
    if services::catalog::refresh_listing_summary(&db).await? {
        println!(
            "Listing summary rebuilt in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let tree = CategoryTree::load(&db).await?;
    let roots: Vec<String> = tree.children(None).map(|c| c.slug.clone()).collect();
    let brands: Vec<String> = with_db!(&db, pool => {
        sqlx::query_scalar("SELECT slug FROM brands ORDER BY id").fetch_all(pool).await
    })?;
    let slugs: Vec<String> = with_db!(&db, pool => {
        sqlx::query_scalar("SELECT slug FROM products WHERE is_active AND id % 997 = 0 LIMIT 2000")
            .fetch_all(pool)
            .await
    })?;
    anyhow::ensure!(
        !slugs.is_empty() && !roots.is_empty(),
        "empty catalog: run catalog-gen first"
    );
    println!(
        "Catalog: {products} active products on {}; {iterations} iterations per scenario\n",
        db.backend().as_str()
    );

    // The cursor at the start of page 2,000 (24 per page) of each root category by price.
    let mut deep: Vec<ListingQuery> = Vec::new();
    for root in roots.iter().take(4) {
        let ids = tree.subtree(tree.by_slug(root).unwrap().id);
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT CAST(price_min_amount AS TEXT), id FROM products
              WHERE is_active AND price_min_amount IS NOT NULL AND category_id IN ({list})
              ORDER BY price_min_amount, id LIMIT 1 OFFSET {}",
            (deep_page_no - 1) * 24 - 1
        );
        let row: Option<(String, i64)> =
            with_db!(&db, pool => sqlx::query_as(&sql).fetch_optional(pool).await)?;
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

    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % n as u64) as usize
    };
    let mut search = Stats {
        name: "2-word search",
        samples: vec![],
        detail: "`q=<adjective> <noun>`, relevance, facets + count".into(),
    };
    let mut category = Stats {
        name: "filtered + sorted category page",
        samples: vec![],
        detail: "root category, 1 brand, $20–$200, in stock, price ascending, facets + count"
            .into(),
    };
    let mut deep_page = Stats {
        name: "deep page (page 2,000)",
        samples: vec![],
        detail: "root category by price, keyset cursor, facets + count".into(),
    };
    let mut product = Stats {
        name: "product page",
        samples: vec![],
        detail: "detail, variants, stock, related, also-bought".into(),
    };

    for i in 0..iterations + 10 {
        let warm = i < 10;
        let q = format!(
            "{} {}",
            WORDS_A[next(WORDS_A.len())],
            WORDS_B[next(WORDS_B.len())]
        );
        let t = Instant::now();
        list_products(&db, &query(&[("q", &q)]))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if !warm {
            search.samples.push(t.elapsed().as_secs_f64() * 1e3);
        }

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
        list_products(&db, &cq)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if !warm {
            category.samples.push(t.elapsed().as_secs_f64() * 1e3);
        }

        let dq = &deep[next(deep.len())];
        let t = Instant::now();
        let page = list_products(&db, dq)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if !warm {
            deep_page.samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
        anyhow::ensure!(page.products.len() == 24, "the deep page is full");

        let slug = &slugs[next(slugs.len())];
        let t = Instant::now();
        product_detail(&db, slug)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if !warm {
            product.samples.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }

    println!(
        "| scenario ({}) | p50 ms | p95 ms | p99 ms | mean ms | what it does |",
        db.backend().as_str()
    );
    println!("|---|---:|---:|---:|---:|---|");
    for s in [&mut search, &mut category, &mut deep_page, &mut product] {
        println!("{}", s.row());
    }
    Ok(())
}
