use leptos::prelude::*;

use shared::errors::AppError;

/// Refunds lines (`item[i]`/`qty[i]`) or an amount (e.g. `12.50`) of the captured payment;
/// with neither, everything left.
#[server(prefix = "/_fn", endpoint = "admin/orders/refund")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn admin_refund(
    number: String,
    #[server(default)] amount: String,
    #[server(default)] item: Vec<String>,
    #[server(default)] qty: Vec<String>,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use services::orders::{Actor, RefundRequest, refund_order};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let order = services::orders::find_order_currency(ctx.db(), number.trim()).await?;
        let amount = match amount.trim() {
            "" => None,
            text => Some(
                storefront::money::parse_amount(text, order)
                    .map_err(|_| {
                        AppError::invalid("amount", "Enter the amount as a number, e.g. 12.50.")
                    })?
                    .minor(),
            ),
        };
        let req = RefundRequest {
            amount,
            lines: super::super::picks(&item, &qty)?,
            reason: Some(reason),
            ..RefundRequest::default()
        };
        let refunded = refund_order(
            ctx.db(),
            ctx.state.payments.as_ref(),
            number.trim(),
            &req,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(format!("Refunded {refunded} on order {}.", number.trim()))
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some(format!("/admin/orders/{}", number.trim())),
    )
    .await
}
