use leptos::prelude::*;

use shared::errors::AppError;

/// Sets whether a course is included in the learning subscription (`included`: the ticked
/// checkbox; absent: not included).
#[server(prefix = "/_fn", endpoint = "admin/learning_products/included")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_set_included(
    product_id: String,
    #[server(default)] included: Option<String>,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let included = included
            .as_deref()
            .is_some_and(|v| v != "false" && v != "off");
        let name = services::back_office::learning_products::set_included(
            ctx.db(),
            id,
            included,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(if included {
            format!("“{name}” is included in the learning subscription.")
        } else {
            format!("“{name}” is no longer included in the learning subscription.")
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
