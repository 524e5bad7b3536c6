use leptos::prelude::*;

use shared::errors::AppError;

/// Revokes seat `seat` of the signed-in owner's team licence `licence` and the access it gave;
/// the seat is free to invite someone else. A plain form post: back to
/// `/account/teams/{licence}` with a flash message.
#[server(prefix = "/_fn", endpoint = "learning/team/revoke")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn revoke_seat(licence: String, seat: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let page = parse_id(&licence, "licence")
        .ok()
        .map(|id| format!("/account/teams/{id}"));
    let result = async {
        let user = ctx.require_user().await?;
        let not_found = |_: AppError| {
            AppError::NotFound("There is no such seat on your team licences.".to_string())
        };
        let licence_id = parse_id(&licence, "licence").map_err(not_found)?;
        let seat_id = parse_id(&seat, "seat").map_err(not_found)?;
        let email =
            services::learning::teams::revoke_seat(ctx.db(), user.id, licence_id, seat_id).await?;
        Ok(format!(
            "The seat of {email} was revoked. You can invite someone else to it."
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), page)
        .await
}
