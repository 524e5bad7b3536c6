use leptos::prelude::*;

use shared::errors::AppError;

/// Adds a cohort to a certification: its exam date (`starts_on`, `YYYY-MM-DD`, today or
/// later) and its places (`capacity`), at the price of the other cohorts.
#[server(prefix = "/_fn", endpoint = "admin/learning_products/cohort_add")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_add_cohort(
    product_id: String,
    #[server(default)] starts_on: String,
    #[server(default)] capacity: String,
) -> Result<String, AppError> {
    use services::back_office::learning_products::{MAX_CAPACITY, add_cohort};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let places = super::whole(&capacity, "capacity", MAX_CAPACITY)?
            .ok_or_else(|| AppError::invalid("capacity", "Give the cohort's number of places."))?;
        let label = add_cohort(ctx.db(), id, &starts_on, places, &Actor::staff(&staff)).await?;
        Ok(format!("Added the cohort on {label} with {places} places."))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
