//! Links in abandoned-cart reminders: `GET /cart/recover?token=…` shows a "Restore my cart"
//! button (a plain form, no JavaScript needed) whose `POST /cart/recover` copies the reminded
//! items into the visitor's own cart and shows it — never on a GET (link previews, mail
//! scanners), once per link, within `CART_RECOVERY_LINK_TTL`. `POST /email/unsubscribe?token=…`
//! is the one-click unsubscribe mail clients send (RFC 8058). People unsubscribe on the
//! `/unsubscribe` page.

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use services::mail::recovery::{Restored, check, restore, unsubscribe};
use services::state::AppState;
use shared::account::Flash;
use tower_sessions::Session;

#[derive(Debug, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// A small page of its own (the shop's stylesheet), `main` being trusted HTML.
fn small_page(state: &AppState, status: StatusCode, title: &str, main: &str) -> Response {
    let body = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{}</title><link rel="stylesheet" href="{}"></head>
<body class="bg-stone-50 text-stone-900"><main class="mx-auto max-w-xl px-4 py-16">{main}</main></body></html>"#,
        services::mail::html::esc(title),
        crate::assets::stylesheet_href(&state.leptos_options),
    );
    (
        status,
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(body),
    )
        .into_response()
}

/// A small page for a link that does not work (a way back).
fn bad_link(state: &AppState, status: StatusCode, message: &str) -> Response {
    let main = format!(
        r#"<h1 class="text-2xl font-semibold">This link doesn't work</h1>
<p class="mt-4" role="alert">{}</p><p class="mt-6"><a class="text-violet-700 underline" href="/products">Browse the shop</a></p>"#,
        services::mail::html::esc(message)
    );
    small_page(state, status, "Link not valid", &main)
}

/// The page a reminder's link opens: one button that restores the cart.
#[tracing::instrument(skip_all)]
pub async fn recover_cart_page(
    State(state): State<AppState>,
    Query(q): Query<TokenQuery>,
) -> Response {
    let settings = state.settings.get();
    match check(&state.db, &settings, &q.token).await {
        Ok(()) => {}
        Err(e) if e.is_client_error() => {
            return bad_link(&state, StatusCode::BAD_REQUEST, &e.to_string());
        }
        Err(e) => {
            tracing::error!(error = %e, "checking a cart link failed");
            return bad_link(
                &state,
                StatusCode::SERVICE_UNAVAILABLE,
                "We couldn't open your cart just now. Please try the link again in a minute.",
            );
        }
    }
    let main = format!(
        r#"<h1 class="font-serif text-3xl font-semibold">Pick up where you left off</h1>
<p class="mt-4">The items you left in your cart are waiting. Restore them into the cart of this browser and carry on to checkout.</p>
<form method="post" action="/cart/recover" class="mt-6"><input type="hidden" name="token" value="{}">
<button type="submit" data-testid="restore-cart" class="rounded-full bg-stone-900 px-6 py-3 text-sm font-semibold text-white hover:bg-violet-700">Restore my cart</button></form>
<p class="mt-6 text-sm"><a class="text-violet-700 underline" href="/products">Just browse the shop</a></p>"#,
        services::mail::html::esc(q.token.trim())
    );
    small_page(&state, StatusCode::OK, "Restore your cart", &main)
}

/// Restores the reminded cart (the button's POST), then shows it (or asks the account to sign
/// in).
#[tracing::instrument(skip_all)]
pub async fn recover_cart(
    State(state): State<AppState>,
    session: Session,
    Form(q): Form<TokenQuery>,
) -> Response {
    let settings = state.settings.get();
    let outcome = restore(&state.db, &session, &settings, &q.token).await;
    let (flash, to) = match outcome {
        Ok(Restored::Cart) => (
            Flash::success("Welcome back! The items you left are in your cart."),
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
    if let Err(e) = services::session::set_flash(&session, flash).await {
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
