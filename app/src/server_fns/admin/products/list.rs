use leptos::prelude::*;

use shared::admin::{AdminProductPage, ProductEditor, ProductFilter};
use shared::errors::AppError;

/// One page of products (archived ones too), newest first, filtered.
#[server(prefix = "/_fn", endpoint = "admin/products/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_list_products(filter: ProductFilter) -> Result<AdminProductPage, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::back_office::list_products(ctx.db(), &filter).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// The product editor: product `id` (blank: a new product) with the categories and brands
/// to choose from.
#[server(prefix = "/_fn", endpoint = "admin/products/editor", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_product_editor(id: Option<String>) -> Result<ProductEditor, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let id = match id
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty() && *v != "new")
        {
            Some(v) => Some(crate::server_fns::ctx::parse_id(v, "product")?),
            None => None,
        };
        services::back_office::editor(ctx.db(), id, ctx.state.settings.store().currency).await
    }
    .await;
    result.map_err(AppError::with_status)
}
