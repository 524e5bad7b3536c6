use leptos::prelude::*;

use shared::errors::AppError;

/// Limits a course's or cohort's places (`capacity`; blank: unlimited).
#[server(prefix = "/_fn", endpoint = "admin/learning_products/capacity")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_set_capacity(
    variant_id: String,
    #[server(default)] capacity: String,
) -> Result<String, AppError> {
    use services::back_office::learning_products::{MAX_CAPACITY, set_capacity};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let variant = crate::server_fns::ctx::parse_id(&variant_id, "variant")?;
        let capacity = super::whole(&capacity, "capacity", MAX_CAPACITY)?;
        set_capacity(ctx.db(), variant, capacity, &Actor::staff(&staff)).await?;
        Ok(match capacity {
            Some(n) => format!("Places limited to {n}."),
            None => "Places are now unlimited.".to_string(),
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
