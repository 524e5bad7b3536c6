use leptos::prelude::*;

use crate::types::CategoryLink;

/// Top-level categories for navigation.
#[server(prefix = "/_fn", endpoint = "catalog/categories")]
pub async fn top_categories() -> Result<Vec<CategoryLink>, ServerFnError> {
    let state = expect_context::<crate::state::AppState>();
    crate::catalog::top_categories(&state.db)
        .await
        .map_err(|e| {
            tracing::error!(error = ?e, "loading categories");
            ServerFnError::new("We couldn't load categories right now.")
        })
}
