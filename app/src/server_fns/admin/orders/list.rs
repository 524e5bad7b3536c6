use leptos::prelude::*;

use shared::errors::AppError;
use shared::order::{AdminOrderPage, OrderFilter};

/// One page of orders, newest first, filtered.
#[server(prefix = "/_fn", endpoint = "admin/orders/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_list_orders(filter: OrderFilter) -> Result<AdminOrderPage, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::orders::list_orders(ctx.db(), &filter).await
    }
    .await;
    result.map_err(AppError::with_status)
}
