use leptos::prelude::*;

use shared::admin::{Dashboard, ImportReport};
use shared::errors::AppError;

/// The dashboard's figures, read now.
#[server(prefix = "/_fn", endpoint = "admin/dashboard", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_dashboard() -> Result<Dashboard, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        let currency = ctx.state.settings.store().currency;
        services::back_office::dashboard(ctx.db(), currency).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// The report of this session's last CSV import, if any.
#[server(prefix = "/_fn", endpoint = "admin/import/report", input = leptos::server_fn::codec::GetUrl)]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_import_report() -> Result<Option<ImportReport>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        ctx.require_staff().await?;
        ctx.session
            .get::<ImportReport>(shared::admin::IMPORT_REPORT_KEY)
            .await
            .map_err(|e| AppError::internal("reading the import report", e))
    }
    .await;
    result.map_err(AppError::with_status)
}
