//! The public JSON API under `/api`, described by an OpenAPI 3 document generated from the
//! handlers (`/api/openapi.json`). Routes and document come from the same `routes!` calls, so
//! they cannot drift apart.

mod admin_subscriptions;
mod bodies;
mod cart;
mod cart_dto;
mod dto;
mod error;
mod learning;
mod learning_dto;
mod order_bodies;
mod order_dto;
mod order_lifecycle;
mod orders;
pub(crate) mod product_admin;
mod products;
mod subscription_dto;
mod subscriptions;
pub use subscriptions::billing_portal_redirect;
mod users;

use std::sync::Arc;

use axum::routing::{any, get};
use axum::{Json, Router};
use services::state::AppState;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::ApiError;

#[derive(OpenApi)]
#[openapi(
    // Routed in `routes::back_office` (it needs a larger body limit).
    paths(product_admin::upload_image),
    info(
        title = "Larkspur & Co. storefront API",
        description = "Catalog, cart and accounts for integrations. Money is integer minor units plus an ISO 4217 currency.",
        version = "1"
    ),
    tags(
        (name = "products", description = "Catalog listing, search and product details; staff: catalogue writes, stock and images"),
        (name = "cart", description = "The caller's cart (session cookie; never another shopper's)"),
        (name = "users", description = "Register, sign in and out"),
        (name = "learning", description = "Your courses, certifications, downloads and team licences"),
        (name = "subscriptions", description = "Your learning subscriptions: billing, cancel or resume, switch plans, the card on file, invoices"),
        (name = "admin-subscriptions", description = "Staff: learning subscriptions — list, history and invoices, retry a payment, cancel, refund the last period, figures"),
        (name = "orders", description = "Checkout, your orders, cancellation; staff: status moves and refunds")
    )
)]
struct ApiDoc;

/// The API router and its OpenAPI document.
pub fn router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(
            products::list_products,
            product_admin::create_product
        ))
        .routes(routes!(products::search_products))
        .routes(routes!(products::products_in_category))
        .routes(routes!(
            products::get_product,
            product_admin::update_product,
            product_admin::archive_product
        ))
        .routes(routes!(product_admin::adjust_stock))
        .routes(routes!(cart::get_cart))
        .routes(routes!(cart::add_item))
        .routes(routes!(cart::update_item, cart::remove_item))
        .routes(routes!(cart::clear_cart))
        .routes(routes!(orders::place_order, order_lifecycle::my_orders))
        .routes(routes!(order_lifecycle::get_order))
        .routes(routes!(order_lifecycle::cancel))
        .routes(routes!(order_lifecycle::set_status))
        .routes(routes!(order_lifecycle::refund))
        .routes(routes!(orders::shipping_methods))
        .routes(routes!(users::register))
        .routes(routes!(users::confirm))
        .routes(routes!(users::login))
        .routes(routes!(users::logout))
        .routes(routes!(learning::my_enrolments))
        .routes(routes!(learning::licence_seats, learning::invite_seat))
        .routes(routes!(learning::revoke_seat))
        .routes(routes!(subscriptions::my_subscriptions))
        .routes(routes!(subscriptions::cancel_subscription))
        .routes(routes!(subscriptions::resume_subscription))
        .routes(routes!(subscriptions::switch_subscription_plan))
        .routes(routes!(subscriptions::update_subscription_card))
        .routes(routes!(subscriptions::get_invoice))
        .routes(routes!(subscriptions::subscription_billing_portal))
        .routes(routes!(admin_subscriptions::admin_list_subscriptions))
        .routes(routes!(admin_subscriptions::admin_subscription_metrics))
        .routes(routes!(admin_subscriptions::admin_get_subscription))
        .routes(routes!(admin_subscriptions::admin_retry_subscription))
        .routes(routes!(admin_subscriptions::admin_pause_subscription))
        .routes(routes!(admin_subscriptions::admin_resume_subscription))
        .routes(routes!(admin_subscriptions::admin_cancel_subscription))
        .routes(routes!(admin_subscriptions::admin_refund_last_period))
        .split_for_parts()
}

/// `router()` plus `GET /api/openapi.json`.
pub fn with_document() -> Router<AppState> {
    let (router, doc) = router();
    let doc = Arc::new(doc);
    router
        .route(
            "/api/openapi.json",
            get(move || async move { Json((*doc).clone()) }),
        )
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found))
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError(shared::errors::AppError::NotFound(format!(
        "No API endpoint at {}. See /api/openapi.json.",
        uri.path()
    )))
}
