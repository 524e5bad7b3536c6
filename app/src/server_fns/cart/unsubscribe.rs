use leptos::prelude::*;

use shared::errors::AppError;

/// Stops cart reminders to the address the reminder with `token` went to.
#[server(prefix = "/_fn", endpoint = "cart/unsubscribe")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn unsubscribe_reminders(token: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let email = services::mail::recovery::unsubscribe(ctx.db(), &token).await?;
        Ok(format!(
            "Done: {email} gets no more cart reminders. Order and account emails still arrive."
        ))
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/unsubscribe?done=1".into()),
    )
    .await
}
