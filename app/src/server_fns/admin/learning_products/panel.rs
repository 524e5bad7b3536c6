use leptos::prelude::*;

use shared::admin::AdminLearningPanel;
use shared::errors::AppError;

/// The Learning panel of product `id`: its syllabus, courses, discount, tiers,
/// prerequisites and cohorts as set now, and the courses to choose from.
#[server(prefix = "/_fn", endpoint = "admin/learning_products/panel", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_learning_panel(id: String) -> Result<AdminLearningPanel, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "product")?;
        services::back_office::learning_products::learning_panel(
            ctx.db(),
            id,
            ctx.state.settings.store().currency,
        )
        .await
    }
    .await;
    result.map_err(AppError::with_status)
}
