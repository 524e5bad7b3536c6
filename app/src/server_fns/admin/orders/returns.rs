use leptos::prelude::*;

use shared::errors::AppError;

/// `approve`, `reject`, `receive`, `cancel` or `refund` return `return_id` of the order.
#[server(prefix = "/_fn", endpoint = "admin/orders/return")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn admin_return_action(
    number: String,
    return_id: String,
    action: String,
) -> Result<String, AppError> {
    use services::orders::{Actor, advance_return, refund_return};
    use shared::account::Flash;
    use storefront::ReturnEvent;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let actor = Actor::staff(&staff);
        let id = crate::server_fns::ctx::parse_id(&return_id, "return")?;
        let number = number.trim();
        let event = match action.as_str() {
            "approve" => ReturnEvent::Approve,
            "reject" => ReturnEvent::Reject,
            "receive" => ReturnEvent::Receive,
            "cancel" => ReturnEvent::Cancel,
            "refund" => {
                let amount =
                    refund_return(ctx.db(), ctx.state.payments.as_ref(), number, id, &actor)
                        .await?;
                return Ok(format!("Return {id} refunded: {amount}."));
            }
            other => {
                return Err(AppError::invalid(
                    "action",
                    format!("Unknown return action {other:?}."),
                ));
            }
        };
        let to = advance_return(ctx.db(), number, id, event, &actor).await?;
        Ok(format!(
            "Return {id} is now {}.",
            to.as_str().to_lowercase()
        ))
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some(format!("/admin/orders/{}", number.trim())),
    )
    .await
}
