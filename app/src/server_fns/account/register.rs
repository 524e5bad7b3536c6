use leptos::prelude::*;

use super::SignedIn;
use crate::errors::AppError;

/// Creates an account and signs it in; the guest cart comes along.
#[server(prefix = "/_fn", endpoint = "account/register")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn register(
    email: String,
    password: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] next: Option<String>,
) -> Result<SignedIn, AppError> {
    use crate::server_fns::ctx::{Ctx, client_ip, safe_next};

    let ctx = Ctx::load().await?;
    let next = safe_next(next.as_deref(), "/account");
    let input = crate::auth::accounts::Registration {
        email,
        password,
        first_name,
        last_name,
    };
    let ip = client_ip().await;
    let result = crate::auth::register(
        ctx.db(),
        &ctx.settings(),
        &ctx.session,
        input,
        ip.as_deref(),
    )
    .await
    .map(|(user, notices)| SignedIn {
        user,
        notices,
        next: next.clone(),
    });
    ctx.finish(result, |s| super::welcome(s, "Welcome"), Some(next))
        .await
}
