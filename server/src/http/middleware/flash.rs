//! One-time flash messages: a plain form post stores one in the session and redirects; the
//! next page request takes it out here (so it shows exactly once) and hands it to the page
//! through the request's extensions.

use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use services::session::FLASH_KEY;
use shared::account::Flash;
use tower_sessions::Session;

/// Middleware: moves the session's flash into the request of an HTML page view.
pub async fn take_flash(session: Session, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page_view = req.method() == Method::GET
        && !path.starts_with("/_fn/")
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("text/html"));
    if page_view {
        match session.remove::<Flash>(FLASH_KEY).await {
            Ok(Some(flash)) => {
                req.extensions_mut().insert(flash);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "reading the flash message failed"),
        }
    }
    next.run(req).await
}
