use leptos::prelude::*;

use shared::errors::AppError;

/// Signs out: the session is deleted. The account's cart stays for next time.
#[server(prefix = "/_fn", endpoint = "account/logout")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn logout() -> Result<(), AppError> {
    use crate::server_fns::ctx::{Ctx, is_form_post};

    let ctx = Ctx::load().await?;
    services::auth::logout(&ctx.session)
        .await
        .map_err(AppError::with_status)?;
    if is_form_post() {
        leptos_axum::redirect("/");
    }
    Ok(())
}
