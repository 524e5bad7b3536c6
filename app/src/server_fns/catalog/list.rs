use leptos::prelude::*;

use crate::errors::AppError;
use crate::listing::ListingPage;

/// One page of products for `/products`, `/c/{slug}` and `/search`: the raw URL query pairs are
/// validated on the server (the same rules as the REST API).
#[server(prefix = "/_fn", endpoint = "catalog/list")]
pub async fn list_products(
    pairs: Vec<(String, String)>,
    path_category: Option<String>,
) -> Result<ListingPage, AppError> {
    let state = crate::state::app_state()?;
    let query = crate::listing::ListingQuery::parse(&pairs, path_category.as_deref())
        .map_err(AppError::BadRequest)?;
    crate::catalog::list_products(&state.db, &query).await
}
