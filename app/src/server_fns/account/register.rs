use leptos::prelude::*;

use super::SignedIn;
use shared::errors::AppError;

/// Starts a registration: mails the address a link that creates the account (or, when the
/// address has one already, a note saying so). The answer is the same either way.
#[server(prefix = "/_fn", endpoint = "account/register")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn register(
    email: String,
    password: String,
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] next: Option<String>,
) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, client_ip, safe_next};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let next = safe_next(next.as_deref(), "/account");
    let input = services::auth::signup::Registration {
        email,
        password,
        first_name,
        last_name,
    };
    let ip = client_ip().await;
    let result = services::auth::request_signup(
        ctx.db(),
        &ctx.settings(),
        &ctx.state.site.base_url,
        input,
        &next,
        ip.as_deref(),
    )
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/check-email".into()),
    )
    .await
}

/// Finishes a registration with the emailed link's token: creates the account and signs it
/// in; the guest cart comes along.
#[server(prefix = "/_fn", endpoint = "account/confirm")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn confirm_account(token: String) -> Result<SignedIn, AppError> {
    use crate::server_fns::ctx::{Ctx, safe_next};

    let ctx = Ctx::load().await?;
    let result = services::auth::confirm_signup(ctx.db(), &ctx.settings(), &ctx.session, &token)
        .await
        .map(|(user, notices, next)| SignedIn {
            user,
            notices,
            next: safe_next(Some(&next), "/account"),
        });
    let next = result.as_ref().ok().map(|s| s.next.clone());
    ctx.finish(result, |s| super::welcome(s, "Welcome"), next)
        .await
}
