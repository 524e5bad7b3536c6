//! Staff catalogue writes: `POST /api/products`, `PUT /api/products/{id}`,
//! `DELETE /api/products/{id}` (archives), `POST /api/products/{id}/images` (multipart) and
//! `POST /api/products/{id}/stock` (an adjustment with a reason). The same services as the
//! back office's editor, so the same rules and messages.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use services::orders::Actor;
use services::state::AppState;
use shared::errors::AppError;
use storefront::VariantAttributes;
use tower_sessions::Session;
use utoipa::ToSchema;

use super::ApiError;
use super::error::ApiErrorBody;
use crate::http::back_office::{read_upload, wants_html};
use crate::http::middleware::staff_guard::staff;

/// A product to create or replace. Amounts are integer minor units of `currency`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiProductInput {
    pub name: String,
    /// Blank: made from the name.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: String,
    /// `PHYSICAL` (default), `DIGITAL`, `COURSE` or `SUBSCRIPTION` (a plan: monthly, no trial
    /// until staff set its terms in the editor).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// Category slug.
    #[serde(default)]
    pub category: Option<String>,
    /// Brand slug.
    #[serde(default)]
    pub brand: Option<String>,
    /// ISO 4217; without it, the store's currency (Settings).
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub featured: bool,
    /// Image addresses in order (replace the product's images); omit to keep them.
    #[serde(default)]
    pub images: Option<Vec<String>>,
    pub variants: Vec<ApiVariantInput>,
}

fn yes() -> bool {
    true
}

/// One variant. Variants are matched by `id`, else by `sku`; the product's variants left
/// out are archived.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiVariantInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub sku: String,
    /// Option values: `{"size": "M", "colour": "Black"}` or `"size=M; colour=Black"`.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub options: Option<serde_json::Value>,
    /// Minor units.
    pub price: i64,
    #[serde(default)]
    pub compare_at: Option<i64>,
    #[serde(default)]
    pub weight_grams: i64,
    /// Units on hand (new variants start here; for existing ones the difference is booked
    /// as an adjustment).
    #[serde(default)]
    pub stock: Option<i64>,
    #[serde(default)]
    pub low_stock_threshold: Option<i64>,
    #[serde(default = "yes")]
    pub active: bool,
    /// Count stock (default: as before; new variants of DIGITAL products do not).
    #[serde(default)]
    pub track_inventory: Option<bool>,
}

/// What a write did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiSavedProduct {
    pub id: i64,
    pub slug: String,
    pub url: String,
    pub created: bool,
    pub variants_created: u64,
    pub variants_updated: u64,
}

fn options(v: Option<&serde_json::Value>) -> Result<VariantAttributes, AppError> {
    let bad = |e: storefront::AttributeError| AppError::invalid("options", e.to_string());
    match v {
        None | Some(serde_json::Value::Null) => Ok(VariantAttributes::default()),
        Some(serde_json::Value::String(s)) => VariantAttributes::parse(s).map_err(bad),
        Some(serde_json::Value::Object(map)) => {
            let mut pairs = Vec::with_capacity(map.len());
            for (k, v) in map {
                match v {
                    serde_json::Value::String(s) => pairs.push((k.clone(), s.clone())),
                    _ => {
                        return Err(AppError::invalid(
                            "options",
                            format!("The value of option {k:?} must be a string."),
                        ));
                    }
                }
            }
            VariantAttributes::from_pairs(pairs).map_err(bad)
        }
        Some(_) => Err(AppError::invalid(
            "options",
            "`options` is an object of strings or a \"name=value; …\" string.",
        )),
    }
}

/// A typed JSON body: a field of the wrong type or name is a 422 saying which, anything
/// else (not JSON, wrong content type) a 400.
fn typed<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|e| match e {
        JsonRejection::JsonDataError(d) => AppError::invalid("body", d.body_text()),
        other => AppError::bad(other.body_text()),
    })
}

/// The product as the service takes it; without a `currency`, the store's (Settings).
fn input(
    body: Result<Json<ApiProductInput>, JsonRejection>,
    store_currency: storefront::Currency,
) -> Result<services::back_office::ProductInput, AppError> {
    let p = typed(body)?;
    let variants = p
        .variants
        .iter()
        .map(|v| {
            Ok(services::back_office::VariantInput {
                id: v.id,
                sku: v.sku.clone(),
                attributes: options(v.options.as_ref())?,
                price_minor: v.price,
                compare_at_minor: v.compare_at,
                weight_grams: v.weight_grams,
                active: v.active,
                track_inventory: v.track_inventory,
                stock: v.stock,
                low_stock_threshold: v.low_stock_threshold,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(services::back_office::ProductInput {
        name: p.name,
        slug: p.slug,
        description: p.description,
        kind: p.kind.unwrap_or_default(),
        category: p.category,
        brand: p.brand,
        currency: p
            .currency
            .unwrap_or_else(|| store_currency.code().to_string()),
        active: p.active,
        featured: p.featured,
        variants,
        images: p.images,
    })
}

fn saved(out: services::back_office::SaveOutcome) -> ApiSavedProduct {
    ApiSavedProduct {
        url: format!("/p/{}", out.slug),
        id: out.id,
        slug: out.slug,
        created: out.created,
        variants_created: out.variants_created,
        variants_updated: out.variants_updated,
    }
}

fn product_id(id: &str) -> Result<i64, AppError> {
    id.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| AppError::bad(format!("“{id}” is not a product id.")))
}

/// Create a product with its variants (staff).
#[utoipa::path(post, path = "/api/products", tag = "products",
    request_body = ApiProductInput,
    responses(
        (status = 400, description = "Malformed request (not JSON, or the wrong shape)", body = ApiErrorBody),
        (status = 201, description = "Created", body = ApiSavedProduct),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 409, description = "Slug or SKU already used", body = ApiErrorBody),
        (status = 422, description = "Invalid field", body = ApiErrorBody)))]
pub async fn create_product(
    State(state): State<AppState>,
    session: Session,
    body: Result<Json<ApiProductInput>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiSavedProduct>), ApiError> {
    let user = staff(&state, &session).await?;
    let input = input(body, state.settings.store().currency)?;
    let out =
        services::back_office::save_product(&state.db, None, &input, &Actor::staff(&user)).await?;
    Ok((StatusCode::CREATED, Json(saved(out))))
}

/// Replace a product and its variants (staff).
#[utoipa::path(put, path = "/api/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    request_body = ApiProductInput,
    responses(
        (status = 400, description = "Malformed request (not JSON, or the wrong shape)", body = ApiErrorBody),
        (status = 200, description = "Saved", body = ApiSavedProduct),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such product", body = ApiErrorBody),
        (status = 409, description = "Slug or SKU already used", body = ApiErrorBody),
        (status = 422, description = "Invalid field", body = ApiErrorBody)))]
pub async fn update_product(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Result<Json<ApiProductInput>, JsonRejection>,
) -> Result<Json<ApiSavedProduct>, ApiError> {
    let user = staff(&state, &session).await?;
    let id = product_id(&id)?;
    let input = input(body, state.settings.store().currency)?;
    let out =
        services::back_office::save_product(&state.db, Some(id), &input, &Actor::staff(&user))
            .await?;
    Ok(Json(saved(out)))
}

/// Archive a product (staff): hidden from the shop, kept for past orders.
#[utoipa::path(delete, path = "/api/products/{id}", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    responses(
        (status = 400, description = "Not a valid id", body = ApiErrorBody),
        (status = 204, description = "Archived"),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such product", body = ApiErrorBody)))]
pub async fn archive_product(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let user = staff(&state, &session).await?;
    let id = product_id(&id)?;
    services::back_office::archive_product(&state.db, id, &Actor::staff(&user)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A stock change with a reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiStockAdjustment {
    pub sku: String,
    /// Units to add (positive) or remove (negative).
    pub delta: i64,
    /// `restock`, `damage` or `correction`.
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiStockLevel {
    pub sku: String,
    pub on_hand: i64,
    pub reserved: i64,
    pub available: i64,
}

/// Adjust a variant's stock (staff). Removing more than is on hand (or free of checkout
/// holds) is refused with 409.
#[utoipa::path(post, path = "/api/products/{id}/stock", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    request_body = ApiStockAdjustment,
    responses(
        (status = 400, description = "Malformed request (not JSON, or the wrong shape)", body = ApiErrorBody),
        (status = 200, description = "New stock level", body = ApiStockLevel),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such variant", body = ApiErrorBody),
        (status = 409, description = "Not that much stock", body = ApiErrorBody),
        (status = 422, description = "Invalid field", body = ApiErrorBody)))]
pub async fn adjust_stock(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Result<Json<ApiStockAdjustment>, JsonRejection>,
) -> Result<Json<ApiStockLevel>, ApiError> {
    let user = staff(&state, &session).await?;
    let id = product_id(&id)?;
    let a = typed(body)?;
    let sku =
        storefront::Sku::parse(&a.sku).map_err(|e| AppError::invalid("sku", e.to_string()))?;
    let variant = services::back_office::inventory::variant_of(&state.db, id, sku.as_str()).await?;
    let reason = services::back_office::AdjustReason::parse(&a.reason)?;
    let level = services::back_office::adjust_stock(
        &state.db,
        variant,
        a.delta,
        reason,
        &a.note,
        &Actor::staff(&user),
    )
    .await?;
    Ok(Json(ApiStockLevel {
        sku: sku.as_str().to_string(),
        on_hand: level.on_hand,
        reserved: level.reserved,
        available: level.on_hand - level.reserved,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiImage {
    pub url: String,
}

/// Upload a product image (staff; multipart field `image`, optional `alt`). PNG, JPEG,
/// WebP or GIF up to 5 MB, checked by content. A plain form post is redirected back to the
/// product's editor.
#[utoipa::path(post, path = "/api/products/{id}/images", tag = "products",
    params(("id" = i64, Path, description = "Product id")),
    request_body(content_type = "multipart/form-data", description = "`image` file, `alt` text"),
    responses(
        (status = 400, description = "Malformed request (not JSON, or the wrong shape)", body = ApiErrorBody),
        (status = 201, description = "Stored", body = ApiImage),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 403, description = "Not staff", body = ApiErrorBody),
        (status = 404, description = "No such product", body = ApiErrorBody),
        (status = 422, description = "Not an image, or too large", body = ApiErrorBody)))]
pub async fn upload_image(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, ApiError> {
    let user = staff(&state, &session).await?;
    let html = wants_html(&headers);
    let result = async {
        let id = product_id(&id)?;
        let form = form.map_err(|e| {
            AppError::bad(format!(
                "Send the image as a form upload: {}",
                e.body_text()
            ))
        })?;
        let (bytes, fields) = read_upload(form, "image").await?;
        let alt = fields
            .iter()
            .find(|(k, _)| k == "alt")
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        let url = services::back_office::add_image(
            &state.db,
            &state.site.media_dir,
            id,
            &bytes,
            alt,
            &Actor::staff(&user),
        )
        .await?;
        Ok::<_, AppError>((id, url))
    }
    .await;
    if !html {
        let (_, url) = result?;
        return Ok((StatusCode::CREATED, Json(ApiImage { url })).into_response());
    }
    let back = match product_id(&id) {
        Ok(id) => format!("/admin/products/{id}"),
        Err(_) => "/admin/products".to_string(),
    };
    let flash = match &result {
        Ok(_) => shared::account::Flash::success("Image added."),
        Err(e) => shared::account::Flash::error(e.to_string()),
    };
    services::session::set_flash(&session, flash).await?;
    Ok(Redirect::to(&back).into_response())
}
