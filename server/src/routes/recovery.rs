//! Links in abandoned-cart reminders: `GET /cart/recover?token=…` restores the cart into the
//! visitor's session (one click) and shows it; `POST /email/unsubscribe?token=…` is the
//! one-click unsubscribe mail clients send (RFC 8058). People unsubscribe on the
//! `/unsubscribe` page.

use app::account_view::Flash;
use app::mail::recovery::{Restored, restore, unsubscribe};
use app::state::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// A small page for a link that does not work (the shop's stylesheet, a way back).
fn bad_link(state: &AppState, status: StatusCode, message: &str) -> Response {
    let body = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Link not valid</title><link rel="stylesheet" href="{}"></head>
<body class="bg-stone-50 text-stone-900"><main class="mx-auto max-w-xl px-4 py-16"><h1 class="text-2xl font-semibold">This link doesn't work</h1>
<p class="mt-4" role="alert">{}</p><p class="mt-6"><a class="text-indigo-700 underline" href="/products">Browse the shop</a></p></main></body></html>"#,
        crate::assets::stylesheet_href(&state.leptos_options),
        app::mail::html::esc(message)
    );
    (status, Html(body)).into_response()
}

/// Restores the reminded cart, then shows it (or asks the account to sign in).
#[tracing::instrument(skip_all)]
pub async fn recover_cart(
    State(state): State<AppState>,
    session: Session,
    Query(q): Query<TokenQuery>,
) -> Response {
    let settings = state.settings.get();
    let outcome = restore(&state.db, &session, &settings, &q.token).await;
    let (flash, to) = match outcome {
        Ok(Restored::Cart) => (
            Flash::success("Welcome back! Your cart is just as you left it."),
            "/cart",
        ),
        Ok(Restored::SignIn) => (
            Flash::notice(
                "Your cart is saved in your account. Sign in to pick up where you left off.",
            ),
            "/account/login?next=%2Fcart",
        ),
        Ok(Restored::OtherAccount) => (
            Flash::notice(
                "That reminder was for another email address, so your cart is unchanged. Sign out to open it.",
            ),
            "/cart",
        ),
        Ok(Restored::AlreadyOrdered) => (
            Flash::notice("You've already ordered what was in that cart. Thank you!"),
            "/products",
        ),
        Err(e) if e.is_client_error() => {
            return bad_link(&state, StatusCode::BAD_REQUEST, &e.to_string());
        }
        Err(e) => {
            tracing::error!(error = %e, "restoring a cart failed");
            return bad_link(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                "We couldn't open your cart just now. Please try the link again in a minute.",
            );
        }
    };
    if let Err(e) = app::auth::session::set_flash(&session, flash).await {
        tracing::warn!(error = %e, "could not set the flash message");
    }
    Redirect::to(to).into_response()
}

/// One-click unsubscribe from a mail client.
#[tracing::instrument(skip_all)]
pub async fn one_click_unsubscribe(
    State(state): State<AppState>,
    Query(q): Query<TokenQuery>,
) -> Response {
    match unsubscribe(&state.db, &q.token).await {
        Ok(_) => (StatusCode::OK, "Unsubscribed from cart reminders.").into_response(),
        Err(e) if e.is_client_error() => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "unsubscribing failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(axum::http::header::RETRY_AFTER, "60")],
                "Please try again later.",
            )
                .into_response()
        }
    }
}
