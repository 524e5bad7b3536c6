use leptos::prelude::*;

use shared::errors::AppError;
use shared::subscription::Invoice;

/// The signed-in user's invoice `number` (e.g. `INV-000042`) with the shop as seller (404
/// for anyone else's).
#[server(prefix = "/_fn", endpoint = "subscriptions/invoice", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_invoice(number: String) -> Result<Invoice, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let mut invoice =
            services::subscriptions::invoices::invoice(ctx.db(), Some(user.id), &number).await?;
        invoice.seller = ctx.state.settings.store().store_name;
        Ok::<_, AppError>(invoice)
    }
    .await;
    result.map_err(AppError::with_status)
}
