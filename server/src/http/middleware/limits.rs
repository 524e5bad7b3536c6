//! Limits that keep an instance responsive: at most `MAX_IN_FLIGHT` requests at once (503 +
//! `Retry-After` beyond, never a queue) and `REQUEST_BODY_LIMIT_KB` per request body (413).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::metrics::Metrics;

/// Middleware: at most `limit` requests at once; beyond that a 503 with `Retry-After` right
/// away instead of an ever-growing queue. Every 503 (this one, a database pool exhausted, a
/// request timeout) carries `Retry-After`. Probes and `/metrics` are never refused.
pub async fn shed_load(
    State((m, gate)): State<(Arc<Metrics>, Arc<tokio::sync::Semaphore>)>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let exempt = matches!(path, "/healthz" | "/readyz" | "/metrics");
    let permit = match gate.clone().try_acquire_owned() {
        Ok(p) => Some(p),
        Err(_) if exempt => None,
        Err(_) => {
            m.rejected.fetch_add(1, Ordering::Relaxed);
            tracing::warn!(path, "overloaded: request refused with 503");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
                axum::Json(serde_json::json!({
                    "error": {"status": 503, "message": "The shop is very busy right now. Please try again in a moment."}
                })),
            )
                .into_response();
        }
    };
    m.in_flight.fetch_add(1, Ordering::Relaxed);
    let mut res = next.run(req).await;
    m.in_flight.fetch_sub(1, Ordering::Relaxed);
    drop(permit);
    if res.status() == StatusCode::SERVICE_UNAVAILABLE
        && !res.headers().contains_key(header::RETRY_AFTER)
    {
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    }
    res
}

/// Routes that take big uploads and set their own limit.
const OWN_LIMIT: [&str; 2] = ["/admin/import/products", "/api/products/{id}/images"];

/// Middleware: refuses request bodies over `limit` bytes with 413 (by `Content-Length`, and by
/// counting for bodies sent without one).
pub async fn limit_body(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let own = req
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|p| OWN_LIMIT.contains(&p.as_str()));
    if own {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::Json(serde_json::json!({
                "error": {"status": 413, "message": format!("The request is too large (the limit is {} KB).", limit / 1024)}
            })),
        )
            .into_response();
    }
    let req = req.map(|b| axum::body::Body::new(http_body_util::Limited::new(b, limit)));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    #[tokio::test]
    async fn overload_gets_503_with_retry_after_instead_of_a_queue() {
        let metrics = Arc::new(Metrics::default());
        let gate = Arc::new(tokio::sync::Semaphore::new(1));
        let release = Arc::new(tokio::sync::Notify::new());
        let r = release.clone();
        let app = Router::new()
            .route(
                "/slow",
                get(move || {
                    let r = r.clone();
                    async move {
                        r.notified().await;
                        "done"
                    }
                }),
            )
            .route("/healthz", get(|| async { "ok" }))
            .layer(axum::middleware::from_fn_with_state(
                (metrics.clone(), gate.clone()),
                shed_load,
            ));
        let slow = tokio::spawn(
            app.clone()
                .oneshot(Request::get("/slow").body(Body::empty()).unwrap()),
        );
        while gate.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let refused = app
            .clone()
            .oneshot(Request::get("/slow").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.headers()[header::RETRY_AFTER], "1");
        let probe = app
            .clone()
            .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(probe.status(), StatusCode::OK, "probes still answer");
        release.notify_one();
        assert_eq!(slow.await.unwrap().unwrap().status(), StatusCode::OK);
        assert_eq!(metrics.rejected.load(Ordering::Relaxed), 1);
        let again = app
            .oneshot(Request::get("/healthz").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::OK);
    }
}
