use leptos::prelude::*;

use shared::errors::AppError;

/// Takes back the scheduled cancellation of the signed-in user's subscription `id`: it
/// renews again; the answer is the next charge date. A plain form post: back to
/// `/account/subscriptions` with a flash message.
#[server(prefix = "/_fn", endpoint = "subscriptions/resume")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn resume_subscription(id: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "subscription").map_err(|_| {
            AppError::NotFound("There is no such subscription in your account.".to_string())
        })?;
        services::subscriptions::account::resume(ctx.db(), ctx.state.payments.as_ref(), user.id, id)
            .await
    }
    .await;
    ctx.finish(
        result,
        |next| {
            Some(Flash::success(format!(
                "Your subscription continues. The next charge is on {next}."
            )))
        },
        Some("/account/subscriptions".to_string()),
    )
    .await
}
