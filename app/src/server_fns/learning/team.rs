use leptos::prelude::*;

use shared::errors::AppError;
use shared::learning::TeamLicence;

/// The signed-in owner's team licence `id` with its seats (404 for anyone else's).
#[server(prefix = "/_fn", endpoint = "learning/team", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_team(id: String) -> Result<TeamLicence, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "licence").map_err(|_| {
            AppError::NotFound("There is no such team licence in your account.".into())
        })?;
        services::learning::teams::licence(ctx.db(), user.id, id).await
    }
    .await;
    result.map_err(AppError::with_status)
}
