//! Payment gateway callbacks: `POST /webhooks/stripe` and `GET /checkout/return` (where the
//! shopper's browser comes back from 3-D Secure at their bank).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Redirect;
use serde::Deserialize;
use services::state::AppState;
use shared::errors::AppError;

use super::api::ApiError;

/// Stripe's webhook endpoint: 200 once the event is recorded and acted on (or was already),
/// 400 for a forged, stale or unreadable delivery, 503 when Stripe itself could not be asked
/// about the payment (Stripe delivers the event again later).
#[tracing::instrument(skip_all)]
pub async fn stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Json<services::checkout::WebhookReply>, ApiError> {
    if state.payments.provider() != services::payments::Provider::Stripe {
        return Err(AppError::NotFound("Stripe is not enabled on this shop.".into()).into());
    }
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    let reply =
        services::checkout::handle_webhook(&state.db, state.payments.as_ref(), &body, signature)
            .await?;
    Ok(Json(reply))
}

#[derive(Debug, Deserialize)]
pub struct ReturnQuery {
    #[serde(default)]
    order: String,
    #[serde(default)]
    key: String,
}

/// Back from the bank: brings the order up to date with the gateway, then shows it. The
/// session cookie (SameSite=Lax) comes along on this top-level navigation, but the order's
/// secret key is what opens it.
#[tracing::instrument(skip_all, fields(order = q.order))]
pub async fn checkout_return(
    State(state): State<AppState>,
    Query(q): Query<ReturnQuery>,
) -> Result<Redirect, ApiError> {
    let (order, _) = services::checkout::load_order(&state.db, &q.order)
        .await?
        .filter(|(o, _)| !q.key.is_empty() && o.access_key.as_deref() == Some(q.key.as_str()))
        .ok_or_else(|| AppError::NotFound("No such order.".into()))?;
    if let Err(e) = services::checkout::reconcile(
        &state.db,
        state.payments.as_ref(),
        None,
        Some(&order.number),
    )
    .await
    {
        // The order page says the payment is pending; the webhook finishes it.
        tracing::warn!(error = %e, "could not ask the gateway on return");
    }
    Ok(Redirect::to(&format!(
        "/orders/{}?key={}",
        order.number, q.key
    )))
}
