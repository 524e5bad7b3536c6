//! Add-to-cart load generator: N shoppers (default 64), each with its own session cookie,
//! add products to their carts through `POST /api/cart/items` on a running shop and the
//! latencies are reported as p50/p95/p99 — seen by the client, and server-side as the shop
//! reports it in `Server-Timing: app;dur=…` (session load and save, database, waits included).
//!
//! Each shopper cycles through up to 20 in-stock product options, one unit at a time, so a
//! round inserts new lines and later rounds raise quantities; when every line holds 10 (the
//! per-line limit) the cart is cleared, untimed, and the cycle starts again.
//!
//! Closed loop by default (every shopper sends its next add as soon as the last one answered:
//! 64 requests always in flight, the shop's saturation point). With `--rate R` it is an open
//! loop instead: R adds per second in total on a fixed schedule, latency measured from the
//! scheduled send time so a slow answer is not hidden by the requests it delayed.
//!
//! `cargo run --release -p server --bin cart-bench -- --url http://127.0.0.1:3400 \
//!     [--sessions 64] [--seconds 20] [--warmup 3] [--rate R] [--label sqlite]`

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};
use server::http::middleware::timing::percentile;
use tokio::time::Instant;

struct Args {
    url: String,
    sessions: usize,
    seconds: f64,
    warmup: f64,
    rate: Option<f64>,
    label: String,
}

fn args() -> anyhow::Result<Args> {
    let mut a = Args {
        url: "http://127.0.0.1:3000".into(),
        sessions: 64,
        seconds: 20.0,
        warmup: 3.0,
        rate: None,
        label: "shop".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => a.url = value()?.trim_end_matches('/').to_string(),
            "--sessions" => a.sessions = value()?.parse().context("--sessions N")?,
            "--seconds" => a.seconds = value()?.parse().context("--seconds S")?,
            "--warmup" => a.warmup = value()?.parse().context("--warmup S")?,
            "--rate" => a.rate = Some(value()?.parse().context("--rate R")?),
            "--label" => a.label = value()?,
            other => bail!("unknown argument {other:?}"),
        }
    }
    if a.sessions == 0 || a.seconds <= 0.0 || a.rate.is_some_and(|r| r <= 0.0) {
        bail!("--sessions, --seconds and --rate must be positive");
    }
    Ok(a)
}

/// Up to 20 product options with at least 10 available (or untracked stock).
async fn variants(url: &str) -> anyhow::Result<Vec<i64>> {
    let client = reqwest::Client::new();
    let list: Value = client
        .get(format!("{url}/api/products?in_stock=true&per_page=96"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut out = Vec::new();
    for p in list["products"].as_array().context("no products array")? {
        let id = p["id"].as_i64().context("product id")?;
        let detail: Value = client
            .get(format!("{url}/api/products/{id}"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        for v in detail["variants"].as_array().into_iter().flatten() {
            let enough = v["available"].as_i64().is_none_or(|n| n >= 10);
            if enough && out.len() < 20 {
                out.push(v["id"].as_i64().context("variant id")?);
            }
        }
        if out.len() >= 20 {
            break;
        }
    }
    if out.is_empty() {
        bail!("no product option with 10 or more in stock at {url}");
    }
    Ok(out)
}

struct Sample {
    client_ms: f64,
    server_ms: Option<f64>,
    status: u16,
}

struct Shopper {
    client: reqwest::Client,
    url: String,
}

impl Shopper {
    fn new(url: &str) -> anyhow::Result<Shopper> {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(60))
            .build()?;
        Ok(Shopper {
            client,
            url: url.to_string(),
        })
    }

    async fn add(&self, variant_id: i64) -> (u16, Option<f64>) {
        let res = self
            .client
            .post(format!("{}/api/cart/items", self.url))
            .json(&json!({"variant_id": variant_id, "quantity": 1}))
            .send()
            .await;
        match res {
            Ok(res) => {
                let status = res.status().as_u16();
                let server = res
                    .headers()
                    .get("server-timing")
                    .and_then(|v| v.to_str().ok())
                    .and_then(server::http::middleware::timing::parse_app_duration);
                let _ = res.bytes().await;
                (status, server)
            }
            Err(_) => (0, None),
        }
    }

    async fn clear(&self) {
        let _ = self
            .client
            .post(format!("{}/api/cart/clear", self.url))
            .send()
            .await;
    }
}

/// One shopper's loop until `end`; samples sent at or after `measure_from` are kept.
async fn shop(
    shopper: Shopper,
    variants: Arc<Vec<i64>>,
    offset: usize,
    phase: f64,
    interval: Option<Duration>,
    measure_from: Instant,
    end: Instant,
) -> Vec<Sample> {
    let mut samples = Vec::new();
    let per_cycle = variants.len() * 10;
    let mut sent = 0usize;
    let start = Instant::now();
    // Spread the open-loop shoppers' schedules evenly over one interval.
    let mut next = interval.map(|i| start + i.mul_f64(phase));
    shopper.clear().await;
    loop {
        let scheduled = match (next, interval) {
            (Some(at), Some(i)) => {
                tokio::time::sleep_until(at).await;
                next = Some(at + i);
                at
            }
            _ => Instant::now(),
        };
        if scheduled >= end {
            break;
        }
        let variant = variants[(offset + sent) % variants.len()];
        let (status, server_ms) = shopper.add(variant).await;
        let client_ms = scheduled.elapsed().as_secs_f64() * 1000.0;
        if scheduled >= measure_from {
            samples.push(Sample {
                client_ms,
                server_ms,
                status,
            });
        }
        sent += 1;
        if sent.is_multiple_of(per_cycle) {
            shopper.clear().await;
        }
    }
    samples
}

fn row(label: &str, load: &str, mut v: Vec<f64>, throughput: f64) -> String {
    v.sort_by(f64::total_cmp);
    format!(
        "| {label} | {load} | {throughput:.0} | {:.2} | {:.2} | {:.2} | {:.2} |",
        percentile(&v, 0.50),
        percentile(&v, 0.95),
        percentile(&v, 0.99),
        v.last().copied().unwrap_or(f64::NAN),
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args()?;
    let variants = Arc::new(
        variants(&a.url)
            .await
            .with_context(|| format!("finding products at {}", a.url))?,
    );
    let interval = a
        .rate
        .map(|r| Duration::from_secs_f64(a.sessions as f64 / r));
    let start = Instant::now();
    let measure_from = start + Duration::from_secs_f64(a.warmup);
    let end = measure_from + Duration::from_secs_f64(a.seconds);
    let mut tasks = Vec::new();
    for i in 0..a.sessions {
        let shopper = Shopper::new(&a.url)?;
        tasks.push(tokio::spawn(shop(
            shopper,
            variants.clone(),
            i,
            i as f64 / a.sessions as f64,
            interval,
            measure_from,
            end,
        )));
    }
    let mut samples = Vec::new();
    for t in tasks {
        samples.extend(t.await.context("a shopper task failed")?);
    }
    let ok = samples.iter().filter(|s| s.status == 200).count();
    let mut statuses = BTreeMap::new();
    for s in &samples {
        *statuses.entry(s.status).or_insert(0usize) += 1;
    }
    let throughput = samples.len() as f64 / a.seconds;
    let load = match a.rate {
        Some(r) => format!("{} sessions, {r:.0} adds/s offered", a.sessions),
        None => format!("{} sessions, closed loop", a.sessions),
    };
    let client: Vec<f64> = samples.iter().map(|s| s.client_ms).collect();
    let server: Vec<f64> = samples.iter().filter_map(|s| s.server_ms).collect();
    println!(
        "{} adds in {:.0} s over {} product options; status counts {statuses:?}",
        samples.len(),
        a.seconds,
        variants.len()
    );
    println!("| database | load | adds/s | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    println!(
        "{}",
        row(
            &format!("{} (server-side)", a.label),
            &load,
            server,
            throughput
        )
    );
    println!(
        "{}",
        row(&format!("{} (client)", a.label), &load, client, throughput)
    );
    if ok != samples.len() {
        bail!("{} of {} adds failed", samples.len() - ok, samples.len());
    }
    Ok(())
}
