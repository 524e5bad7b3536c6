use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use crate::errors::AppError;
use crate::types::ProductCard;

/// Autocomplete for the header search box (GET so browsers and proxies may cache it).
#[server(prefix = "/_fn", endpoint = "catalog/suggest", input = GetUrl)]
pub async fn suggest(q: String) -> Result<Vec<ProductCard>, AppError> {
    if q.chars().count() > crate::listing::MAX_QUERY_LEN {
        return Err(AppError::BadRequest("Search text is too long.".into()).with_status());
    }
    let state = crate::state::app_state()?;
    crate::catalog::suggest(&state.db, &q, 6)
        .await
        .map_err(AppError::with_status)
}
