//! Per-page session facts: who is signed in, the cart badge, the one-time flash message.

use leptos::prelude::*;

use shared::account::{Flash, SessionSummary};
use shared::errors::AppError;

/// Signed-in user and cart item count, for the header.
#[server(name = SessionSummaryFn, prefix = "/_fn", endpoint = "session/summary", input = leptos::server_fn::codec::GetUrl)]
pub async fn session_summary() -> Result<SessionSummary, AppError> {
    let ctx = super::ctx::Ctx::load().await?;
    let (user, owner) = services::cart::owner_of(ctx.db(), &ctx.session, &ctx.settings()).await?;
    let cart_count = services::cart::item_count(ctx.db(), &owner).await?;
    Ok(SessionSummary {
        user,
        cart_count,
        store_name: ctx.state.settings.store().store_name,
        test_payments: ctx.state.gateway_info.is_test_mode(),
    })
}

/// The flash message queued for this page view (taken from the session by the server's
/// flash middleware before the page renders).
#[server(prefix = "/_fn", endpoint = "session/flash", input = leptos::server_fn::codec::GetUrl)]
pub async fn page_flash() -> Result<Option<Flash>, AppError> {
    Ok(use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Flash>().cloned()))
}
