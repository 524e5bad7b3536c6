//! Checkout load generator and oversell check, against a running shop and its database.
//!
//! 1. **Throughput**: `--shoppers` concurrent shoppers (default 32), closed loop. Each order
//!    is a new shopper (own session): `POST /api/cart/items` (1 unit of one of 20 stocked
//!    product options) then `POST /api/orders` as a guest with the test gateway's 4242 card.
//!    Reports orders/s and the latency of the order call (client and `Server-Timing`).
//! 2. **Last units**: one product option is set to `--last` units (default 10) and
//!    `--racers` shoppers (default 200) all try to buy one at the same moment.
//!
//! Then it checks the books in the database and reports any oversell: for every product
//! option used, stock now = stock before − units in CONFIRMED orders, nothing left reserved,
//! nothing negative; in phase 2 exactly `--last` orders and `--racers − --last` "sold out"
//! answers. Exits non-zero if any check fails.
//!
//! `cargo run --release -p server --bin checkout-bench -- --url http://127.0.0.1:3400 \
//!     --database-url sqlite://… [--shoppers 32] [--seconds 15] [--label sqlite]`

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use server::http::middleware::timing::percentile;
use services::db::Db;
use tokio::time::Instant;

struct Args {
    url: String,
    database_url: String,
    shoppers: usize,
    seconds: f64,
    warmup: f64,
    last: i64,
    racers: usize,
    label: String,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        url: "http://127.0.0.1:3000".into(),
        database_url: String::new(),
        shoppers: 32,
        seconds: 15.0,
        warmup: 3.0,
        last: 10,
        racers: 200,
        label: "shop".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => a.url = value()?.trim_end_matches('/').to_string(),
            "--database-url" => a.database_url = value()?,
            "--shoppers" => a.shoppers = value()?.parse().context("--shoppers N")?,
            "--seconds" => a.seconds = value()?.parse().context("--seconds S")?,
            "--warmup" => a.warmup = value()?.parse().context("--warmup S")?,
            "--last" => a.last = value()?.parse().context("--last N")?,
            "--racers" => a.racers = value()?.parse().context("--racers N")?,
            "--label" => a.label = value()?,
            other => bail!("unknown argument {other:?}"),
        }
    }
    if a.database_url.is_empty() {
        bail!("--database-url is required (the shop's database, to check the books)");
    }
    if a.shoppers == 0 || a.seconds <= 0.0 || a.last < 1 || a.racers < 1 {
        bail!("--shoppers, --seconds, --last and --racers must be positive");
    }
    Ok(a)
}

fn order_body(n: usize) -> Value {
    json!({
        "email": format!("bench{n}@example.com"),
        "shippingAddress": {
            "recipientName": "Bench Shopper", "line1": "1 Main St", "city": "Austin",
            "region": "TX", "postalCode": "78701", "country": "US"
        },
        "shippingMethod": "standard",
        "payment": {"method": "test_card", "cardNumber": "4242424242424242",
                    "expMonth": "12", "expYear": "2030", "cvc": "123"}
    })
}

struct Sample {
    client_ms: f64,
    server_ms: Option<f64>,
    status: u16,
}

/// One new shopper buys one unit of `variant`: (status of the order call, its latency).
async fn buy(url: &str, variant: i64, n: usize) -> anyhow::Result<Sample> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()?;
    let add = client
        .post(format!("{url}/api/cart/items"))
        .json(&json!({"variant_id": variant, "quantity": 1}))
        .send()
        .await?;
    let added = add.status().as_u16();
    let _ = add.bytes().await;
    if added != 200 {
        // Sold out before the order: counts as a refusal of the order.
        return Ok(Sample {
            client_ms: 0.0,
            server_ms: None,
            status: added,
        });
    }
    let started = Instant::now();
    let res = client
        .post(format!("{url}/api/orders"))
        .header("Idempotency-Key", format!("bench-{n}"))
        .json(&order_body(n))
        .send()
        .await?;
    let status = res.status().as_u16();
    let server_ms = res
        .headers()
        .get("server-timing")
        .and_then(|v| v.to_str().ok())
        .and_then(server::http::middleware::timing::parse_app_duration);
    let _ = res.bytes().await;
    Ok(Sample {
        client_ms: started.elapsed().as_secs_f64() * 1000.0,
        server_ms,
        status,
    })
}

fn row(label: &str, what: &str, mut v: Vec<f64>, rate: f64) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "| {label} | {what} | {rate:.1} | {:.1} | {:.1} | {:.1} | {:.1} |",
        percentile(&v, 0.50),
        percentile(&v, 0.95),
        percentile(&v, 0.99),
        v.last().copied().unwrap_or(f64::NAN),
    )
}

async fn stock(db: &Db, variants: &[i64]) -> anyhow::Result<Vec<(i64, i64, i64)>> {
    let mut out = Vec::new();
    for v in variants {
        let (on_hand, reserved): (i64, i64) = db
            .one(
                "SELECT CAST(on_hand AS BIGINT), CAST(reserved AS BIGINT) FROM inventory WHERE variant_id = $1",
                services::args![*v],
            )
            .await?;
        out.push((*v, on_hand, reserved));
    }
    Ok(out)
}

async fn sold(db: &Db, variant: i64) -> anyhow::Result<i64> {
    let (n,): (i64,) = db
        .one(
            "SELECT CAST(COALESCE(SUM(oi.quantity), 0) AS BIGINT) FROM order_items oi
               JOIN orders o ON o.id = oi.order_id
              WHERE oi.variant_id = $1 AND o.status = 'CONFIRMED'",
            services::args![variant],
        )
        .await?;
    Ok(n)
}

/// Checks the books for `variants` against the stock `before`; returns the problems.
async fn audit(db: &Db, before: &[(i64, i64, i64)]) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let ids: Vec<i64> = before.iter().map(|b| b.0).collect();
    let now = stock(db, &ids).await?;
    for ((v, on_hand_before, sold_before), (_, on_hand, reserved)) in before.iter().zip(now) {
        let sold_now = sold(db, *v).await? - sold_before;
        if on_hand != on_hand_before - sold_now {
            problems.push(format!(
                "variant {v}: stock {on_hand_before} − {sold_now} sold ≠ {on_hand} on hand"
            ));
        }
        if on_hand < 0 || reserved != 0 {
            problems.push(format!(
                "variant {v}: on hand {on_hand}, reserved {reserved}"
            ));
        }
    }
    Ok(problems)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let db = server::db::connect(&a.database_url, 4).await?;
    let Stocked { pool, last, before } = stock_up(&db, &a).await?;
    // Phase 1: throughput.
    let phase1 = throughput(&a, pool).await?;
    report_throughput(&a, &phase1.samples);
    // Phase 2: the last units, all at once.
    let race = race_for_last(&a, last, phase1.started + 1_000_000).await?;
    println!(
        "{}: last {} units, {} shoppers at once: {} orders, {} told sold out, {} other answers {:?}",
        a.label,
        a.last,
        a.racers,
        race.placed,
        race.sold_out,
        race.other.len(),
        race.other.iter().take(3).collect::<Vec<_>>()
    );
    check_books(&db, &a, &before, race.placed).await
}

/// The product options a run uses, and the books before it.
struct Stocked {
    /// 20 options with ample stock, for throughput.
    pool: Vec<i64>,
    /// The option left with `--last` units.
    last: i64,
    /// (option, on hand, units in CONFIRMED orders) for every option used.
    before: Vec<(i64, i64, i64)>,
}

/// Picks the product options, stocks them (20 plentifully, one with `--last` units) and notes
/// the books before the run.
async fn stock_up(db: &Db, a: &Args) -> anyhow::Result<Stocked> {
    // 21 physical product options that sell for under the order maximum: 20 for throughput,
    // one for the last units.
    let picked: Vec<(i64,)> = db
        .all(
            "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
               JOIN inventory i ON i.variant_id = v.id
              WHERE v.is_active AND p.is_active AND v.track_inventory AND p.kind = 'PHYSICAL'
                AND v.price_amount BETWEEN 1000 AND 20000
              ORDER BY v.id LIMIT 21",
            services::args![],
        )
        .await?;
    if picked.len() < 21 {
        bail!("the shop needs 21 physical product options (load the demo catalogue)");
    }
    let ids: Vec<i64> = picked.iter().map(|p| p.0).collect();
    let (pool, last) = (ids[..20].to_vec(), ids[20]);
    for v in &pool {
        db.exec(
            "UPDATE inventory SET on_hand = 1000000 WHERE variant_id = $1",
            services::args![*v],
        )
        .await?;
    }
    db.exec(
        "UPDATE inventory SET on_hand = $1 WHERE variant_id = $2",
        services::args![a.last as i32, last],
    )
    .await?;
    let mut before = Vec::new();
    for (v, on_hand, _) in stock(db, &ids).await? {
        before.push((v, on_hand, sold(db, v).await?));
    }
    Ok(Stocked { pool, last, before })
}

/// What the throughput phase measured.
struct Throughput {
    /// Order calls started after the warm-up.
    samples: Vec<Sample>,
    /// Shoppers started in all (each numbered from 0).
    started: usize,
}

/// Phase 1: `--shoppers` closed-loop shoppers, each order a new shopper buying one unit of an
/// option from `pool`, for `--warmup` then `--seconds` seconds.
async fn throughput(a: &Args, pool: Vec<i64>) -> anyhow::Result<Throughput> {
    let pool = Arc::new(pool);
    let start = Instant::now();
    let measure_from = start + Duration::from_secs_f64(a.warmup);
    let end = measure_from + Duration::from_secs_f64(a.seconds);
    let counter = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for s in 0..a.shoppers {
        let (url, pool, counter) = (a.url.clone(), pool.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            loop {
                let began = Instant::now();
                if began >= end {
                    break;
                }
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let variant = pool[(s + n) % pool.len()];
                let sample = buy(&url, variant, n).await;
                if began >= measure_from {
                    samples.push(sample.unwrap_or(Sample {
                        client_ms: 0.0,
                        server_ms: None,
                        status: 0,
                    }));
                }
            }
            samples
        }));
    }
    let mut samples = Vec::new();
    for t in tasks {
        samples.extend(t.await?);
    }
    Ok(Throughput {
        samples,
        started: counter.load(std::sync::atomic::Ordering::Relaxed),
    })
}

/// Prints phase 1 as a Markdown table: orders/s and the order call's latency percentiles.
fn report_throughput(a: &Args, samples: &[Sample]) {
    let ok: Vec<&Sample> = samples.iter().filter(|s| s.status == 201).collect();
    let failed = samples.len() - ok.len();
    let rate = ok.len() as f64 / a.seconds;
    println!(
        "| {} | shoppers | orders/s | p50 ms | p95 ms | p99 ms | max ms |",
        a.label
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    println!(
        "{}",
        row(
            &a.label,
            &format!("{} concurrent, order call, client", a.shoppers),
            ok.iter().map(|s| s.client_ms).collect(),
            rate
        )
    );
    println!(
        "{}",
        row(
            &a.label,
            &format!("{} concurrent, order call, server-side", a.shoppers),
            ok.iter().filter_map(|s| s.server_ms).collect(),
            rate
        )
    );
    println!(
        "{}: {} orders placed in {:.0} s measured, {failed} not placed",
        a.label,
        ok.len(),
        a.seconds
    );
}

/// How the race for the last units went.
struct Race {
    /// Orders placed.
    placed: i64,
    /// Shoppers told the option is sold out.
    sold_out: usize,
    /// Any other answer or error.
    other: Vec<String>,
}

/// Phase 2: `--racers` shoppers each put one of the `last` option's units in a cart, then all
/// order at the same moment (shopper numbers from `base`).
async fn race_for_last(a: &Args, last: i64, base: usize) -> anyhow::Result<Race> {
    let gate = Arc::new(tokio::sync::Barrier::new(a.racers));
    let mut racers = Vec::new();
    for r in 0..a.racers {
        racers.push(tokio::spawn(race_once(
            a.url.clone(),
            last,
            base + r,
            gate.clone(),
        )));
    }
    let mut race = Race {
        placed: 0,
        sold_out: 0,
        other: Vec::new(),
    };
    for r in racers {
        match r.await? {
            Ok(201) => race.placed += 1,
            Ok(409) => race.sold_out += 1,
            Ok(s) => race.other.push(s.to_string()),
            Err(e) => race.other.push(e.to_string()),
        }
    }
    Ok(race)
}

/// One racer, shopper `n`: adds a unit of `last` to a new cart, waits at `gate` for the
/// others, then orders; the status of the order call (or of the refused cart addition).
async fn race_once(
    url: String,
    last: i64,
    n: usize,
    gate: Arc<tokio::sync::Barrier>,
) -> anyhow::Result<u16> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(120))
        .build()?;
    let add = client
        .post(format!("{url}/api/cart/items"))
        .json(&json!({"variant_id": last, "quantity": 1}))
        .send()
        .await?;
    let added = add.status().as_u16();
    let _ = add.bytes().await;
    gate.wait().await;
    if added != 200 {
        return Ok(added);
    }
    let res = client
        .post(format!("{url}/api/orders"))
        .header("Idempotency-Key", format!("race-{n}"))
        .json(&order_body(n))
        .send()
        .await?;
    Ok(res.status().as_u16())
}

/// Checks the books against `before` and the race's `placed` orders against `--last`; prints
/// the verdict and fails when any check did.
async fn check_books(
    db: &Db,
    a: &Args,
    before: &[(i64, i64, i64)],
    placed: i64,
) -> anyhow::Result<()> {
    let mut problems = audit(db, before).await?;
    if placed != a.last {
        problems.push(format!("{placed} orders for {} last units", a.last));
    }
    if problems.is_empty() {
        println!(
            "{}: oversell check passed: 0 oversold, 0 left reserved, stock = before − sold for all {} product options",
            a.label,
            before.len()
        );
        Ok(())
    } else {
        for p in &problems {
            println!("{}: OVERSELL CHECK FAILED: {p}", a.label);
        }
        bail!("{} problems", problems.len())
    }
}
