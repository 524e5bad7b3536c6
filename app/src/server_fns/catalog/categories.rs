use leptos::prelude::*;

use shared::catalog::CategoryLink;
use shared::errors::AppError;

/// Top-level categories for navigation.
#[server(prefix = "/_fn", endpoint = "catalog/categories")]
pub async fn top_categories() -> Result<Vec<CategoryLink>, AppError> {
    let state = crate::server_fns::ctx::app_state()?;
    services::catalog::top_categories(&state.db)
        .await
        .map_err(|e| services::db::service_error("loading categories", e))
}
