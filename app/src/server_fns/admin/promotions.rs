#![allow(clippy::too_many_arguments)] // one argument per form field
//! Staff promotion management: list, editor, save, delete, preview.

use leptos::prelude::*;

use shared::admin::{AdminPromotion, AdminPromotionRow, PromotionPreview};
use shared::errors::AppError;

/// Every promotion with its usage.
#[server(prefix = "/_fn", endpoint = "admin/promotions/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_list_promotions() -> Result<Vec<AdminPromotionRow>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::back_office::list_promotions(ctx.db()).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Promotion `id` for the editor (blank or `new`: an empty one).
#[server(prefix = "/_fn", endpoint = "admin/promotions/get", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_get_promotion(id: String) -> Result<AdminPromotion, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        match id.trim() {
            "" | "new" => Ok(AdminPromotion {
                kind: "PERCENTAGE".into(),
                currency: ctx.state.settings.store().currency.code().to_string(),
                is_active: true,
                stackable: true,
                ..AdminPromotion::default()
            }),
            v => {
                let id = crate::server_fns::ctx::parse_id(v, "promotion")?;
                services::back_office::load_promotion(ctx.db(), id).await
            }
        }
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Creates (blank `id`) or saves a promotion; answers its id.
#[server(prefix = "/_fn", endpoint = "admin/promotions/save")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_promotion(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] description: String,
    #[server(default)] kind: String,
    #[server(default)] value: String,
    #[server(default)] currency: String,
    #[server(default)] min_subtotal: String,
    #[server(default)] max_discount: String,
    #[server(default)] buy: String,
    #[server(default)] get: String,
    #[server(default)] code: String,
    #[server(default)] starts: String,
    #[server(default)] ends: String,
    #[server(default)] usage_limit: String,
    #[server(default)] per_customer: String,
    #[server(default)] categories: String,
    #[server(default)] tiers: String,
    #[server(default)] active: Option<String>,
    #[server(default)] automatic: Option<String>,
    #[server(default)] stackable: Option<String>,
    #[server(default)] first_order_only: Option<String>,
    #[server(default)] requires_account: Option<String>,
) -> Result<i64, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;
    let on = |v: &Option<String>| v.as_deref().is_some_and(|v| v != "false" && v != "off");
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let existing = match id.trim() {
            "" | "new" => None,
            v => Some(crate::server_fns::ctx::parse_id(v, "promotion")?),
        };
        let input = AdminPromotion {
            id: existing.unwrap_or(0),
            name: name.clone(),
            description,
            kind,
            value,
            currency,
            min_subtotal,
            max_discount,
            buy,
            get,
            code,
            starts,
            ends,
            usage_limit,
            per_customer,
            categories,
            is_active: on(&active),
            is_automatic: on(&automatic),
            stackable: on(&stackable),
            first_order_only: on(&first_order_only),
            requires_account: on(&requires_account),
            times_used: 0,
            tiers,
        };
        services::back_office::save_promotion(ctx.db(), existing, &input, &Actor::staff(&staff))
            .await
    }
    .await;
    let to = result
        .as_ref()
        .ok()
        .map(|id| format!("/admin/promotions/{id}"));
    ctx.finish(
        result,
        |_| Some(Flash::success(format!("Saved “{}”.", name.trim()))),
        to,
    )
    .await
}

/// Deletes a promotion that was never used.
#[server(prefix = "/_fn", endpoint = "admin/promotions/delete")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_delete_promotion(id: String) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "promotion")?;
        let name =
            services::back_office::delete_promotion(ctx.db(), id, &Actor::staff(&staff)).await?;
        Ok(format!("Deleted “{name}”."))
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/admin/promotions".into()),
    )
    .await
}

/// What a sample cart (`SKU x qty, …`) would get from promotion `id`.
#[server(prefix = "/_fn", endpoint = "admin/promotions/preview")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_preview_promotion(
    id: String,
    sample: String,
) -> Result<PromotionPreview, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "promotion")?;
        services::back_office::preview(ctx.db(), id, &sample).await
    }
    .await;
    result.map_err(AppError::with_status)
}
