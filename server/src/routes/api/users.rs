//! `/api/users/…`: register, sign in and out. The session cookie is the credential.

use app::errors::AppError;
use app::state::AppState;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use serde_json::Value;
use tower_sessions::Session;

use super::ApiError;
use super::cart::body;
use super::cart_dto::ApiSession;
use super::error::ApiErrorBody;

fn text(v: &Value, field: &str) -> Result<String, ApiError> {
    match v.get(field) {
        Some(Value::String(s)) => Ok(s.clone()),
        None | Some(Value::Null) => Ok(String::new()),
        Some(_) => Err(AppError::bad(format!("`{field}` must be a string.")).into()),
    }
}

/// Create an account: `{"email", "password", "first_name"?, "last_name"?}`. Signs it in.
#[utoipa::path(post, path = "/api/users/register", tag = "users",
    request_body(content = Object, description = "`email`, `password` (8+ characters, not a common one), optional `first_name`, `last_name`"),
    responses(
        (status = 201, description = "Registered and signed in (session cookie set)", body = ApiSession),
        (status = 400, description = "Invalid email or weak password", body = ApiErrorBody),
        (status = 409, description = "Email already registered", body = ApiErrorBody),
        (status = 429, description = "Too many registrations from this IP, or the shop is very busy (see `Retry-After`)", body = ApiErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiSession>), ApiError> {
    let v = body(payload)?;
    let input = app::auth::accounts::Registration {
        email: text(&v, "email")?,
        password: text(&v, "password")?,
        first_name: text(&v, "first_name")?,
        last_name: text(&v, "last_name")?,
    };
    let settings = state.settings.get();
    let ip = app::auth::client_ip::for_request(peer.ip(), &headers, &settings.trusted_proxies);
    let (user, notices) =
        app::auth::register(&state.db, &settings, &session, input, Some(&ip)).await?;
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
    request_body(content = Object, description = "`email` and `password`"),
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
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ApiSession>, ApiError> {
    let v = body(payload)?;
    let settings = state.settings.get();
    let ip = app::auth::client_ip::for_request(peer.ip(), &headers, &settings.trusted_proxies);
    let (user, notices) = app::auth::login(
        &state.db,
        &settings,
        &session,
        Some(&ip),
        &text(&v, "email")?,
        text(&v, "password")?,
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
    app::auth::logout(&session).await?;
    Ok(StatusCode::NO_CONTENT)
}
