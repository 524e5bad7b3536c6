//! After checkout: `GET /api/orders` (your orders), `GET /api/orders/{number}`,
//! `POST /api/orders/{number}/cancel`, and for staff `PUT /api/orders/{number}/status` and
//! `POST /api/orders/{number}/refunds`. The same services and state machine as the admin
//! pages: a move the machine does not allow is a 409 with the reason.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use services::orders::{Actor, FulfilRequest, OrderAction, RefundRequest, apply_staff_action};
use services::state::AppState;
use shared::account::CurrentUser;
use shared::errors::AppError;
use tower_sessions::Session;

use super::ApiError;
use super::bodies::optional_fields;
use super::error::ApiErrorBody;
use super::order_bodies::{CancelBody, RefundBody, StatusBody};
use super::order_dto::{ApiOrderDetail, ApiOrderSummary};
use crate::http::middleware::staff_guard::staff;

async fn signed_in(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, ApiError> {
    Ok(services::session::current_user(&state.db, session, &state.settings.get()).await?)
}

async fn detail(state: &AppState, number: &str) -> Result<Json<ApiOrderDetail>, ApiError> {
    let (view, _) = services::checkout::load_order(&state.db, number)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("There is no order {number}.")))?;
    let mut view = services::orders::with_lifecycle(&state.db, view).await?;
    view.access_key = None;
    Ok(Json(view.into()))
}

/// Your orders, newest first (sign in first).
#[utoipa::path(get, path = "/api/orders", tag = "orders",
    responses(
        (status = 200, description = "Your orders", body = Vec<ApiOrderSummary>),
        (status = 401, description = "Not signed in", body = ApiErrorBody)))]
pub async fn my_orders(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<ApiOrderSummary>>, ApiError> {
    let user = signed_in(&state, &session)
        .await?
        .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()))?;
    let rows = services::account::orders::list(&state.db, user.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|o| ApiOrderSummary {
                url: format!("/orders/{}", o.number),
                number: o.number,
                status: o.status,
                placed_at: o.placed_at,
                item_count: o.item_count,
                total: o.total.into(),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
pub struct KeyQuery {
    key: Option<String>,
}

/// An order with its timeline, shipments and refunds: yours, a guest's with `?key=` (the
/// secret from the confirmation link), or any for staff. Others get 404.
#[utoipa::path(get, path = "/api/orders/{number}", tag = "orders",
    params(("number" = String, Path, description = "e.g. LC-100042"),
           ("key" = Option<String>, Query, description = "The guest link's secret")),
    responses(
        (status = 200, description = "The order", body = ApiOrderDetail),
        (status = 404, description = "No such order (or not yours)", body = ApiErrorBody)))]
pub async fn get_order(
    State(state): State<AppState>,
    session: Session,
    Path(number): Path<String>,
    query: Result<Query<KeyQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ApiOrderDetail>, ApiError> {
    let Query(q) = query.map_err(|e| AppError::bad(e.body_text()))?;
    let user = signed_in(&state, &session).await?;
    let view = services::checkout::order_for_viewer(
        &state.db,
        number.trim(),
        user.as_ref().map(|u| u.id),
        user.as_ref().is_some_and(|u| u.is_staff()),
        q.key.as_deref().map(str::trim),
    )
    .await?;
    let view = services::orders::with_lifecycle(&state.db, view).await?;
    Ok(Json(view.into()))
}

/// Cancel an order that has not shipped: `{"reason"?, "key"?}`. Stock and coupon uses go
/// back; the payment is voided or refunded. Calling it again is safe (same answer).
#[utoipa::path(post, path = "/api/orders/{number}/cancel", tag = "orders",
    params(("number" = String, Path, description = "e.g. LC-100042")),
    request_body = CancelBody,
    responses(
        (status = 400, description = "Malformed request (not JSON, or not an object)", body = ApiErrorBody),
        (status = 200, description = "Cancelled (refund under `refunds`)", body = ApiOrderDetail),
        (status = 404, description = "No such order (or not yours)", body = ApiErrorBody),
        (status = 409, description = "Already shipped", body = ApiErrorBody),
        (status = 422, description = "A field of the wrong type, or a reason over 500 characters", body = ApiErrorBody),
        (status = 503, description = "Cancelled; the payment service did not answer and the refund will be retried", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(number = %number))]
pub async fn cancel(
    State(state): State<AppState>,
    session: Session,
    Path(number): Path<String>,
    body: Bytes,
) -> Result<Json<ApiOrderDetail>, ApiError> {
    let CancelBody { reason, key } = optional_fields(&body)?;
    let user = signed_in(&state, &session).await?;
    let is_staff = user.as_ref().is_some_and(|u| u.is_staff());
    services::checkout::order_for_viewer(
        &state.db,
        number.trim(),
        user.as_ref().map(|u| u.id),
        is_staff,
        key.as_deref().map(str::trim),
    )
    .await?;
    let actor = match &user {
        Some(u) if is_staff => Actor::staff(u),
        _ => Actor::customer(user.as_ref().map(|u| u.id)),
    };
    services::orders::cancel_order(
        &state.db,
        state.payments.as_ref(),
        number.trim(),
        &actor,
        reason.as_deref(),
    )
    .await?;
    detail(&state, number.trim()).await
}

/// Staff: move an order on: `{"status": "CONFIRMED" | "PROCESSING" | "SHIPPED" | "DELIVERED"
/// | "CANCELLED" | "REFUNDED", "carrier"?, "trackingNumber"?, "reason"?}`. SHIPPED ships
/// everything not yet shipped (carrier and tracking number required); REFUNDED refunds what
/// is left of the payment.
#[utoipa::path(put, path = "/api/orders/{number}/status", tag = "orders",
    params(("number" = String, Path, description = "e.g. LC-100042")),
    request_body = StatusBody,
    responses(
        (status = 400, description = "Malformed request (not JSON, or not an object)", body = ApiErrorBody),
        (status = 200, description = "The order after the move", body = ApiOrderDetail),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such order", body = ApiErrorBody),
        (status = 409, description = "The state machine does not allow it (reason given)", body = ApiErrorBody),
        (status = 422, description = "Unknown status or a bad field", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(number = %number))]
pub async fn set_status(
    State(state): State<AppState>,
    session: Session,
    Path(number): Path<String>,
    body: Bytes,
) -> Result<Json<ApiOrderDetail>, ApiError> {
    let user = staff(&state, &session).await?;
    let actor = Actor::staff(&user);
    let body: StatusBody = optional_fields(&body)?;
    let status = body
        .status
        .ok_or_else(|| AppError::invalid("status", "`status` is required."))?;
    let ship = FulfilRequest {
        carrier: body.carrier.unwrap_or_default(),
        tracking_number: body.tracking_number.unwrap_or_default(),
        lines: None,
    };
    let action = OrderAction::to_status(&status, ship, body.reason)?;
    let number = number.trim();
    apply_staff_action(&state.db, state.payments.as_ref(), number, &action, &actor).await?;
    detail(&state, number).await
}

/// Staff: refund part of an order: `{"amount"?: minor units, "lines"?: [{orderItemId,
/// quantity}], "reason"?}` (neither amount nor lines: everything left). Never more than was
/// captured. Send an `Idempotency-Key` header to make a retry refund once.
#[utoipa::path(post, path = "/api/orders/{number}/refunds", tag = "orders",
    params(("number" = String, Path, description = "e.g. LC-100042"),
           ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = RefundBody,
    responses(
        (status = 400, description = "Malformed request (not JSON, or not an object)", body = ApiErrorBody),
        (status = 401, description = "Signed out", body = ApiErrorBody),
        (status = 201, description = "Refunded; the order after it", body = ApiOrderDetail),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such order", body = ApiErrorBody),
        (status = 409, description = "Nothing captured to refund", body = ApiErrorBody),
        (status = 422, description = "More than is left to refund, or bad lines", body = ApiErrorBody),
        (status = 503, description = "Recorded; the payment service did not answer and it will be retried", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(number = %number))]
pub async fn refund(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(number): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<ApiOrderDetail>), ApiError> {
    let user = staff(&state, &session).await?;
    let body: RefundBody = optional_fields(&body)?;
    let lines = body
        .lines
        .unwrap_or_default()
        .iter()
        .map(|l| l.pick())
        .collect::<Result<Vec<_>, AppError>>()?;
    let key = match headers.get("idempotency-key") {
        Some(k) => Some(
            k.to_str()
                .ok()
                .filter(|k| !k.is_empty() && k.len() <= 200)
                .ok_or_else(|| {
                    AppError::bad("The Idempotency-Key must be 1 to 200 visible ASCII characters.")
                })?
                .to_string(),
        ),
        None => None,
    };
    let req = RefundRequest {
        amount: body.amount,
        lines,
        reason: body.reason,
        key,
        ..RefundRequest::default()
    };
    services::orders::refund_order(
        &state.db,
        state.payments.as_ref(),
        number.trim(),
        &req,
        &Actor::staff(&user),
    )
    .await?;
    let Json(d) = detail(&state, number.trim()).await?;
    Ok((StatusCode::CREATED, Json(d)))
}
