use leptos::prelude::*;

use shared::errors::AppError;

/// Adds an internal note to the order (staff only; never shown to the shopper).
#[server(prefix = "/_fn", endpoint = "admin/orders/note")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(number = %number)))]
pub async fn admin_add_note(number: String, body: String) -> Result<String, AppError> {
    use services::orders::{Actor, add_note};
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        add_note(ctx.db(), number.trim(), &body, &Actor::staff(&staff)).await?;
        Ok("Note added.".to_string())
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some(format!("/admin/orders/{}", number.trim())),
    )
    .await
}
