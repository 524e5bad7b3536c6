//! Cross-site request forgery defence: every state-changing request (anything but GET, HEAD,
//! OPTIONS) coming from a browser must come from this site. Browsers say where a request
//! comes from in `Sec-Fetch-Site` (modern ones) and `Origin`; requests with neither come from
//! non-browser clients, which cannot carry a victim's cookies, and pass. Together with
//! SameSite=Lax cookies and POST-only server functions this covers forms and scripts alike.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use services::state::SiteInfo;

/// Middleware: 403 for cross-site state-changing requests.
pub async fn reject_cross_site(
    State(site): State<Arc<SiteInfo>>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || is_same_site(req.headers(), &site.base_url)
    {
        return next.run(req).await;
    }
    tracing::warn!(
        method = %req.method(),
        path = req.uri().path(),
        origin = ?req.headers().get(header::ORIGIN),
        "refused cross-site request"
    );
    (
        StatusCode::FORBIDDEN,
        axum::Json(serde_json::json!({
            "error": {"status": 403, "message": "This request came from another site and was refused. Reload the page and try again."}
        })),
    )
        .into_response()
}

fn is_same_site(headers: &HeaderMap, base_url: &str) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match get("origin") {
        None => true,
        Some(origin) => {
            let origin = origin.trim_end_matches('/');
            origin.eq_ignore_ascii_case(base_url.trim_end_matches('/'))
                || get("host").is_some_and(|host| {
                    origin
                        .split_once("://")
                        .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn decides_by_fetch_metadata_then_origin() {
        let base = "http://127.0.0.1:3000";
        assert!(is_same_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            base
        ));
        assert!(!is_same_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            base
        ));
        assert!(!is_same_site(
            &headers(&[("sec-fetch-site", "same-site")]),
            base
        ));
        assert!(is_same_site(
            &headers(&[("origin", "http://127.0.0.1:3000")]),
            base
        ));
        assert!(is_same_site(
            &headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]),
            base
        ));
        assert!(!is_same_site(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:3000")
            ]),
            base
        ));
        assert!(!is_same_site(&headers(&[("origin", "null")]), base));
        assert!(is_same_site(&headers(&[]), base));
    }
}
