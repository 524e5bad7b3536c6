//! `POST /api/orders` (place an order from the session's cart in one call) and
//! `GET /api/checkout/shipping-methods`. Same services and rules as the checkout wizard;
//! amounts are always computed here, never read from the request.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::Value;
use services::account::addresses::AddressInput;
use services::checkout::load_order;
use services::checkout::steps::{self, PaymentInput};
use services::state::AppState;
use shared::errors::AppError;
use tower_sessions::Session;

use super::ApiError;
use super::bodies::fields;
use super::error::ApiErrorBody;
use super::order_bodies::{PlaceOrderBody, Text};
use super::order_dto::{ApiOrder, ApiShippingMethod};

/// Place an order from your cart in one call:
/// `{email?, shippingAddress, billingAddress?, shippingMethod, couponCode?, payment}` with
/// `payment` = `{method: "test_card", cardNumber, expMonth, expYear, cvc}` or
/// `{method: "stripe", paymentMethodId}`. Send an `Idempotency-Key` header to make retries
/// safe: the same key returns the same order (or the same refusal) and charges once.
/// Prices and totals in the request are ignored.
#[utoipa::path(post, path = "/api/orders", tag = "orders",
    request_body = PlaceOrderBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    responses(
        (status = 201, description = "The order: CONFIRMED when paid, or PENDING with `next_action` when the bank wants the shopper to authenticate (3-D Secure)", body = ApiOrder),
        (status = 400, description = "Malformed request", body = ApiErrorBody),
        (status = 402, description = "Payment refused (nothing charged, nothing kept)", body = ApiErrorBody),
        (status = 409, description = "Not enough stock (with what is left), or already being placed", body = ApiErrorBody),
        (status = 422, description = "An invalid or wrongly shaped field, named in `field`", body = ApiErrorBody),
        (status = 429, description = "Too many failed coupon codes, or too many items already on hold from this client's address (`Retry-After`)", body = ApiErrorBody)))]
#[tracing::instrument(skip_all)]
pub async fn place_order(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    session: Session,
    headers: HeaderMap,
    payload: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiOrder>), ApiError> {
    let key = match headers.get("idempotency-key") {
        Some(k) => Some(
            k.to_str()
                .map_err(|_| {
                    AppError::bad("The Idempotency-Key must be visible ASCII characters.")
                })?
                .to_string(),
        ),
        None => None,
    };
    if let Some(k) = &key
        && let Some(done) = steps::replay(&state, &session, "api", k).await?
    {
        return created(&state, &done.number).await;
    }
    let order: PlaceOrderBody = fields(payload)?;
    let text = |t: Option<Text>| t.map(|t| t.0);
    let email = text(order.email);
    let shipping = order.shipping_address.map(AddressInput::from);
    let billing = order.billing_address.map(AddressInput::from);
    let method = text(order.shipping_method);
    let coupon = text(order.coupon_code);
    let pay = match order.payment {
        None => None,
        Some(p) => Some(p.input().ok_or_else(|| {
            AppError::invalid(
                "payment.method",
                "`payment.method` is required (test_card or stripe).",
            )
        })?),
    };

    let ip = services::client_ip::for_request(
        peer.ip(),
        &headers,
        &state.settings.get().trusted_proxies,
    );
    let mut c = match steps::current(&state, &session, Some(ip)).await {
        Ok(c) => c,
        Err(e) => {
            // A concurrent request with the same key may have placed the order (and converted
            // the cart) since the check above: its outcome is the answer.
            if let Some(k) = &key
                && let Some(done) = steps::replay(&state, &session, "api", k).await?
            {
                return created(&state, &done.number).await;
            }
            return Err(e.into());
        }
    };
    let cart_id = c.cart.id;
    let visitor = services::analytics::visitor_from_headers(&headers);
    let mut event = services::analytics::Event::new("checkout_step", visitor);
    event.cart_id = Some(cart_id);
    event.properties = serde_json::json!({ "step": "api", "channel": "api" });
    state.analytics.record(event);
    let result = checkout_in_one_call(
        &state,
        &mut c,
        email,
        shipping,
        billing,
        method,
        coupon,
        pay,
        key.clone(),
    )
    .await;
    match result {
        Ok(number) => {
            let mut event = services::analytics::Event::new(
                "purchase",
                services::analytics::visitor_from_headers(&headers),
            );
            event.cart_id = Some(cart_id);
            event.properties = serde_json::json!({ "number": number, "channel": "api" });
            state.analytics.record(event);
            created(&state, &number).await
        }
        Err(e) => {
            // A concurrent request with the same key may have placed the order meanwhile
            // (and converted the cart under this one): its outcome is the answer.
            if let Some(k) = &key
                && let Some(done) = steps::replay(&state, &session, "api", k).await?
            {
                return created(&state, &done.number).await;
            }
            // A refused call holds nothing (an order in progress keeps its own holds).
            if !matches!(e, AppError::Conflict(_)) {
                services::holds::release_for_cart(&state.db, cart_id).await?;
            }
            Err(e.into())
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn checkout_in_one_call(
    state: &AppState,
    c: &mut steps::Current,
    email: Option<String>,
    shipping: Option<AddressInput>,
    billing: Option<AddressInput>,
    method: Option<String>,
    coupon: Option<String>,
    pay: Option<PaymentInput>,
    key: Option<String>,
) -> Result<String, AppError> {
    if !c.signed_in() {
        let email = email
            .ok_or_else(|| AppError::invalid("email", "`email` is required for guest checkout."))?;
        steps::contact(state, c, &email).await?;
    }
    steps::address(state, c, shipping.as_ref(), billing.as_ref()).await?;
    match coupon.as_deref().map(str::trim) {
        Some(code) if !code.is_empty() => {
            let client = c.client.clone();
            steps::apply_coupon(state, c, code, client.as_deref()).await?
        }
        _ => steps::remove_coupon(state, c).await?,
    }
    // The card is checked before stock is held, so a typo holds nothing.
    if let Some(p) = &pay {
        steps::payment(state, c, p).await?;
    }
    steps::reload(state, c).await?;
    steps::shipping(state, c, method.as_deref().unwrap_or("")).await?;
    steps::reload(state, c).await?;
    let key = key.unwrap_or_else(services::tokens::random_token);
    Ok(steps::place(state, c, "api", &key).await?.number)
}

async fn created(state: &AppState, number: &str) -> Result<(StatusCode, Json<ApiOrder>), ApiError> {
    let (view, _) = load_order(&state.db, number)
        .await?
        .ok_or(AppError::Internal)?;
    let pending = view.status == storefront::OrderStatus::Pending;
    let mut order: ApiOrder = view.into();
    if pending {
        order.next_action = services::checkout::next_action_for(&state.db, number)
            .await?
            .map(|url| super::order_dto::ApiNextAction {
                kind: "redirect_to_url".into(),
                url,
            });
    }
    Ok((StatusCode::CREATED, Json(order)))
}

#[derive(Deserialize)]
pub struct ShippingQuery {
    country: Option<String>,
    region: Option<String>,
}

/// Shipping methods for an address, priced for your cart now (an empty cart prices them as
/// for an empty order): `?country=US&region=CA`.
#[utoipa::path(get, path = "/api/checkout/shipping-methods", tag = "orders",
    params(
        ("country" = String, Query, description = "ISO 3166 two-letter code"),
        ("region" = Option<String>, Query, description = "State or region code")),
    responses(
        (status = 200, description = "Methods with prices", body = Vec<ApiShippingMethod>),
        (status = 422, description = "Missing or bad country", body = ApiErrorBody)))]
pub async fn shipping_methods(
    State(state): State<AppState>,
    session: Session,
    query: Result<Query<ShippingQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<ApiShippingMethod>>, ApiError> {
    let Query(q) = query.map_err(|e| AppError::bad(e.body_text()))?;
    let country = q.country.unwrap_or_default().trim().to_ascii_uppercase();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(
            AppError::invalid("country", "Give `country` as a two-letter code, e.g. US.").into(),
        );
    }
    let region = q
        .region
        .map(|r| r.trim().to_ascii_uppercase())
        .filter(|r| !r.is_empty());
    let options =
        services::checkout::cart_shipping_options(&state, &session, &country, region.as_deref())
            .await?;
    Ok(Json(options.into_iter().map(Into::into).collect()))
}
