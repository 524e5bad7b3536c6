use leptos::prelude::*;

use shared::admin_subscription::AdminSubscription;
use shared::errors::AppError;

/// A subscription with its history, invoices and the actions allowed now.
#[server(prefix = "/_fn", endpoint = "admin/subscriptions/get", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_subscription(id: String) -> Result<AdminSubscription, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "subscription")?;
        services::back_office::subscriptions::subscription(ctx.db(), id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
