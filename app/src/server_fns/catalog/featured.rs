use leptos::prelude::*;

use shared::catalog::ProductCard;
use shared::errors::AppError;

/// Products for the home page.
#[server(prefix = "/_fn", endpoint = "catalog/featured")]
pub async fn featured_products() -> Result<Vec<ProductCard>, AppError> {
    let state = crate::server_fns::ctx::app_state()?;
    services::catalog::featured_products(&state.db, 24)
        .await
        .map_err(|e| services::db::service_error("loading featured products", e))
}

/// Best sellers for the home page.
#[server(prefix = "/_fn", endpoint = "catalog/bestsellers")]
pub async fn bestsellers() -> Result<Vec<ProductCard>, AppError> {
    let state = crate::server_fns::ctx::app_state()?;
    services::catalog::bestsellers(&state.db, 8)
        .await
        .map_err(|e| services::db::service_error("loading best sellers", e))
}
