//! `GET /downloads/{token}`: a digital product's file, through its counted, expiring link
//! (`services::learning::downloads`).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use services::state::AppState;

pub async fn download(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    match services::learning::downloads::take(&state.db, &token).await {
        Ok(file) => {
            let disposition = format!(
                "attachment; filename=\"{}\"",
                file.file_name.replace(['"', '\\', '\r', '\n'], "_")
            );
            let mut res = (StatusCode::OK, file.content).into_response();
            let h = res.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&file.content_type) {
                h.insert(header::CONTENT_TYPE, v);
            }
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            res
        }
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, [(header::CACHE_CONTROL, "no-store")], e.to_string()).into_response()
        }
    }
}
