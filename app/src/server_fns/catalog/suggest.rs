use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

use shared::catalog::ProductCard;
use shared::errors::AppError;

/// Autocomplete for the header search box (GET so browsers and proxies may cache it).
#[server(prefix = "/_fn", endpoint = "catalog/suggest", input = GetUrl)]
pub async fn suggest(q: String) -> Result<Vec<ProductCard>, AppError> {
    if q.chars().count() > shared::listing::MAX_QUERY_LEN {
        return Err(AppError::BadRequest("Search text is too long.".into()).with_status());
    }
    let state = crate::server_fns::ctx::app_state()?;
    services::catalog::suggest(&state.db, &q, 6)
        .await
        .map_err(AppError::with_status)
}
