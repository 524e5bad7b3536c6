use leptos::prelude::*;

use shared::admin_subscription::SubscriptionActionOutcome;
use shared::errors::AppError;

/// Refunds the subscription's newest paid period in full, then cancels it at once (a
/// refunded period gives no access).
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/refund-last")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn admin_refund_last_period(
    id: String,
    #[server(default)] reason: String,
) -> Result<SubscriptionActionOutcome, AppError> {
    use services::orders::Actor;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let sub = crate::server_fns::ctx::parse_id(&id, "subscription")?;
        let now = ctx.state.clock.now();
        services::back_office::subscriptions::refund_last_period(
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
