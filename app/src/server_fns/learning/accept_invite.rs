use leptos::prelude::*;

use shared::errors::AppError;

/// Accepts the team-licence invitation `token` (from the link in the mail) for the signed-in
/// account, which must use the invited address. Answers where to go next: the licence's first
/// course (`/learn/{slug}`). A plain form post is redirected there with a welcome message,
/// or back to the invitation page with the reason it failed.
#[server(prefix = "/_fn", endpoint = "learning/accept")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn accept_invite(token: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result: Result<(String, String), AppError> = async {
        let user = ctx.require_user().await?;
        let joined = services::learning::teams::accept(ctx.db(), &user, &token).await?;
        let to = joined.course_slug.map_or_else(
            || "/account/learning".to_string(),
            |slug| format!("/learn/{slug}"),
        );
        let welcome = format!(
            "Welcome to {}! Your seat is ready; the course is also in My learning.",
            joined.licence
        );
        Ok((to, welcome))
    }
    .await;
    let to = result.as_ref().ok().map(|(to, _)| to.clone());
    ctx.finish(
        result,
        |(_, welcome)| Some(Flash::success(welcome.clone())),
        to,
    )
    .await
    .map(|(to, _)| to)
}
