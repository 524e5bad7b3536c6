use leptos::prelude::*;

use shared::errors::AppError;
use shared::order::OrderView;

/// An order for its confirmation page: the shopper's own, staff, or anyone with its secret
/// link (`key`).
#[server(prefix = "/_fn", endpoint = "orders/get")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_order(number: String, key: Option<String>) -> Result<OrderView, AppError> {
    use crate::server_fns::ctx::Ctx;
    let ctx = Ctx::load().await?;
    let user = ctx.user().await?;
    let view = services::checkout::order_for_viewer(
        ctx.db(),
        number.trim(),
        user.as_ref().map(|u| u.id),
        user.as_ref().is_some_and(|u| u.is_staff()),
        key.as_deref().map(str::trim),
    )
    .await
    .map_err(AppError::with_status)?;
    services::orders::with_lifecycle(ctx.db(), view)
        .await
        .map_err(AppError::with_status)
}
