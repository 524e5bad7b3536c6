use leptos::prelude::*;

use shared::admin_subscription::SubscriptionMetrics;
use shared::errors::AppError;

/// The dashboard's subscription figures, read now (the app's clock).
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/metrics", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_subscription_metrics() -> Result<SubscriptionMetrics, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let currency = ctx.state.settings.store().currency;
        let now = ctx.state.clock.now();
        services::back_office::subscriptions::metrics(ctx.db(), currency, now).await
    }
    .await;
    result.map_err(AppError::with_status)
}
