//! `/api/cart…`: the caller's own cart, found from the session cookie (never from an id the
//! caller names), with the same rules as the pages.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use services::cart::{self, Owner};
use services::state::AppState;
use shared::errors::AppError;
use tower_sessions::Session;

use super::ApiError;
use super::bodies::{self, AddItemBody, SetQuantityBody, WholeNumber};
use super::cart_dto::ApiCart;
use super::error::ApiErrorBody;

async fn owner(state: &AppState, session: &Session) -> Result<Owner, ApiError> {
    Ok(cart::owner_of(&state.db, session, &state.settings.get())
        .await?
        .1)
}

async fn view(state: &AppState, owner: &Owner) -> Result<Json<ApiCart>, ApiError> {
    let c = cart::find_cart(&state.db, owner).await?;
    Ok(Json(
        cart::load_view(&state.db, state.settings.get().cart_limits, c.as_ref())
            .await?
            .into(),
    ))
}

fn quantity(q: WholeNumber) -> Result<storefront::Units, ApiError> {
    storefront::Units::try_from(q.0).map_err(|e| AppError::bad(format!("Quantity: {e}")).into())
}

/// The caller's cart, re-priced now.
#[utoipa::path(get, path = "/api/cart", tag = "cart",
    responses((status = 200, description = "The cart (empty when there is none)", body = ApiCart)))]
pub async fn get_cart(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<ApiCart>, ApiError> {
    let owner = owner(&state, &session).await?;
    view(&state, &owner).await
}

/// Add a product option: `{"variant_id": 12, "quantity": 2}` (quantity defaults to 1).
/// The same variant adds to its line; limits and stock are checked.
#[utoipa::path(post, path = "/api/cart/items", tag = "cart",
    request_body = AddItemBody,
    responses(
        (status = 200, description = "The cart after the change", body = ApiCart),
        (status = 400, description = "Bad quantity, limit reached, not enough stock", body = ApiErrorBody),
        (status = 404, description = "Unknown variant", body = ApiErrorBody)))]
pub async fn add_item(
    State(state): State<AppState>,
    session: Session,
    headers: axum::http::HeaderMap,
    payload: Result<Json<AddItemBody>, JsonRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let b = bodies::parse(payload)?;
    let variant_id = b.variant_id.0;
    let quantity = quantity(b.quantity.unwrap_or(WholeNumber(1)))?;
    let owner = owner(&state, &session).await?;
    let (c, _) = cart::add_to_cart(
        &state.db,
        &session,
        &state.settings.get(),
        &owner,
        variant_id,
        quantity,
    )
    .await?;
    let mut event = services::analytics::Event::new(
        "add_to_cart",
        services::analytics::visitor_from_headers(&headers),
    );
    event.variant_id = Some(variant_id);
    event.cart_id = Some(c.id);
    event.properties = serde_json::json!({ "quantity": quantity.get(), "channel": "api" });
    state.analytics.record(event);
    Ok(Json(
        cart::load_view(&state.db, state.settings.get().cart_limits, Some(&c))
            .await?
            .into(),
    ))
}

async fn own_cart(state: &AppState, owner: &Owner) -> Result<cart::CartRef, ApiError> {
    cart::find_cart(&state.db, owner)
        .await?
        .ok_or_else(|| AppError::NotFound("That item is not in your cart.".into()).into())
}

fn item_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| AppError::NotFound("That item is not in your cart.".into()).into())
}

/// Set a line's quantity: `{"quantity": 3}`.
#[utoipa::path(put, path = "/api/cart/items/{item_id}", tag = "cart",
    params(("item_id" = i64, Path, description = "A line of your cart")),
    request_body = SetQuantityBody,
    responses(
        (status = 200, description = "The cart after the change", body = ApiCart),
        (status = 400, description = "Bad quantity, limit reached, not enough stock", body = ApiErrorBody),
        (status = 404, description = "Not a line of your cart", body = ApiErrorBody)))]
pub async fn update_item(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    payload: Result<Json<SetQuantityBody>, JsonRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let id = item_id(&raw)?;
    let quantity = quantity(bodies::parse(payload)?.quantity)?;
    let owner = owner(&state, &session).await?;
    let c = own_cart(&state, &owner).await?;
    cart::set_quantity(
        &state.db,
        state.settings.get().cart_limits,
        &c,
        id,
        quantity,
    )
    .await?;
    view(&state, &owner).await
}

/// Remove a line.
#[utoipa::path(delete, path = "/api/cart/items/{item_id}", tag = "cart",
    params(("item_id" = i64, Path, description = "A line of your cart")),
    responses(
        (status = 400, description = "Not a valid id", body = ApiErrorBody),
        (status = 200, description = "The cart after the change", body = ApiCart),
        (status = 404, description = "Not a line of your cart", body = ApiErrorBody)))]
pub async fn remove_item(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiCart>, ApiError> {
    let id = item_id(&raw)?;
    let owner = owner(&state, &session).await?;
    let c = own_cart(&state, &owner).await?;
    cart::remove_item(&state.db, &c, id).await?;
    view(&state, &owner).await
}

/// Empty the cart.
#[utoipa::path(post, path = "/api/cart/clear", tag = "cart",
    responses((status = 200, description = "The empty cart", body = ApiCart)))]
pub async fn clear_cart(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<ApiCart>, ApiError> {
    let owner = owner(&state, &session).await?;
    if let Some(c) = cart::find_cart(&state.db, &owner).await? {
        cart::clear(&state.db, &c).await?;
    }
    view(&state, &owner).await
}
