use leptos::prelude::*;

use shared::errors::AppError;

/// Changes the password; every other session of the account is signed out.
#[server(prefix = "/_fn", endpoint = "account/password")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<String, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::auth::accounts::change_password(
            ctx.db(),
            &ctx.settings(),
            &ctx.session,
            &user,
            current_password,
            new_password,
        )
        .await?;
        Ok("Password changed. You were signed out everywhere else.".to_string())
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account".into()),
    )
    .await
}
