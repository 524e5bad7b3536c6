use leptos::prelude::*;

use shared::errors::AppError;

/// Cancels the signed-in user's subscription `id` at the end of its current period (access
/// stays until then); the answer is that date. A plain form post: back to
/// `/account/subscriptions` with a flash message.
#[server(prefix = "/_fn", endpoint = "subscriptions/cancel")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn cancel_subscription(id: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "subscription").map_err(|_| {
            AppError::NotFound("There is no such subscription in your account.".to_string())
        })?;
        services::subscriptions::account::cancel_at_period_end(
            ctx.db(),
            ctx.state.payments.as_ref(),
            user.id,
            id,
        )
        .await
    }
    .await;
    ctx.finish(
        result,
        |end| {
            Some(Flash::success(format!(
                "Your subscription ends on {end}. You keep access until then."
            )))
        },
        Some("/account/subscriptions".to_string()),
    )
    .await
}
