use leptos::prelude::*;

use shared::admin::TaxonomySaved;
use shared::errors::AppError;

/// Creates (blank `id`) or saves a category: `name`, `slug` (blank: derived from the name) and
/// `parent` (a category id; blank: the top level). Moving a category is choosing another
/// parent; one of its own sub-categories is refused (422 on `parent`).
#[server(prefix = "/_fn", endpoint = "admin/taxonomy/save_category")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_category(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] slug: String,
    #[server(default)] parent: String,
) -> Result<TaxonomySaved, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::back_office::{CategoryInput, create_category, update_category};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let parent = match parent.trim() {
            "" => None,
            v => Some(v.parse::<i64>().ok().filter(|p| *p > 0).ok_or_else(|| {
                AppError::invalid("parent", "Choose a category from the list, or “Top level”.")
            })?),
        };
        let input = CategoryInput { name, slug, parent };
        let actor = Actor::staff(&staff);
        match id.trim() {
            "" | "new" => create_category(ctx.db(), &input, &actor).await,
            v => update_category(ctx.db(), parse_id(v, "category")?, &input, &actor).await,
        }
    }
    .await;
    ctx.finish(
        result,
        |s| Some(Flash::success(s.message.clone())),
        Some(super::PAGE.to_string()),
    )
    .await
}
