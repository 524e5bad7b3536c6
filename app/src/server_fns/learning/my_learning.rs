use leptos::prelude::*;

use shared::errors::AppError;
use shared::learning::MyLearning;

/// The signed-in user's courses, certifications, downloads and team licences.
#[server(prefix = "/_fn", endpoint = "learning/mine", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_my_learning() -> Result<MyLearning, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::learning::account::my_learning(ctx.db(), user.id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
