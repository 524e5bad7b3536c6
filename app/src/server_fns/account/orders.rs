use leptos::prelude::*;

use crate::account_view::OrderSummary;
use crate::errors::AppError;

/// The signed-in user's orders, newest first.
#[server(prefix = "/_fn", endpoint = "account/orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        crate::account::orders::list(ctx.db(), user.id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
