//! `GET /metrics` in the Prometheus text format: requests and latency by route, requests in
//! flight and refused for overload, the database pool, job runs of this instance, and (from the
//! database, so the same on every instance) orders and outbox mails by status.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Latency histogram bounds, seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// This instance's request counters.
#[derive(Default)]
pub struct Metrics {
    /// (method, route, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// route → latency.
    latency: Mutex<BTreeMap<String, Histogram>>,
    pub in_flight: AtomicU64,
    pub rejected: AtomicU64,
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, secs: f64) {
        let mut r = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *r.entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        drop(r);
        let mut l = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        let h = l.entry(route.to_string()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
        h.sum += secs;
        h.count += 1;
    }
}

/// Middleware: counts and times every request by its route pattern (not the raw path, so the
/// number of series stays small); unmatched paths (static files, 404s) count as `other`.
pub async fn track(State(m): State<Arc<Metrics>>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    // Only the standard methods get a series of their own: a client inventing methods must not
    // grow the label set without bound.
    let method = match req.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
        _ => "OTHER",
    }
    .to_string();
    let started = Instant::now();
    let res = next.run(req).await;
    m.record(
        &method,
        &route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// Who may read `/metrics`.
#[derive(Clone)]
pub struct MetricsState {
    pub metrics: Arc<Metrics>,
    pub db: services::db::Db,
    pub runner: crate::jobs::Runner,
    pub access: Access,
    /// The database figures, reused for 10 s (scrapes never load the database much).
    pub db_cache: Arc<Mutex<Option<(Instant, String)>>>,
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Who may read `/metrics` where it is served.
#[derive(Clone, Debug)]
pub enum Access {
    /// Anyone (development, or the separate private `METRICS_ADDR` listener).
    Open,
    /// Holders of `METRICS_TOKEN` as a bearer token.
    Token(crate::config::Secret),
    /// Nobody: not served here (production without a token).
    Hidden,
}

impl Access {
    /// The shop's own listener: token if set; else open, except in production (hidden), or
    /// when a separate `METRICS_ADDR` serves it.
    pub fn for_shop(config: &crate::config::Config) -> Access {
        match (
            &config.metrics.token,
            config.metrics.addr,
            config.is_production(),
        ) {
            (Some(token), _, _) => Access::Token(token.clone()),
            (None, Some(_), _) | (None, None, true) => Access::Hidden,
            (None, None, false) => Access::Open,
        }
    }
}

/// Equal, in time that depends only on the lengths of the digests (both SHA-256).
fn same_secret(given: &str, expected: &str) -> bool {
    use sha2::{Digest, Sha256};
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(expected.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// `GET /metrics`.
pub async fn metrics(State(s): State<MetricsState>, headers: HeaderMap) -> Response {
    match &s.access {
        Access::Open => {}
        Access::Hidden => return StatusCode::NOT_FOUND.into_response(),
        Access::Token(token) => {
            let given = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            if !same_secret(given, token.expose()) {
                return (StatusCode::UNAUTHORIZED, "metrics need the bearer token").into_response();
            }
        }
    }
    let mut out = String::new();
    let m = &s.metrics;
    out.push_str("# HELP storefront_http_requests_total HTTP requests by method, route and status.\n# TYPE storefront_http_requests_total counter\n");
    for ((method, route, status), n) in m.requests.lock().unwrap_or_else(|e| e.into_inner()).iter()
    {
        let _ = writeln!(
            out,
            "storefront_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
            label(method),
            label(route)
        );
    }
    out.push_str("# HELP storefront_http_request_duration_seconds Request latency by route.\n# TYPE storefront_http_request_duration_seconds histogram\n");
    for (route, h) in m.latency.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        let route = label(route);
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "storefront_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                h.counts[i]
            );
        }
        let _ = writeln!(
            out,
            "storefront_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\nstorefront_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\nstorefront_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            h.count, h.sum, h.count
        );
    }
    let _ = writeln!(
        out,
        "# HELP storefront_http_in_flight Requests being served.\n# TYPE storefront_http_in_flight gauge\nstorefront_http_in_flight {}\n# HELP storefront_http_rejected_total Requests refused with 503 because too many were in flight.\n# TYPE storefront_http_rejected_total counter\nstorefront_http_rejected_total {}",
        m.in_flight.load(Ordering::Relaxed),
        m.rejected.load(Ordering::Relaxed)
    );
    let (size, idle, max) = s.db.pool_stats();
    let _ = writeln!(
        out,
        "# HELP storefront_db_pool_connections Database connections by state.\n# TYPE storefront_db_pool_connections gauge\nstorefront_db_pool_connections{{state=\"in_use\"}} {}\nstorefront_db_pool_connections{{state=\"idle\"}} {idle}\n# HELP storefront_db_pool_max Most connections the pool opens.\n# TYPE storefront_db_pool_max gauge\nstorefront_db_pool_max {max}",
        (size as usize).saturating_sub(idle)
    );
    out.push_str("# HELP storefront_job_runs_total Job runs on this instance.\n# TYPE storefront_job_runs_total counter\n");
    let jobs = s
        .runner
        .counters
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    for (name, c) in &jobs {
        let _ = writeln!(
            out,
            "storefront_job_runs_total{{job=\"{name}\"}} {}",
            c.runs.load(Ordering::Relaxed)
        );
    }
    out.push_str("# HELP storefront_job_failures_total Failed job runs on this instance.\n# TYPE storefront_job_failures_total counter\n");
    for (name, c) in &jobs {
        let _ = writeln!(
            out,
            "storefront_job_failures_total{{job=\"{name}\"}} {}",
            c.failures.load(Ordering::Relaxed)
        );
    }
    out.push_str("# HELP storefront_job_items_total Things jobs handled on this instance (mails sent, carts swept, …).\n# TYPE storefront_job_items_total counter\n");
    for (name, c) in &jobs {
        let _ = writeln!(
            out,
            "storefront_job_items_total{{job=\"{name}\"}} {}",
            c.items.load(Ordering::Relaxed)
        );
    }
    out.push_str(&db_figures(&s).await);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

/// Orders and outbox mails by status, from the database (cached 10 s).
async fn db_figures(s: &MetricsState) -> String {
    if let Some((at, text)) = s
        .db_cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        && at.elapsed() < std::time::Duration::from_secs(10)
    {
        return text.clone();
    }
    let mut out = String::new();
    for (metric, help, table) in [
        (
            "storefront_orders",
            "Orders by status (whole shop).",
            "orders",
        ),
        (
            "storefront_outbox_mails",
            "Outbox mails by status (whole shop).",
            "outbox",
        ),
    ] {
        let rows: Result<Vec<(String, i64)>, _> =
            s.db.all(
                &format!("SELECT status, COUNT(*) FROM {table} GROUP BY status ORDER BY status"),
                vec![],
            )
            .await;
        let _ = writeln!(out, "# HELP {metric} {help}\n# TYPE {metric} gauge");
        match rows {
            Ok(rows) => {
                for (status, n) in rows {
                    let _ = writeln!(out, "{metric}{{status=\"{}\"}} {n}", label(&status));
                }
            }
            Err(e) => tracing::warn!(error = %e, "metrics: counting {table} failed"),
        }
    }
    *s.db_cache.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), out.clone()));
    out
}

#[cfg(test)]
mod secret_tests {
    #[test]
    fn tokens_compare_by_value() {
        assert!(super::same_secret("s3cret", "s3cret"));
        assert!(!super::same_secret("s3cret", "s3creT"));
        assert!(!super::same_secret("", "s3cret"));
    }
}
