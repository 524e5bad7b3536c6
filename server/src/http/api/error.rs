use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

use shared::errors::AppError;

/// Every API error: `{"error": {"status": 400, "message": "…"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiErrorDetail {
    pub status: u16,
    pub message: String,
    /// The invalid field (422), e.g. `shippingAddress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// A stable reason code for a refused rule (409), e.g. `ALREADY_ENROLLED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A page that helps with a refused rule, e.g. the course already owned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// What is left of each short line (409 out of stock).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ApiShortage>,
}

/// A line that cannot be had in the quantity asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiShortage {
    pub variant_id: i64,
    pub name: String,
    pub requested: u32,
    pub available: u32,
}

#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ApiErrorBody {
            error: ApiErrorDetail {
                status: status.as_u16(),
                message: self.0.to_string(),
                field: match &self.0 {
                    AppError::Invalid { field, .. } => Some(field.clone()),
                    _ => None,
                },
                code: match &self.0 {
                    AppError::Refused { code, .. } => Some(code.clone()),
                    _ => None,
                },
                link: match &self.0 {
                    AppError::Refused { link, .. } => link.clone(),
                    _ => None,
                },
                items: match &self.0 {
                    AppError::OutOfStock { items, .. } => items
                        .iter()
                        .map(|s| ApiShortage {
                            variant_id: s.variant_id,
                            name: s.name.clone(),
                            requested: s.requested,
                            available: s.available,
                        })
                        .collect(),
                    _ => Vec::new(),
                },
            },
        };
        let mut res = (status, Json(body)).into_response();
        if let AppError::TooManyRequests { retry_after, .. } = &self.0
            && let Ok(v) = axum::http::HeaderValue::from_str(&retry_after.to_string())
        {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res
    }
}
