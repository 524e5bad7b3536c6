//! The staff guard. The middleware refuses every back-office server function (`/_fn/admin/…`)
//! to a session that is not staff, before its arguments are even decoded: 401 when signed
//! out, 403 for a shopper. Each function checks the role again itself; this layer makes the
//! rule hold for every one, including functions added later, and lets a test enumerate them.
//! [`staff`] is the same check for the staff-only JSON routes, CSV and uploads. Both call
//! `services::session::require_staff`, the one place the rule is written.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use services::state::AppState;
use shared::account::CurrentUser;
use tower_sessions::Session;

use crate::http::api::ApiError;

/// The URL prefix of the back office's server functions.
pub const ADMIN_FN_PREFIX: &str = "/_fn/admin/";

fn refuse(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({"error": {"status": status.as_u16(), "message": message}})),
    )
        .into_response()
}

pub async fn staff_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with(ADMIN_FN_PREFIX) {
        return next.run(req).await;
    }
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "No session layer.");
    };
    let settings = state.settings.get();
    match services::session::require_staff(&state.db, &session, &settings).await {
        Ok(_) => next.run(req).await,
        Err(e) => refuse(
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &e.to_string(),
        ),
    }
}

/// The signed-in staff member for a staff-only route: 401 when signed out, 403 for a shopper.
pub async fn staff(state: &AppState, session: &Session) -> Result<CurrentUser, ApiError> {
    Ok(services::session::require_staff(&state.db, session, &state.settings.get()).await?)
}
