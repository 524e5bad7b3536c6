use leptos::prelude::*;

use shared::errors::AppError;

/// Saves a course's syllabus (`modules`: one title per line), `level` and `hours`.
#[server(prefix = "/_fn", endpoint = "admin/learning_products/course")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_course(
    product_id: String,
    #[server(default)] modules: String,
    #[server(default)] level: String,
    #[server(default)] hours: String,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let modules: Vec<String> = modules
            .lines()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect();
        let count = modules.len();
        let hours = super::whole(&hours, "hours", 10_000)?.unwrap_or(0);
        services::back_office::learning_products::save_course(
            ctx.db(),
            id,
            modules,
            &level,
            hours,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(format!("Saved the syllabus ({count} modules)."))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
