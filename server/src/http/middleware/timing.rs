//! `Server-Timing: app;dur=<ms>` on every response: the time from the request reaching the
//! router (after HTTP parsing) until the response head is ready — session load and save, CSRF
//! check, handler and database work, waits for a pool connection or the SQLite writer
//! included. Browsers' developer tools show it, and `cart-bench` reads it to report
//! server-side latency apart from the client's and the loopback's share. For streamed
//! responses (SSR pages) it covers the time to the first byte only.

use std::time::Instant;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// Middleware: adds the `Server-Timing` header.
pub async fn server_timing(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let mut res = next.run(req).await;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.3}")) {
        res.headers_mut().append("server-timing", v);
    }
    res
}

/// The `app` duration in milliseconds from a `Server-Timing` header value.
pub fn parse_app_duration(header: &str) -> Option<f64> {
    header.split(',').find_map(|metric| {
        let mut parts = metric.trim().split(';');
        (parts.next()? == "app")
            .then(|| parts.find_map(|p| p.trim().strip_prefix("dur=")?.parse().ok()))
            .flatten()
    })
}

/// The `p` quantile (0–1, nearest rank) of sorted samples; NaN when there are none. Used by
/// the load generators in `src/bin`.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::parse_app_duration;

    #[test]
    fn reads_the_app_metric() {
        assert_eq!(parse_app_duration("app;dur=1.250"), Some(1.25));
        assert_eq!(
            parse_app_duration("db;dur=3, app;desc=\"x\";dur=0.5"),
            Some(0.5)
        );
        assert_eq!(parse_app_duration("db;dur=3"), None);
        assert_eq!(parse_app_duration("app"), None);
    }
}
