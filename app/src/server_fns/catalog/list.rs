use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use shared::errors::AppError;
use shared::listing::ListingPage;

/// One page of products for `/products`, `/c/{slug}` and `/search`: the raw URL query pairs are
/// validated on the server (the same rules as the REST API).
/// JSON input: URL-encoded arguments cannot represent an empty pair list.
#[server(prefix = "/_fn", endpoint = "catalog/list", input = Json)]
pub async fn list_products(
    pairs: Vec<(String, String)>,
    path_category: Option<String>,
) -> Result<ListingPage, AppError> {
    let state = crate::server_fns::ctx::app_state()?;
    let query = shared::listing::ListingQuery::parse(&pairs, path_category.as_deref())
        .map_err(|m| AppError::BadRequest(m).with_status())?;
    let mut page = services::catalog::list_products(&state.db, &query)
        .await
        .map_err(AppError::with_status)?;
    page.site_url = state.site.base_url.clone();
    Ok(page)
}
