use leptos::prelude::*;

use crate::types::ProductCard;

/// Products for the home page.
#[server(prefix = "/_fn", endpoint = "catalog/featured")]
pub async fn featured_products() -> Result<Vec<ProductCard>, ServerFnError> {
    let state = expect_context::<crate::state::AppState>();
    crate::catalog::featured_products(&state.db, 24)
        .await
        .map_err(|e| {
            tracing::error!(error = ?e, "loading featured products");
            ServerFnError::new("We couldn't load products right now. Please try again.")
        })
}
