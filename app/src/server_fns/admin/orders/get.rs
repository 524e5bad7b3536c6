use leptos::prelude::*;

use shared::errors::AppError;
use shared::order::AdminOrder;

/// An order with its timeline, notes and the actions allowed now.
#[server(prefix = "/_fn", endpoint = "admin/orders/get", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_order(number: String) -> Result<AdminOrder, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::orders::admin_order(ctx.db(), number.trim()).await
    }
    .await;
    result.map_err(AppError::with_status)
}
