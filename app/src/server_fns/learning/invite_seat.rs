use leptos::prelude::*;

use shared::errors::AppError;

/// Invites `email` to a free seat of the signed-in owner's team licence `licence` (a mail
/// with a link that accepts it). A plain form post: back to `/account/teams/{licence}` with a
/// flash message.
#[server(prefix = "/_fn", endpoint = "learning/team/invite")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn invite_seat(licence: String, email: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let page = parse_id(&licence, "licence")
        .ok()
        .map(|id| format!("/account/teams/{id}"));
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&licence, "licence").map_err(|_| {
            AppError::NotFound("There is no such team licence in your account.".into())
        })?;
        let seat = services::learning::teams::invite(ctx.db(), user.id, id, &email).await?;
        Ok(format!(
            "Invitation sent to {}. They accept it with an account using that address.",
            seat.email
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), page)
        .await
}
