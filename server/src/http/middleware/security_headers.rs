//! Security headers on every response: `nosniff` (uploaded media included), a referrer policy
//! that keeps order keys in URLs on this site, no framing, HSTS when the shop is on https, and
//! a Content-Security-Policy — the page's own (with its nonce) for Leptos pages, a policy
//! without inline scripts for everything else.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use services::state::AppState;

/// Middleware: adds what the response does not set itself.
pub async fn add(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let stripe = matches!(
        state.gateway_info,
        shared::checkout::GatewayInfo::Stripe { .. }
    );
    let h = res.headers_mut();
    h.entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(v) = HeaderValue::from_str(&app::security::content_security_policy(None, stripe))
    {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    if state.site.base_url.starts_with("https://") {
        h.entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(
                "max-age=31536000; includeSubDomains",
            ));
    }
    res
}
