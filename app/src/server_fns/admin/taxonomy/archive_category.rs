use leptos::prelude::*;

use shared::errors::AppError;

/// Archives (`action` = "archive") or restores ("restore") category `id`. An archived category
/// leaves the shop's menus, listings and filters; one with active sub-categories cannot be
/// archived (409).
#[server(prefix = "/_fn", endpoint = "admin/taxonomy/archive_category")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_archive_category(id: String, action: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let active = super::wanted_active(&action)?;
        let id = parse_id(&id, "category")?;
        services::back_office::set_category_active(ctx.db(), id, active, &Actor::staff(&staff))
            .await
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some(super::PAGE.to_string()),
    )
    .await
}
