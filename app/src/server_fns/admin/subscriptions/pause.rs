use leptos::prelude::*;

use shared::admin_subscription::SubscriptionActionOutcome;
use shared::errors::AppError;

/// Pauses (`pause=true`: no charges, no access) or resumes (`pause=false`) the subscription.
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/pause")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn admin_pause_subscription(
    id: String,
    pause: String,
) -> Result<SubscriptionActionOutcome, AppError> {
    use services::orders::Actor;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let sub = crate::server_fns::ctx::parse_id(&id, "subscription")?;
        let pause = match pause.trim() {
            "true" => true,
            "false" => false,
            _ => {
                return Err(AppError::invalid(
                    "pause",
                    "Say whether to pause (true) or resume (false).",
                ));
            }
        };
        services::back_office::subscriptions::set_paused(
            ctx.db(),
            sub,
            pause,
            &Actor::staff(&staff),
            ctx.state.clock.now(),
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
