use leptos::prelude::*;

use shared::errors::AppError;

/// Emails a reset link when the account exists; the answer is the same either way.
#[server(prefix = "/_fn", endpoint = "account/forgot")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn request_password_reset(email: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = services::auth::reset::request_reset(
        ctx.db(),
        &ctx.settings(),
        &ctx.state.site.base_url,
        &email,
    )
    .await
    .map(str::to_string);
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/login".into()),
    )
    .await
}

/// Sets a new password with the emailed token (once, before it expires).
#[server(prefix = "/_fn", endpoint = "account/reset")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn reset_password(token: String, password: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = services::auth::reset::reset_password(ctx.db(), &token, password)
        .await
        .map(|()| "Your password was changed. Sign in with the new one.".to_string());
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/login".into()),
    )
    .await
}
