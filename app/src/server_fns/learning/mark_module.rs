use leptos::prelude::*;

use shared::errors::AppError;

/// Marks module `module` (its 0-based index) of course `slug` done (`done` = "true") or not
/// done. A plain form post: back to `/learn/{slug}` with a flash message.
#[server(prefix = "/_fn", endpoint = "learning/mark")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(slug = %slug)))]
pub async fn mark_module(slug: String, module: String, done: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, safe_next};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let slug = slug.trim().to_string();
    let page = format!("/learn/{slug}");
    let back = safe_next(Some(page.as_str()), "/account/learning");
    let result = async {
        let user = ctx.require_user().await?;
        let index = module
            .trim()
            .parse::<u32>()
            .map_err(|_| AppError::invalid("module", "That module is not part of this course."))?;
        let done = matches!(done.trim(), "true" | "1" | "on" | "yes");
        services::learning::course::mark_module(ctx.db(), user.id, &slug, index, done).await?;
        Ok(if done {
            "Module marked done.".to_string()
        } else {
            "Module marked not done.".to_string()
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), Some(back))
        .await
}
