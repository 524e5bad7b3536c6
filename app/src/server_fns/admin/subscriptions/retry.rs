use leptos::prelude::*;

use shared::admin_subscription::SubscriptionActionOutcome;
use shared::errors::AppError;

/// Charges a PAST_DUE subscription's card now instead of on its next retry date, and says
/// what came of it.
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/retry")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn admin_retry_subscription(id: String) -> Result<SubscriptionActionOutcome, AppError> {
    use services::orders::Actor;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let sub = crate::server_fns::ctx::parse_id(&id, "subscription")?;
        let now = ctx.state.clock.now();
        services::back_office::subscriptions::retry_now(
            ctx.state.billing(),
            sub,
            &Actor::staff(&staff),
            now,
        )
        .await
    }
    .await;
    ctx.finish(
        result,
        |o| Some(super::flash(o)),
        super::subscription_page(&id),
    )
    .await
}
