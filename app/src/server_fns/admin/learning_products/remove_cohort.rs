use leptos::prelude::*;

use shared::errors::AppError;

/// Removes a certification's cohort (`variant_id`): deleted when nobody registered or
/// ordered it, else archived (no longer offered).
#[server(prefix = "/_fn", endpoint = "admin/learning_products/cohort_remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_remove_cohort(variant_id: String) -> Result<String, AppError> {
    use services::back_office::learning_products::{CohortRemoval, remove_cohort};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let variant = crate::server_fns::ctx::parse_id(&variant_id, "cohort")?;
        Ok(
            match remove_cohort(ctx.db(), variant, &Actor::staff(&staff)).await? {
                CohortRemoval::Deleted => "Cohort removed.".to_string(),
                CohortRemoval::Deactivated => {
                    "Cohort archived: it is no longer offered; its registrations and orders \
                     are kept."
                        .to_string()
                }
            },
        )
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
