//! `/api/cart…`: the caller's own cart, found from the session cookie (never from an id the
//! caller names), with the same rules as the pages.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use serde_json::Value;
use services::cart::{self, Owner};
use services::state::AppState;
use shared::errors::AppError;
use tower_sessions::Session;

use super::ApiError;
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

/// A JSON object body, or a 400 saying what is wrong with it.
pub(super) fn body(body: Result<Json<Value>, JsonRejection>) -> Result<Value, ApiError> {
    match body {
        Ok(Json(v)) if v.is_object() => Ok(v),
        Ok(_) => Err(AppError::bad("Send a JSON object.").into()),
        Err(e) => Err(AppError::bad(format!(
            "The request body is not valid JSON: {}",
            e.body_text()
        ))
        .into()),
    }
}

/// A whole number field, or a 400 naming the field.
fn int(v: &Value, field: &str) -> Result<i64, ApiError> {
    match v.get(field) {
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| AppError::bad(format!("`{field}` must be a whole number.")).into()),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| AppError::bad(format!("`{field}` must be a whole number.")).into()),
        Some(_) => Err(AppError::bad(format!("`{field}` must be a whole number.")).into()),
        None => Err(AppError::bad(format!("`{field}` is required.")).into()),
    }
}

fn quantity(v: &Value) -> Result<storefront::Quantity, ApiError> {
    let q = match v.get("quantity") {
        None => 1,
        Some(_) => int(v, "quantity")?,
    };
    storefront::Quantity::try_from(q).map_err(|e| AppError::bad(format!("Quantity: {e}")).into())
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
    request_body(content = Object, description = "`variant_id` and optional `quantity`"),
    responses(
        (status = 200, description = "The cart after the change", body = ApiCart),
        (status = 400, description = "Bad quantity, limit reached, not enough stock", body = ApiErrorBody),
        (status = 404, description = "Unknown variant", body = ApiErrorBody)))]
pub async fn add_item(
    State(state): State<AppState>,
    session: Session,
    headers: axum::http::HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let v = body(payload)?;
    let variant_id = int(&v, "variant_id")?;
    let quantity = quantity(&v)?;
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
    request_body(content = Object, description = "`quantity`"),
    responses(
        (status = 200, description = "The cart after the change", body = ApiCart),
        (status = 400, description = "Bad quantity, limit reached, not enough stock", body = ApiErrorBody),
        (status = 404, description = "Not a line of your cart", body = ApiErrorBody)))]
pub async fn update_item(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let id = item_id(&raw)?;
    let v = body(payload)?;
    if v.get("quantity").is_none() {
        return Err(AppError::bad("`quantity` is required.").into());
    }
    let quantity = quantity(&v)?;
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
