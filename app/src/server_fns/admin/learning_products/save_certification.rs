use leptos::prelude::*;

use shared::errors::AppError;

/// Saves a certification's prerequisites (`prerequisite[i]`: course product ids; none
/// ticked: no prerequisites).
#[server(prefix = "/_fn", endpoint = "admin/learning_products/certification")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_certification(
    product_id: String,
    #[server(default)] prerequisite: Vec<String>,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let courses = super::parse_ids(&prerequisite, "course")?;
        let names = services::back_office::learning_products::save_certification(
            ctx.db(),
            id,
            courses,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(if names.is_empty() {
            "Saved: no prerequisites.".to_string()
        } else {
            format!("Saved the prerequisites: {}.", names.join(", "))
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
