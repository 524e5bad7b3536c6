use leptos::prelude::*;

use crate::errors::AppError;
use crate::types::CategoryLink;

/// Top-level categories for navigation.
#[server(prefix = "/_fn", endpoint = "catalog/categories")]
pub async fn top_categories() -> Result<Vec<CategoryLink>, AppError> {
    let state = crate::state::app_state()?;
    crate::catalog::top_categories(&state.db)
        .await
        .map_err(|e| AppError::internal("loading categories", e))
}
