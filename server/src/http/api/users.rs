//! `/api/users/…`: register (and confirm by mailed link), sign in and out. The session cookie is the credential.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use services::state::AppState;
use tower_sessions::Session;

use super::ApiError;
use super::bodies::{self, ConfirmBody, LoginBody, RegisterBody};
use super::cart_dto::{ApiMessage, ApiSession};
use super::error::ApiErrorBody;

/// Start a registration: `{"email", "password", "first_name"?, "last_name"?}`. Mails the
/// address a link that creates the account (see `confirm`); an address that already has an
/// account gets a mail saying so instead. The answer is the same either way.
#[utoipa::path(post, path = "/api/users/register", tag = "users",
    request_body = RegisterBody,
    responses(
        (status = 202, description = "Mail sent (same answer whether or not the address has an account)", body = ApiMessage),
        (status = 400, description = "Invalid email or weak password", body = ApiErrorBody),
        (status = 429, description = "Too many registrations from this IP or mails to this address, or the shop is very busy (see `Retry-After`)", body = ApiErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
    payload: Result<Json<RegisterBody>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiMessage>), ApiError> {
    let b = bodies::parse(payload)?;
    let input = services::auth::signup::Registration {
        email: b.email,
        password: b.password,
        first_name: b.first_name.unwrap_or_default(),
        last_name: b.last_name.unwrap_or_default(),
    };
    let settings = state.settings.get();
    let ip = services::client_ip::for_request(peer.ip(), &headers, &settings.trusted_proxies);
    let message = services::auth::request_signup(
        &state.db,
        &settings,
        &state.site.base_url,
        input,
        "/account",
        Some(&ip),
    )
    .await?;
    Ok((StatusCode::ACCEPTED, Json(ApiMessage { message })))
}

/// Finish a registration: `{"token"}` from the mailed link. Creates the account and signs it
/// in (new session cookie); a guest cart merges in. The link works once.
#[utoipa::path(post, path = "/api/users/confirm", tag = "users",
    request_body = ConfirmBody,
    responses(
        (status = 201, description = "Account created and signed in (session cookie set)", body = ApiSession),
        (status = 400, description = "The link is invalid, used or expired", body = ApiErrorBody),
        (status = 409, description = "The address got an account meanwhile; sign in instead", body = ApiErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    session: Session,
    payload: Result<Json<ConfirmBody>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiSession>), ApiError> {
    let token = bodies::parse(payload)?.token;
    let settings = state.settings.get();
    let (user, notices, _next) =
        services::auth::confirm_signup(&state.db, &settings, &session, &token).await?;
    Ok((
        StatusCode::CREATED,
        Json(ApiSession {
            user: user.into(),
            notices,
        }),
    ))
}

/// Sign in: `{"email", "password"}`. The session id changes; a guest cart merges in.
#[utoipa::path(post, path = "/api/users/login", tag = "users",
    request_body = LoginBody,
    responses(
        (status = 400, description = "Malformed request (not JSON, or the wrong shape)", body = ApiErrorBody),
        (status = 200, description = "Signed in (new session cookie)", body = ApiSession),
        (status = 401, description = "Email and password don't match", body = ApiErrorBody),
        (status = 429, description = "Too many attempts; try again later", body = ApiErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    payload: Result<Json<LoginBody>, JsonRejection>,
) -> Result<Json<ApiSession>, ApiError> {
    let b = bodies::parse(payload)?;
    let settings = state.settings.get();
    let ip = services::client_ip::for_request(peer.ip(), &headers, &settings.trusted_proxies);
    let (user, notices) = services::auth::login(
        &state.db,
        &settings,
        &session,
        Some(&ip),
        &b.email,
        b.password,
    )
    .await?;
    Ok(Json(ApiSession {
        user: user.into(),
        notices,
    }))
}

/// Sign out (the session is deleted; the account's cart stays).
#[utoipa::path(post, path = "/api/users/logout", tag = "users",
    responses((status = 204, description = "Signed out")))]
pub async fn logout(session: Session) -> Result<StatusCode, ApiError> {
    services::auth::logout(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}
