//! Back-office routes that are not server functions: uploaded media under `/media`, CSV
//! export (`/admin/export/products.csv`, `/admin/export/orders.csv`) and the CSV import
//! form's upload (`POST /admin/import/products`). Staff only, checked here.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use services::orders::Actor;
use services::state::AppState;
use shared::account::Flash;
use shared::errors::AppError;
use tower_http::services::ServeDir;
use tower_sessions::Session;

use super::api::ApiError;
use super::middleware::staff_guard::staff;

/// The routes, with `/media` served from the configured media directory.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/admin/export/products.csv", get(export_products))
        .route("/admin/export/orders.csv", get(export_orders))
        .route(
            "/admin/import/products",
            post(import_products).layer(DefaultBodyLimit::max(
                services::back_office::csv_products::MAX_IMPORT_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/api/products/{id}/images",
            post(super::api::product_admin::upload_image).layer(DefaultBodyLimit::max(
                services::back_office::MAX_IMAGE_BYTES + 64 * 1024,
            )),
        )
        .nest_service("/media", ServeDir::new(&state.site.media_dir))
}

/// True when a browser posted a plain HTML form (answer with a redirect, not JSON).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

fn csv_download(name: &str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn export_products(
    State(state): State<AppState>,
    session: Session,
) -> Result<Response, ApiError> {
    staff(&state, &session).await?;
    let body = services::back_office::export_products(&state.db).await?;
    Ok(csv_download("products.csv", body))
}

#[derive(Deserialize)]
struct Range {
    from: Option<String>,
    to: Option<String>,
}

async fn export_orders(
    State(state): State<AppState>,
    session: Session,
    Query(range): Query<Range>,
) -> Result<Response, ApiError> {
    staff(&state, &session).await?;
    let body =
        services::back_office::export_orders(&state.db, range.from.as_deref(), range.to.as_deref())
            .await?;
    Ok(csv_download("orders.csv", body))
}

/// Reads a multipart upload: the file field's bytes and the other fields' text.
pub async fn read_upload(
    mut form: Multipart,
    file_field: &str,
) -> Result<(Vec<u8>, Vec<(String, String)>), AppError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::invalid(file_field, "That file is too large.")
        } else {
            AppError::bad(format!("The upload could not be read: {}", e.body_text()))
        }
    };
    let mut file = Vec::new();
    let mut fields = Vec::new();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == file_field {
            file = field.bytes().await.map_err(bad)?.to_vec();
        } else {
            let text = field.text().await.map_err(bad)?;
            fields.push((name, text));
        }
    }
    Ok((file, fields))
}

/// The import form's upload. A browser gets a page that shows progress as rows are checked
/// (streamed, so it works without JavaScript) and then goes on to `/admin/import`, where the
/// report is shown; other clients get the report as JSON.
async fn import_products(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    let user = staff(&state, &session).await?;
    let read = async {
        let form = form.map_err(|e| {
            AppError::bad(format!("Send the file as a form upload: {}", e.body_text()))
        })?;
        let (file, fields) = read_upload(form, "file").await?;
        if file.is_empty() {
            return Err(AppError::invalid("file", "Choose a CSV file to import."));
        }
        let text = String::from_utf8(file).map_err(|_| {
            AppError::invalid("file", "The file is not UTF-8 text (save it as CSV UTF-8).")
        })?;
        let dry_run = fields
            .iter()
            .any(|(k, v)| k == "dry_run" && !matches!(v.as_str(), "" | "false" | "0" | "no"));
        Ok((text, dry_run))
    }
    .await;
    let actor = Actor::staff(&user);
    if !wants_html(&headers) {
        let (text, dry_run) = read?;
        return Ok(axum::Json(
            services::back_office::import_products(&state.db, &text, dry_run, &actor).await?,
        )
        .into_response());
    }
    let (text, dry_run) = match read {
        Ok(v) => v,
        Err(e) => {
            services::session::set_flash(&session, Flash::error(e.to_string())).await?;
            return Ok(Redirect::to("/admin/import").into_response());
        }
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<String>(64);
    let _ = tx
        .send(format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Importing…</title></head>\
             <body style=\"font-family:sans-serif;margin:2rem\"><!-- {} --><h1>Importing products{}</h1>\n",
            " ".repeat(1024),
            if dry_run { " (dry run)" } else { "" }
        ))
        .await;
    tokio::spawn(async move {
        let progress_tx = tx.clone();
        let progress = move |done: u64, total: u64| {
            let _ = progress_tx.try_send(format!(
                "<p data-testid=\"import-progress\">Checked {done} of {total} rows…</p>\n"
            ));
        };
        let result = services::back_office::import_with_progress(
            &state.db, &text, dry_run, &actor, &progress,
        )
        .await;
        let stored = match result {
            Ok(report) => session
                .insert(shared::admin::IMPORT_REPORT_KEY, report)
                .await
                .map_err(|e| e.to_string()),
            Err(e) => session
                .insert(services::session::FLASH_KEY, Flash::error(e.to_string()))
                .await
                .map_err(|e| e.to_string()),
        };
        // The response has already started, so the session layer will not save it for us.
        if let Err(e) = stored {
            tracing::warn!(error = %e, "storing the import report failed");
        } else if let Err(e) = session.save().await {
            tracing::warn!(error = %e, "saving the session after an import failed");
        }
        let _ = tx
            .send(
                "<p>Done.</p><meta http-equiv=\"refresh\" content=\"0; url=/admin/import\">\
                 <p><a href=\"/admin/import\">See the report</a></p></body></html>\n"
                    .to_string(),
            )
            .await;
    });
    let stream = tokio_stream_from(rx);
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::HeaderName::from_static(NO_COMPRESS), "1"),
        ],
        axum::body::Body::from_stream(stream),
    )
        .into_response())
}

/// Responses carrying this header are streamed as they are produced (not compressed, which
/// would hold chunks back).
pub const NO_COMPRESS: &str = "x-stream-progress";

fn tokio_stream_from(
    rx: tokio::sync::mpsc::Receiver<String>,
) -> impl futures::Stream<Item = Result<String, std::convert::Infallible>> {
    futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (Ok(chunk), rx))
    })
}
