use leptos::prelude::*;

use shared::admin_subscription::{AdminSubscriptionPage, SubscriptionFilter};
use shared::errors::AppError;

/// One page of subscriptions, newest first, filtered by status and searched by email or plan.
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_list_subscriptions(
    filter: SubscriptionFilter,
) -> Result<AdminSubscriptionPage, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::back_office::subscriptions::list_subscriptions(ctx.db(), &filter).await
    }
    .await;
    result.map_err(AppError::with_status)
}
