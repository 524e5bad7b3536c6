use leptos::prelude::*;

use shared::admin::TaxonomySaved;
use shared::errors::AppError;

/// Creates (blank `id`) or saves a brand: `name` and `slug` (blank: derived from the name).
#[server(prefix = "/_fn", endpoint = "admin/taxonomy/save_brand")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_brand(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] slug: String,
) -> Result<TaxonomySaved, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::back_office::{BrandInput, create_brand, update_brand};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let input = BrandInput { name, slug };
        let actor = Actor::staff(&staff);
        match id.trim() {
            "" | "new" => create_brand(ctx.db(), &input, &actor).await,
            v => update_brand(ctx.db(), parse_id(v, "brand")?, &input, &actor).await,
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
