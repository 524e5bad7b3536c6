use leptos::prelude::*;

use shared::errors::AppError;

/// Archives (`action` = "archive") or restores ("restore") brand `id`. An archived brand is no
/// longer offered as a filter in the shop; its products stay on sale.
#[server(prefix = "/_fn", endpoint = "admin/taxonomy/archive_brand")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_archive_brand(id: String, action: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let active = super::wanted_active(&action)?;
        let id = parse_id(&id, "brand")?;
        services::back_office::set_brand_active(ctx.db(), id, active, &Actor::staff(&staff)).await
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some(super::PAGE.to_string()),
    )
    .await
}
