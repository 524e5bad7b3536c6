//! The shopper events server functions record: who the browser is (the visitor cookie).

/// In a server function or page: this browser's visitor id, set as a cookie on the response
/// when it has none yet.
pub fn request_visitor(secure: bool) -> Option<String> {
    use leptos::prelude::use_context;
    let parts = use_context::<axum::http::request::Parts>()?;
    if let Some(id) = services::analytics::visitor_from_headers(&parts.headers) {
        return Some(id);
    }
    let id = services::tokens::random_hex(16);
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(v) =
            axum::http::HeaderValue::from_str(&services::analytics::visitor_cookie(&id, secure))
    {
        resp.append_header(axum::http::header::SET_COOKIE, v);
    }
    Some(id)
}

/// In a server function: records `event` for this browser (and the signed-in user, if any).
pub fn record_here(state: &services::state::AppState, mut event: services::analytics::Event) {
    let secure = state.site.base_url.starts_with("https://");
    if event.visitor.is_none() {
        event.visitor = request_visitor(secure);
    }
    state.analytics.record(event);
}
