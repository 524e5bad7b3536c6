use leptos::prelude::*;

use shared::errors::AppError;
use shared::subscription::MySubscription;

/// The signed-in user's subscriptions, newest first.
#[server(prefix = "/_fn", endpoint = "subscriptions/mine", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_my_subscriptions() -> Result<Vec<MySubscription>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::subscriptions::account::my_subscriptions(ctx.db(), user.id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
