use leptos::prelude::*;

use shared::errors::AppError;
use shared::product::ProductDetail;

/// Everything the product page shows.
#[server(prefix = "/_fn", endpoint = "catalog/product")]
pub async fn get_product(slug: String) -> Result<ProductDetail, AppError> {
    let state = crate::server_fns::ctx::app_state()?;
    let mut product = services::catalog::product_detail(&state.db, &slug)
        .await
        .map_err(AppError::with_status)?;
    let mut event = services::analytics::Event::new("product_view", None);
    event.product_id = Some(product.id);
    event.path = Some(format!("/p/{}", product.slug));
    crate::server_fns::visitor::record_here(&state, event);
    product.base_url = state.site.base_url.clone();
    product.canonical_url = format!("{}/p/{}", state.site.base_url, product.slug);
    Ok(product)
}
