//! Staff: learning subscriptions. `GET /api/admin/subscriptions` (filter and search),
//! `GET /api/admin/subscriptions/{id}` (history and invoices), `POST …/{id}/retry` (charge a
//! past-due one now), `POST …/{id}/cancel` (cancel at once), `POST …/{id}/refund-last`
//! (refund the last paid period and cancel), and `GET /api/admin/subscriptions/metrics` (the
//! dashboard's figures). The same `services::back_office::subscriptions` functions as the
//! admin pages; staff only (401 signed out, 403 for a shopper).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use services::back_office::subscriptions as staff_subscriptions;
use services::orders::Actor;
use services::state::AppState;
use shared::admin_subscription::{
    AdminSubscription, AdminSubscriptionInvoice, AdminSubscriptionPage, AdminSubscriptionRow,
    SubscriptionActionOutcome, SubscriptionEventView, SubscriptionFilter, SubscriptionMetrics,
};
use shared::errors::AppError;
use tower_sessions::Session;
use utoipa::{IntoParams, ToSchema};

use super::ApiError;
use super::bodies::optional_fields;
use super::dto::ApiMoney;
use super::error::ApiErrorBody;
use crate::http::middleware::staff_guard::staff;

/// `GET /api/admin/subscriptions` filters (all optional).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AdminSubscriptionListQuery {
    /// `TRIALING`, `ACTIVE`, `PAST_DUE`, `PAUSED` or `CANCELED` (any case); anything else is
    /// a 422.
    #[serde(default)]
    pub status: Option<String>,
    /// (Part of) the subscriber's email or the plan's name, or a subscription id (at most
    /// 200 characters).
    #[serde(default)]
    pub q: Option<String>,
    /// The `next` cursor of the previous page.
    #[serde(default)]
    pub after: Option<String>,
}

/// `POST /api/admin/subscriptions/{id}/cancel` and `…/refund-last` (the body may be empty).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AdminSubscriptionActionBody {
    /// Why (kept in the subscription's history; at most 500 characters).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A row of the staff subscription list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscriptionRow {
    pub id: i64,
    pub user_id: i64,
    #[schema(example = "ann@example.com")]
    pub email: String,
    pub plan_name: String,
    /// `TRIALING`, `ACTIVE`, `PAST_DUE`, `PAUSED` or `CANCELED`.
    #[schema(example = "ACTIVE")]
    pub status: String,
    /// What one period costs.
    pub price: ApiMoney,
    /// `MONTH` or `YEAR`.
    #[schema(example = "MONTH")]
    pub interval: String,
    /// `YYYY-MM-DD`: the next charge, or the day it ends with `cancel_at_period_end`.
    pub period_end: String,
    pub cancel_at_period_end: bool,
    /// Refused payments of the current period.
    pub failed_attempts: i32,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub created_at: String,
    /// Path of the back-office page.
    #[schema(example = "/admin/subscriptions/12")]
    pub url: String,
}

/// A page of subscriptions, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscriptionPage {
    pub rows: Vec<ApiAdminSubscriptionRow>,
    /// Pass as `after` for the next page; `null` on the last one.
    pub next: Option<String>,
}

/// One change of a subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscriptionEvent {
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub at: String,
    /// The status before (`null` for the start).
    pub from: Option<String>,
    pub to: String,
    /// `STARTED`, `RENEWED`, `PAYMENT_FAILED`, `PAYMENT_RECOVERED`, `CANCELED`,
    /// `PERIOD_REFUNDED`, `CANCEL_SCHEDULED`, …
    #[schema(example = "PAYMENT_FAILED")]
    pub event: String,
    /// `customer`, `system`, `staff:<email>` or `stripe`.
    #[schema(example = "staff:ops@example.com")]
    pub actor: String,
    pub reason: Option<String>,
}

/// One paid period: its invoice and the order that records it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscriptionInvoice {
    #[schema(example = "INV-000042")]
    pub invoice_number: String,
    #[schema(example = "LC-100123")]
    pub order_number: String,
    /// `CHECKOUT` (the order that started it) or `RENEWAL`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub period_start: Option<String>,
    /// `YYYY-MM-DD`.
    pub period_end: Option<String>,
    pub total: ApiMoney,
    pub refunded: ApiMoney,
    /// `CAPTURED`, `PARTIALLY_REFUNDED`, `REFUNDED`, …
    pub payment_status: String,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub placed_at: String,
    /// Path of the order's back-office page.
    pub order_url: String,
}

/// One subscription for staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscription {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub plan_id: i64,
    pub plan_name: String,
    /// `TRIALING`, `ACTIVE`, `PAST_DUE`, `PAUSED` or `CANCELED`.
    pub status: String,
    pub price: ApiMoney,
    /// `MONTH` or `YEAR`.
    pub interval: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`: the renewal date.
    pub period_end: String,
    #[schema(example = "Visa ending in 4242")]
    pub card_label: Option<String>,
    pub cancel_at_period_end: bool,
    /// Credit left from a plan switch.
    pub credit: ApiMoney,
    pub failed_attempts: i32,
    /// The last refused payment's message.
    pub last_error: Option<String>,
    /// `YYYY-MM-DD` of the next automatic retry, while PAST_DUE.
    pub next_retry_on: Option<String>,
    /// `TEST` (billed by the shop) or `STRIPE` (billed by Stripe Billing: change it there).
    pub provider: String,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub created_at: String,
    pub canceled_at: Option<String>,
    /// Every change, oldest first.
    pub history: Vec<ApiAdminSubscriptionEvent>,
    /// Paid periods, newest first.
    pub invoices: Vec<ApiAdminSubscriptionInvoice>,
    /// Allowed now: `retry`, `cancel`, `refund_last`.
    pub actions: Vec<String>,
}

/// What a staff action came to, and the subscription after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscriptionAction {
    /// Retry: `PAID`, `FAILED` (refused again; retried on schedule), `CANCELED` (that was the
    /// last try), `ENDED`, `NOT_DUE`. Cancel: `CANCELED`. Refund: `REFUNDED`.
    #[schema(example = "PAID")]
    pub outcome: String,
    /// The outcome in words.
    pub message: String,
    pub subscription: ApiAdminSubscription,
}

/// Subscription figures at the moment of the request.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminSubscriptionMetrics {
    /// The store's currency (Settings), the one `mrr` is in.
    #[schema(example = "USD")]
    pub currency: String,
    /// TRIALING, ACTIVE and PAST_DUE subscriptions.
    pub active_subscribers: i64,
    /// Monthly recurring revenue of ACTIVE and PAST_DUE subscriptions: monthly price, or
    /// yearly price ÷ 12 rounded down.
    pub mrr: ApiMoney,
    /// The same for subscriptions in other currencies, one per currency, not converted.
    pub mrr_other: Vec<ApiMoney>,
    /// Canceled in the last 30 days.
    pub canceled_30d: i64,
    /// Canceled in the last 30 days ÷ (live now + canceled then), one decimal; `–` with none.
    #[schema(example = "4.2%")]
    pub churn_30d: String,
    /// Past-due subscriptions recovered in the last 30 days.
    pub recoveries_30d: i64,
    /// PAST_DUE now.
    pub past_due: i64,
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    pub as_of: String,
}

impl From<AdminSubscriptionRow> for ApiAdminSubscriptionRow {
    fn from(r: AdminSubscriptionRow) -> Self {
        ApiAdminSubscriptionRow {
            url: format!("/admin/subscriptions/{}", r.id),
            id: r.id,
            user_id: r.user_id,
            email: r.email,
            plan_name: r.plan_name,
            status: r.status.as_str().to_string(),
            price: r.price.into(),
            interval: r.interval.as_str().to_string(),
            period_end: r.period_end,
            cancel_at_period_end: r.cancel_at_period_end,
            failed_attempts: r.failed_attempts,
            created_at: r.created_at,
        }
    }
}

impl From<AdminSubscriptionPage> for ApiAdminSubscriptionPage {
    fn from(p: AdminSubscriptionPage) -> Self {
        ApiAdminSubscriptionPage {
            rows: p.rows.into_iter().map(Into::into).collect(),
            next: p.next,
        }
    }
}

impl From<SubscriptionEventView> for ApiAdminSubscriptionEvent {
    fn from(e: SubscriptionEventView) -> Self {
        ApiAdminSubscriptionEvent {
            at: e.at,
            from: e.from,
            to: e.to,
            event: e.event,
            actor: e.actor,
            reason: e.reason,
        }
    }
}

impl From<AdminSubscriptionInvoice> for ApiAdminSubscriptionInvoice {
    fn from(i: AdminSubscriptionInvoice) -> Self {
        ApiAdminSubscriptionInvoice {
            order_url: format!("/admin/orders/{}", i.order_number),
            invoice_number: i.invoice_number,
            order_number: i.order_number,
            kind: i.kind,
            period_start: i.period_start,
            period_end: i.period_end,
            total: i.total.into(),
            refunded: i.refunded.into(),
            payment_status: i.payment_status,
            placed_at: i.placed_at,
        }
    }
}

impl From<AdminSubscription> for ApiAdminSubscription {
    fn from(s: AdminSubscription) -> Self {
        ApiAdminSubscription {
            id: s.id,
            user_id: s.user_id,
            email: s.email,
            plan_id: s.plan_id,
            plan_name: s.plan_name,
            status: s.status.as_str().to_string(),
            price: s.price.into(),
            interval: s.interval.as_str().to_string(),
            period_start: s.period_start,
            period_end: s.period_end,
            card_label: s.card_label,
            cancel_at_period_end: s.cancel_at_period_end,
            credit: s.credit.into(),
            failed_attempts: s.failed_attempts,
            last_error: s.last_error,
            next_retry_on: s.next_retry_on,
            provider: s.provider,
            created_at: s.created_at,
            canceled_at: s.canceled_at,
            history: s.history.into_iter().map(Into::into).collect(),
            invoices: s.invoices.into_iter().map(Into::into).collect(),
            actions: s.actions,
        }
    }
}

impl From<SubscriptionMetrics> for ApiAdminSubscriptionMetrics {
    fn from(m: SubscriptionMetrics) -> Self {
        ApiAdminSubscriptionMetrics {
            currency: m.currency.code().to_string(),
            active_subscribers: m.active_subscribers,
            mrr: m.mrr.into(),
            mrr_other: m.mrr_other.into_iter().map(Into::into).collect(),
            canceled_30d: m.canceled_30d,
            churn_30d: m.churn_30d,
            recoveries_30d: m.recoveries_30d,
            past_due: m.past_due,
            as_of: m.as_of,
        }
    }
}

/// A path id; anything but a positive number is a 404.
fn path_id(raw: &str) -> Result<i64, ApiError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| AppError::NotFound("There is no such subscription.".into()).into())
}

/// The action's outcome with the subscription as it is now.
async fn answer(
    state: &AppState,
    id: i64,
    done: SubscriptionActionOutcome,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    let subscription = staff_subscriptions::subscription(&state.db, id).await?;
    Ok(Json(ApiAdminSubscriptionAction {
        outcome: done.outcome,
        message: done.message,
        subscription: subscription.into(),
    }))
}

/// Staff: subscriptions, newest first, filtered by status and searched by subscriber email,
/// plan name or id; keyset pages (`after` = the previous page's `next`).
#[utoipa::path(get, path = "/api/admin/subscriptions", tag = "admin-subscriptions",
    params(AdminSubscriptionListQuery),
    responses(
        (status = 200, description = "A page of subscriptions", body = ApiAdminSubscriptionPage),
        (status = 400, description = "A malformed query string", body = ApiErrorBody),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 422, description = "Unknown status, a search over 200 characters or a bad cursor (`field` names it)", body = ApiErrorBody)))]
pub async fn admin_list_subscriptions(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<AdminSubscriptionListQuery>, QueryRejection>,
) -> Result<Json<ApiAdminSubscriptionPage>, ApiError> {
    staff(&state, &session).await?;
    let Query(q) = query.map_err(|e| AppError::bad(e.body_text()))?;
    let filter = SubscriptionFilter {
        status: q.status,
        q: q.q,
        after: q.after,
    };
    let page = staff_subscriptions::list_subscriptions(&state.db, &filter).await?;
    Ok(Json(page.into()))
}

/// Staff: subscription figures now — subscribers, MRR (store currency), churn and recoveries
/// over the last 30 days, past due.
#[utoipa::path(get, path = "/api/admin/subscriptions/metrics", tag = "admin-subscriptions",
    responses(
        (status = 200, description = "The figures", body = ApiAdminSubscriptionMetrics),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody)))]
pub async fn admin_subscription_metrics(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<ApiAdminSubscriptionMetrics>, ApiError> {
    staff(&state, &session).await?;
    let currency = state.settings.store().currency;
    let metrics = staff_subscriptions::metrics(&state.db, currency, state.clock.now()).await?;
    Ok(Json(metrics.into()))
}

/// Staff: one subscription with its history (oldest first, with actor and reason), its
/// invoices and the actions allowed now.
#[utoipa::path(get, path = "/api/admin/subscriptions/{id}", tag = "admin-subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "The subscription", body = ApiAdminSubscription),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such subscription", body = ApiErrorBody)))]
pub async fn admin_get_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiAdminSubscription>, ApiError> {
    staff(&state, &session).await?;
    let id = path_id(&raw)?;
    let subscription = staff_subscriptions::subscription(&state.db, id).await?;
    Ok(Json(subscription.into()))
}

/// Staff: charge a PAST_DUE subscription's card now instead of on its next retry date. A
/// refused payment is an answer (`outcome` `FAILED`, or `CANCELED` after the last try), not
/// an error.
#[utoipa::path(post, path = "/api/admin/subscriptions/{id}/retry", tag = "admin-subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "What the charge came to, and the subscription after it", body = ApiAdminSubscriptionAction),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such subscription", body = ApiErrorBody),
        (status = 409, description = "Not past due, or billed by Stripe", body = ApiErrorBody),
        (status = 503, description = "The payment service did not answer; nothing counts against the subscriber", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(id = %raw))]
pub async fn admin_retry_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    let user = staff(&state, &session).await?;
    let id = path_id(&raw)?;
    let done = staff_subscriptions::retry_now(
        state.billing(),
        id,
        &Actor::staff(&user),
        state.clock.now(),
    )
    .await?;
    answer(&state, id, done).await
}

/// Staff: cancel with immediate effect (access ends now, nothing is refunded; the subscriber
/// is mailed): `{"reason"?}`.
#[utoipa::path(post, path = "/api/admin/subscriptions/{id}/cancel", tag = "admin-subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    request_body = AdminSubscriptionActionBody,
    responses(
        (status = 200, description = "Canceled; the subscription after it", body = ApiAdminSubscriptionAction),
        (status = 400, description = "Malformed request (not JSON, or not an object)", body = ApiErrorBody),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such subscription", body = ApiErrorBody),
        (status = 409, description = "The state machine does not allow it (already canceled; reason given), or billed by Stripe", body = ApiErrorBody),
        (status = 422, description = "A reason over 500 characters or not a string", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(id = %raw))]
pub async fn admin_cancel_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    let user = staff(&state, &session).await?;
    let id = path_id(&raw)?;
    let AdminSubscriptionActionBody { reason } = optional_fields(&body)?;
    let done = staff_subscriptions::cancel_now(
        &state.db,
        state.payments.as_ref(),
        id,
        reason.as_deref(),
        &Actor::staff(&user),
        state.clock.now(),
    )
    .await?;
    answer(&state, id, done).await
}

/// Staff: pause (no charges, no access until resumed).
#[utoipa::path(post, path = "/api/admin/subscriptions/{id}/pause", tag = "admin-subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "Paused; the subscription after it", body = ApiAdminSubscriptionAction),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such subscription", body = ApiErrorBody),
        (status = 409, description = "Only an active subscription the shop bills can be paused (reason given)", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(id = %raw))]
pub async fn admin_pause_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    pause_or_resume(state, session, raw, true).await
}

/// Staff: resume a paused subscription (past its paid period, a new one starts today and is
/// charged by the next billing pass).
#[utoipa::path(post, path = "/api/admin/subscriptions/{id}/resume", tag = "admin-subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses(
        (status = 200, description = "Resumed; the subscription after it", body = ApiAdminSubscriptionAction),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such subscription", body = ApiErrorBody),
        (status = 409, description = "It is not paused (reason given)", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(id = %raw))]
pub async fn admin_resume_subscription(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    pause_or_resume(state, session, raw, false).await
}

async fn pause_or_resume(
    state: AppState,
    session: Session,
    raw: String,
    pause: bool,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    let user = staff(&state, &session).await?;
    let id = path_id(&raw)?;
    let done = staff_subscriptions::set_paused(
        &state.db,
        id,
        pause,
        &Actor::staff(&user),
        state.clock.now(),
    )
    .await?;
    answer(&state, id, done).await
}

/// Staff: refund the newest paid period in full (through the order's refund, to the card)
/// and cancel the subscription at once — a refunded period gives no access: `{"reason"?}`.
#[utoipa::path(post, path = "/api/admin/subscriptions/{id}/refund-last", tag = "admin-subscriptions",
    params(("id" = i64, Path, description = "The subscription's id")),
    request_body = AdminSubscriptionActionBody,
    responses(
        (status = 200, description = "Refunded and canceled; the subscription after it", body = ApiAdminSubscriptionAction),
        (status = 400, description = "Malformed request (not JSON, or not an object)", body = ApiErrorBody),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such subscription", body = ApiErrorBody),
        (status = 409, description = "No paid period to refund, already refunded, refused by the payment service, or billed by Stripe", body = ApiErrorBody),
        (status = 422, description = "A reason over 500 characters or not a string", body = ApiErrorBody),
        (status = 503, description = "Recorded and canceled; the payment service did not answer and the refund will be sent again", body = ApiErrorBody)))]
#[tracing::instrument(skip_all, fields(id = %raw))]
pub async fn admin_refund_last_period(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    body: Bytes,
) -> Result<Json<ApiAdminSubscriptionAction>, ApiError> {
    let user = staff(&state, &session).await?;
    let id = path_id(&raw)?;
    let AdminSubscriptionActionBody { reason } = optional_fields(&body)?;
    let done = staff_subscriptions::refund_last_period(
        &state.db,
        state.payments.as_ref(),
        id,
        reason.as_deref(),
        &Actor::staff(&user),
        state.clock.now(),
    )
    .await?;
    answer(&state, id, done).await
}
