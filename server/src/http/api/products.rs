//! `/api/products…`: the catalog for integrations, with the same validation as the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use services::args;
use services::state::AppState;
use shared::errors::AppError;
use shared::listing::ListingQuery;

use super::ApiError;
use super::dto::{ApiProduct, ApiProductList};
use super::error::ApiErrorBody;

type Pairs = Query<Vec<(String, String)>>;

fn parse(pairs: &[(String, String)], category: Option<&str>) -> Result<ListingQuery, ApiError> {
    ListingQuery::parse(pairs, category).map_err(|m| ApiError(AppError::BadRequest(m)))
}

/// List products: filters, sorting and keyset pagination.
///
/// Any other lower-case parameter filters by a variant option, e.g. `size=M&colour=Black`
/// (repeat a parameter to allow several values).
#[utoipa::path(
    get,
    path = "/api/products",
    tag = "products",
    params(
        ("q" = Option<String>, Query, description = "Full-text search"),
        ("category" = Option<String>, Query, description = "Category slug (includes subcategories)"),
        ("brand" = Option<Vec<String>>, Query, description = "Brand slug; repeat for several"),
        ("min_price" = Option<String>, Query, description = "Minimum price, e.g. 25 or 25.99"),
        ("max_price" = Option<String>, Query, description = "Maximum price"),
        ("in_stock" = Option<bool>, Query, description = "Only products in stock"),
        ("sort" = Option<String>, Query, description = "relevance, bestselling, price_asc, price_desc, newest, name"),
        ("after" = Option<String>, Query, description = "Cursor from next_cursor"),
        ("before" = Option<String>, Query, description = "Cursor from prev_cursor"),
        ("per_page" = Option<u32>, Query, description = "1–96, default 24")
    ),
    responses(
        (status = 200, description = "A page of products", body = ApiProductList),
        (status = 400, description = "Invalid parameters", body = ApiErrorBody)
    )
)]
pub async fn list_products(
    State(state): State<AppState>,
    Query(pairs): Pairs,
) -> Result<Json<ApiProductList>, ApiError> {
    let query = parse(&pairs, None)?;
    Ok(Json(
        services::catalog::list_products(&state.db, &query)
            .await?
            .into(),
    ))
}

/// Search products by name, description, brand and SKU (prefix and typo tolerant).
#[utoipa::path(
    get,
    path = "/api/products/search",
    tag = "products",
    params(
        ("q" = String, Query, description = "Search text (1–200 characters)"),
        ("sort" = Option<String>, Query, description = "Default relevance"),
        ("after" = Option<String>, Query, description = "Cursor from next_cursor"),
        ("per_page" = Option<u32>, Query, description = "1–96, default 24")
    ),
    responses(
        (status = 200, description = "Matching products", body = ApiProductList),
        (status = 400, description = "Missing or invalid parameters", body = ApiErrorBody)
    )
)]
pub async fn search_products(
    State(state): State<AppState>,
    Query(pairs): Pairs,
) -> Result<Json<ApiProductList>, ApiError> {
    let query = parse(&pairs, None)?;
    if query.q.is_none() {
        return Err(ApiError(AppError::BadRequest(
            "Add a search text with ?q=…".into(),
        )));
    }
    Ok(Json(
        services::catalog::list_products(&state.db, &query)
            .await?
            .into(),
    ))
}

/// Products in a category and its subcategories.
#[utoipa::path(
    get,
    path = "/api/products/category/{slug}",
    tag = "products",
    params(
        ("slug" = String, Path, description = "Category slug"),
        ("sort" = Option<String>, Query, description = "bestselling (default), price_asc, …"),
        ("after" = Option<String>, Query, description = "Cursor from next_cursor"),
        ("per_page" = Option<u32>, Query, description = "1–96, default 24")
    ),
    responses(
        (status = 200, description = "A page of products", body = ApiProductList),
        (status = 400, description = "Invalid parameters", body = ApiErrorBody),
        (status = 404, description = "No such category", body = ApiErrorBody)
    )
)]
pub async fn products_in_category(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(pairs): Pairs,
) -> Result<Json<ApiProductList>, ApiError> {
    if storefront::ids::Slug::parse(&slug).is_err() {
        return Err(ApiError(AppError::NotFound(format!(
            "There is no category “{slug}”."
        ))));
    }
    let query = parse(&pairs, Some(&slug))?;
    Ok(Json(
        services::catalog::list_products(&state.db, &query)
            .await?
            .into(),
    ))
}

/// One product with its variants, prices and stock.
#[utoipa::path(
    get,
    path = "/api/products/{id}",
    tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 200, description = "The product", body = ApiProduct),
        (status = 400, description = "The id is not a number", body = ApiErrorBody),
        (status = 404, description = "No such product", body = ApiErrorBody)
    )
)]
pub async fn get_product(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ApiProduct>, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError(AppError::BadRequest(format!("“{id}” is not a product id."))))?;
    let not_found = || ApiError(AppError::NotFound(format!("There is no product {id}.")));
    let slug: Option<(String,)> = state
        .db
        .opt(
            "SELECT slug FROM products WHERE id = $1 AND is_active",
            args![id],
        )
        .await
        .map_err(|e| ApiError(services::db::query_error("loading product slug", e)))?;
    let (slug,) = slug.ok_or_else(not_found)?;
    Ok(Json(
        services::catalog::product_detail(&state.db, &slug)
            .await?
            .into(),
    ))
}
