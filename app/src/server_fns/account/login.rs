use leptos::prelude::*;

use super::SignedIn;
use shared::errors::AppError;

/// Signs in; the session id changes and the guest cart merges into the account's cart.
#[server(prefix = "/_fn", endpoint = "account/login")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn login(
    email: String,
    password: String,
    #[server(default)] next: Option<String>,
) -> Result<SignedIn, AppError> {
    use crate::server_fns::ctx::{Ctx, client_ip, safe_next};

    let ctx = Ctx::load().await?;
    let next = safe_next(next.as_deref(), "/account");
    let ip = client_ip().await;
    let result = services::auth::login(
        ctx.db(),
        &ctx.settings(),
        &ctx.session,
        ip.as_deref(),
        &email,
        password,
    )
    .await
    .map(|(user, notices)| SignedIn {
        user,
        notices,
        next: next.clone(),
    });
    ctx.finish(result, |s| super::welcome(s, "Welcome back"), Some(next))
        .await
}
