//! `/api/me/subscriptions`: the signed-in subscriber's learning subscriptions with their
//! billing facts; cancelling at the end of the period and taking that back, switching plans,
//! replacing the card (offline test gateway only). `/api/me/invoices/{number}`: one invoice.
//! The same services as `/account/subscriptions` (`services::subscriptions::account`,
//! `::self_service`, `::invoices`).
//!
//! Someone else's subscription or invoice is a 404, like one that does not exist. Requests
//! carry ids and card fields only: every amount is computed on the server.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use serde_json::Value;
use services::state::AppState;
use services::subscriptions::{account, invoices, self_service};
use shared::account::CurrentUser;
use shared::errors::AppError;
use tower_sessions::Session;

use super::ApiError;
use super::bodies;
use super::error::ApiErrorBody;
use super::subscription_dto::{
    ApiCardUpdated, ApiInvoice, ApiSubscription, ApiSwitchDone, SubscriptionCardBody,
    SwitchPlanBody,
};

/// The signed-in caller; 401 otherwise.
async fn signed_in(state: &AppState, session: &Session) -> Result<CurrentUser, ApiError> {
    services::session::current_user(&state.db, session, &state.settings.get())
        .await?
        .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()).into())
}

/// A path id; anything but a positive number is a 404.
fn subscription_id(raw: &str) -> Result<i64, ApiError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| {
            AppError::NotFound("There is no such subscription in your account.".into()).into()
        })
}

/// Subscription `id` of `user_id` with its billing facts now (404: not theirs).
async fn one(state: &AppState, user_id: i64, id: i64) -> Result<ApiSubscription, ApiError> {
    let sub = account::my_subscriptions(&state.db, user_id)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| {
            AppError::NotFound("There is no such subscription in your account.".into())
        })?;
    let billing = self_service::billing_facts(state, user_id, id).await?;
    Ok(ApiSubscription::new(sub, billing))
}

/// Your learning subscriptions, newest first, each with its next charge, a refused payment
/// and its retry, the switch credit, the plans to switch to and the invoices (sign in first).
#[utoipa::path(get, path = "/api/me/subscriptions", tag = "subscriptions",
    responses(
        (status = 200, description = "Your subscriptions", body = Vec<ApiSubscription>),
        (status = 401, description = "Not signed in", body = ApiErrorBody)))]
pub async fn my_subscriptions(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<ApiSubscription>>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let list = account::my_subscriptions(&state.db, user.id).await?;
    let mut out = Vec::with_capacity(list.len());
    for sub in list {
        let billing = self_service::billing_facts(&state, user.id, sub.id).await?;
        out.push(ApiSubscription::new(sub, billing));
    }
    Ok(Json(out))
}

/// Cancel at the end of the current period: access stays until `period_end`, nothing more
/// is charged. Calling it again changes nothing.
#[utoipa::path(post, path = "/api/me/subscriptions/{id}/cancel", tag = "subscriptions",
    params(("id" = i64, Path, description = "One of your subscriptions")),
    responses(
        (status = 200, description = "Scheduled to end: the subscription (`cancel_at_period_end` is true)", body = ApiSubscription),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a subscription of yours", body = ApiErrorBody),
        (status = 409, description = "Already canceled, or paused", body = ApiErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn cancel_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiSubscription>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = subscription_id(&raw)?;
    account::cancel_at_period_end(&state.db, state.payments.as_ref(), user.id, id).await?;
    Ok(Json(one(&state, user.id, id).await?))
}

/// Take back a scheduled cancellation before the period ends: it renews again. Nothing
/// scheduled: nothing changes.
#[utoipa::path(post, path = "/api/me/subscriptions/{id}/resume", tag = "subscriptions",
    params(("id" = i64, Path, description = "One of your subscriptions")),
    responses(
        (status = 200, description = "Renews again: the subscription", body = ApiSubscription),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a subscription of yours", body = ApiErrorBody),
        (status = 409, description = "It has ended already", body = ApiErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn resume_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiSubscription>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = subscription_id(&raw)?;
    account::resume(&state.db, state.payments.as_ref(), user.id, id).await?;
    Ok(Json(one(&state, user.id, id).await?))
}

/// Switch to another plan, `{"variantId": …}` (one of `billing.switch_options`): it starts
/// today; the unused days of the current period are credited, the card on file pays the rest
/// and any credit left is kept for later charges.
#[utoipa::path(post, path = "/api/me/subscriptions/{id}/switch", tag = "subscriptions",
    params(("id" = i64, Path, description = "One of your subscriptions")),
    request_body = SwitchPlanBody,
    responses(
        (status = 200, description = "Switched: what was charged and kept", body = ApiSwitchDone),
        (status = 400, description = "Malformed request (not JSON, not an object, or `variantId` missing)", body = ApiErrorBody),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 402, description = "The card was refused; nothing changed", body = ApiErrorBody),
        (status = 404, description = "Not a subscription of yours", body = ApiErrorBody),
        (status = 409, description = "Not switchable now (canceled, paused, past due, the same plan, or not a plan it can switch to)", body = ApiErrorBody),
        (status = 422, description = "`variantId` is not a positive whole number", body = ApiErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn switch_subscription_plan(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ApiSwitchDone>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = subscription_id(&raw)?;
    let body: SwitchPlanBody = bodies::fields(payload)?;
    let variant = body.variant_id.0;
    if variant <= 0 {
        let err = AppError::invalid("variantId", "`variantId` must be a plan's variant id.");
        return Err(err.into());
    }
    let done = self_service::switch_plan(&state, user.id, id, variant).await?;
    Ok(Json(done.into()))
}

/// Replace the card on file: `{"cardNumber", "expMonth", "expYear", "cvc"}` as on the
/// checkout's payment step (offline test gateway only). A `PAST_DUE` subscription is charged
/// at once with the new card. Only the brand and last four digits are kept.
#[utoipa::path(post, path = "/api/me/subscriptions/{id}/card", tag = "subscriptions",
    params(("id" = i64, Path, description = "One of your subscriptions")),
    request_body = SubscriptionCardBody,
    responses(
        (status = 200, description = "The card is on file (and what charging an overdue period did)", body = ApiCardUpdated),
        (status = 400, description = "Malformed request (not JSON, or not an object)", body = ApiErrorBody),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a subscription of yours", body = ApiErrorBody),
        (status = 409, description = "Canceled, or the shop's payment provider keeps the card (contact the shop)", body = ApiErrorBody),
        (status = 422, description = "A card field is not valid (`field`: `cardNumber`, `expMonth`, `expYear` or `cvc`)", body = ApiErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn update_subscription_card(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ApiCardUpdated>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = subscription_id(&raw)?;
    let body: SubscriptionCardBody = bodies::fields(payload)?;
    let done = self_service::replace_card(&state, user.id, id, &body.input()).await?;
    Ok(Json(done.into()))
}

/// One of your invoices (a paid period of a subscription), e.g. `INV-000042`.
#[utoipa::path(get, path = "/api/me/invoices/{number}", tag = "subscriptions",
    params(("number" = String, Path, description = "e.g. INV-000042")),
    responses(
        (status = 200, description = "The invoice", body = ApiInvoice),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "No such invoice (or not yours)", body = ApiErrorBody)))]
pub async fn get_invoice(
    State(state): State<AppState>,
    session: Session,
    Path(number): Path<String>,
) -> Result<Json<ApiInvoice>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let mut invoice = invoices::invoice(&state.db, Some(user.id), &number).await?;
    invoice.seller = state.settings.store().store_name;
    Ok(Json(invoice.into()))
}

/// A one-time link to Stripe's billing portal.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ApiBillingPortal {
    /// Open it to manage the card on file and see Stripe's invoices; it comes back to
    /// `/account/subscriptions`.
    pub url: String,
}

/// For a subscription Stripe bills: a one-time link to Stripe's billing portal (the card on
/// file, invoices). A subscription the shop bills has its card changed through `…/card`.
#[utoipa::path(post, path = "/api/me/subscriptions/{id}/portal", tag = "subscriptions",
    params(("id" = i64, Path, description = "One of your subscriptions")),
    responses(
        (status = 200, description = "The portal link", body = ApiBillingPortal),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a subscription of yours", body = ApiErrorBody),
        (status = 409, description = "The shop bills it: change the card through `/card`", body = ApiErrorBody),
        (status = 503, description = "Stripe did not answer", body = ApiErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn subscription_billing_portal(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiBillingPortal>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = subscription_id(&raw)?;
    let url = self_service::billing_portal(&state, user.id, id).await?;
    Ok(Json(ApiBillingPortal { url }))
}

/// The page's "Manage card and invoices on Stripe" button (a plain form post, with or
/// without JavaScript): 303 to Stripe's billing portal; signed out → the sign-in page.
#[tracing::instrument(skip_all)]
pub async fn billing_portal_redirect(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<axum::response::Redirect, ApiError> {
    let Some(user) =
        services::session::current_user(&state.db, &session, &state.settings.get()).await?
    else {
        return Ok(axum::response::Redirect::to(
            "/account/login?next=/account/subscriptions",
        ));
    };
    let id = subscription_id(&raw)?;
    let url = self_service::billing_portal(&state, user.id, id).await?;
    Ok(axum::response::Redirect::to(&url))
}
