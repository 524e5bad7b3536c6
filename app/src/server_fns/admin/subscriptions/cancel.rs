use leptos::prelude::*;

use shared::admin_subscription::SubscriptionActionOutcome;
use shared::errors::AppError;

/// Cancels the subscription with immediate effect (access ends now) and mails the subscriber.
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/cancel")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn admin_cancel_subscription(
    id: String,
    #[server(default)] reason: String,
) -> Result<SubscriptionActionOutcome, AppError> {
    use services::orders::Actor;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let sub = crate::server_fns::ctx::parse_id(&id, "subscription")?;
        let now = ctx.state.clock.now();
        services::back_office::subscriptions::cancel_now(
            ctx.db(),
            ctx.state.payments.as_ref(),
            sub,
            Some(reason.as_str()),
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
