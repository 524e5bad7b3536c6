use leptos::prelude::*;

use shared::account::OrderSummary;
use shared::errors::AppError;

/// The signed-in user's orders, newest first.
#[server(prefix = "/_fn", endpoint = "account/orders", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_orders() -> Result<Vec<OrderSummary>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::account::orders::list(ctx.db(), user.id).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// The shopper cancels their order (signed in as its owner, or with the order's secret
/// link `key`). Allowed until it ships.
#[server(prefix = "/_fn", endpoint = "orders/cancel")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn cancel_my_order(
    number: String,
    #[server(default)] key: Option<String>,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use services::orders::{Actor, cancel_order};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let back = order_href(&number, key.as_deref());
    let result = async {
        let user = viewer_may_see(&ctx, &number, key.as_deref()).await?;
        let out = cancel_order(
            ctx.db(),
            ctx.state.payments.as_ref(),
            number.trim(),
            &Actor::customer(user),
            Some(reason.as_str()),
        )
        .await?;
        Ok(if out.refund.is_positive() {
            format!(
                "Your order is cancelled. {} is on its way back to your card.",
                out.refund
            )
        } else {
            "Your order is cancelled.".to_string()
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), Some(back))
        .await
}

/// The shopper asks to return delivered items (`item[i]`/`qty[i]`) with a reason.
#[server(prefix = "/_fn", endpoint = "orders/return")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn request_order_return(
    number: String,
    #[server(default)] key: Option<String>,
    #[server(default)] item: Vec<String>,
    #[server(default)] qty: Vec<String>,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use services::orders::{Actor, ReturnRequest, request_return};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let back = order_href(&number, key.as_deref());
    let result = async {
        let user = viewer_may_see(&ctx, &number, key.as_deref()).await?;
        let req = ReturnRequest {
            lines: crate::server_fns::admin::picks(&item, &qty)?,
            reason,
        };
        request_return(ctx.db(), number.trim(), &req, &Actor::customer(user)).await?;
        Ok("Return requested. We'll email you once it is approved.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), Some(back))
        .await
}

#[cfg(feature = "ssr")]
fn order_href(number: &str, key: Option<&str>) -> String {
    match key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => format!("/orders/{}?key={k}", number.trim()),
        None => format!("/orders/{}", number.trim()),
    }
}

/// The owner's account (or `None` for a guest with the key) when the caller may act on the
/// order as its customer; 404 otherwise.
#[cfg(feature = "ssr")]
async fn viewer_may_see(
    ctx: &crate::server_fns::ctx::Ctx,
    number: &str,
    key: Option<&str>,
) -> Result<Option<i64>, AppError> {
    let user = ctx.user().await?.map(|u| u.id);
    services::checkout::order_for_viewer(
        ctx.db(),
        number.trim(),
        user,
        false,
        key.map(str::trim).filter(|k| !k.is_empty()),
    )
    .await?;
    Ok(user)
}
