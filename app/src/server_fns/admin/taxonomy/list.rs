use leptos::prelude::*;

use shared::admin::AdminTaxonomy;
use shared::errors::AppError;

/// Every category (in tree order) and every brand, archived ones included, with their
/// product counts.
#[server(prefix = "/_fn", endpoint = "admin/taxonomy/list", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_list_taxonomy() -> Result<AdminTaxonomy, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        services::back_office::list_taxonomy(ctx.db()).await
    }
    .await;
    result.map_err(AppError::with_status)
}
