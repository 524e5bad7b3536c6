use leptos::prelude::*;

use shared::errors::AppError;

#[cfg(feature = "ssr")]
fn order_page(number: &str) -> Option<String> {
    Some(format!("/admin/orders/{}", number.trim()))
}

/// `confirm`, `start_processing` or `deliver`, as the state machine allows.
#[server(prefix = "/_fn", endpoint = "admin/orders/action")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number, action = %action)))]
pub async fn admin_order_action(number: String, action: String) -> Result<String, AppError> {
    use services::orders::{ActionOutcome, Actor, OrderAction, apply_staff_action};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let action = OrderAction::from_verb(&action)?;
        let gateway = ctx.state.payments.as_ref();
        let number = number.trim();
        let outcome =
            apply_staff_action(ctx.db(), gateway, number, &action, &Actor::staff(&staff)).await?;
        let ActionOutcome::Moved(to) = outcome else {
            return Err(AppError::Internal);
        };
        Ok(format!(
            "Order {number} is now {}.",
            shared::order::status_label(to).to_lowercase()
        ))
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        order_page(&number),
    )
    .await
}

/// Ships units of a PROCESSING order (`item[i]`/`qty[i]`; none given: everything left).
#[server(prefix = "/_fn", endpoint = "admin/orders/fulfil")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn admin_fulfil(
    number: String,
    carrier: String,
    tracking_number: String,
    #[server(default)] item: Vec<String>,
    #[server(default)] qty: Vec<String>,
) -> Result<String, AppError> {
    use services::orders::{Actor, FulfilRequest, fulfil};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let lines = super::super::picks(&item, &qty)?;
        let req = FulfilRequest {
            carrier,
            tracking_number,
            lines: (!lines.is_empty()).then_some(lines),
        };
        let to = fulfil(ctx.db(), number.trim(), &req, &Actor::staff(&staff)).await?;
        Ok(if to.as_str() == "SHIPPED" {
            format!("Order {} is shipped.", number.trim())
        } else {
            format!(
                "Shipment recorded; order {} is partly shipped.",
                number.trim()
            )
        })
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        order_page(&number),
    )
    .await
}

/// Cancels the order: stock back, coupon uses back, payment voided or refunded.
#[server(prefix = "/_fn", endpoint = "admin/orders/cancel")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn admin_cancel_order(
    number: String,
    #[server(default)] reason: String,
) -> Result<String, AppError> {
    use services::orders::{Actor, cancel_order};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let out = cancel_order(
            ctx.db(),
            ctx.state.payments.as_ref(),
            number.trim(),
            &Actor::staff(&staff),
            Some(reason.as_str()),
        )
        .await?;
        Ok(if out.refund.is_positive() {
            format!(
                "Order {} is cancelled and {} refunded.",
                number.trim(),
                out.refund
            )
        } else {
            format!("Order {} is cancelled.", number.trim())
        })
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        order_page(&number),
    )
    .await
}
