use leptos::prelude::*;

use crate::errors::AppError;
use crate::product::ProductDetail;

/// Everything the product page shows.
#[server(prefix = "/_fn", endpoint = "catalog/product")]
pub async fn get_product(slug: String) -> Result<ProductDetail, AppError> {
    let state = crate::state::app_state()?;
    let mut product = crate::catalog::product_detail(&state.db, &slug)
        .await
        .map_err(AppError::with_status)?;
    let mut event = crate::analytics::Event::new("product_view", None);
    event.product_id = Some(product.id);
    event.path = Some(format!("/p/{}", product.slug));
    crate::analytics::record_here(&state, event);
    product.base_url = state.site.base_url.clone();
    product.canonical_url = format!("{}/p/{}", state.site.base_url, product.slug);
    Ok(product)
}
