use leptos::prelude::*;

use shared::errors::AppError;
use shared::subscription::SubscriptionBilling;

/// Billing facts of the signed-in user's subscription `id`: the next charge, a refused
/// payment and its retry, the switch credit, the plans to switch to and the invoices (404
/// for anyone else's).
#[server(prefix = "/_fn", endpoint = "subscriptions/billing", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_subscription_billing(id: String) -> Result<SubscriptionBilling, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "subscription").map_err(|_| {
            AppError::NotFound("There is no such subscription in your account.".to_string())
        })?;
        services::subscriptions::self_service::billing_facts(&ctx.state, user.id, id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
