use leptos::prelude::*;

use shared::account::CurrentUser;
use shared::errors::AppError;

/// The signed-in user, or `None`.
#[server(name = CurrentUserFn, prefix = "/_fn", endpoint = "account/me", input = leptos::server_fn::codec::GetUrl)]
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    ctx.user().await.map_err(AppError::with_status)
}

/// Changes name and email (a new email needs the current password).
#[server(prefix = "/_fn", endpoint = "account/profile")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn update_profile(
    #[server(default)] first_name: String,
    #[server(default)] last_name: String,
    email: String,
    #[server(default)] current_password: String,
) -> Result<String, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::auth::accounts::update_profile(
            ctx.db(),
            &ctx.settings(),
            &user,
            &first_name,
            &last_name,
            &email,
            current_password,
        )
        .await?;
        Ok("Your details were saved.".to_string())
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account".into()),
    )
    .await
}
