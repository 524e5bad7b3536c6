#![allow(clippy::too_many_arguments)] // one argument per form field
use leptos::prelude::*;

use shared::admin::SavedProduct;
use shared::errors::AppError;

/// The editor's variant rows (parallel `v_*[i]` fields) as variant inputs; rows with no
/// SKU, price and options are blank and skipped.
#[cfg(feature = "ssr")]
fn variants(
    currency: &str,
    id: &[String],
    sku: &[String],
    options: &[String],
    price: &[String],
    compare: &[String],
    weight: &[String],
    stock: &[String],
    status: &[String],
) -> Result<Vec<services::back_office::VariantInput>, AppError> {
    use storefront::{Currency, Money, VariantAttributes};
    let n = sku.len();
    if [
        id.len(),
        options.len(),
        price.len(),
        compare.len(),
        weight.len(),
        stock.len(),
        status.len(),
    ]
    .iter()
    .any(|l| *l != n)
        || n > services::back_office::product_save::MAX_VARIANTS + 10
    {
        return Err(AppError::invalid(
            "variants",
            "The variant rows are not valid.",
        ));
    }
    let currency = Currency::parse(currency.trim())
        .map_err(|e| AppError::invalid("currency", e.to_string()))?;
    let mut out = Vec::new();
    for i in 0..n {
        if sku[i].trim().is_empty() && price[i].trim().is_empty() && options[i].trim().is_empty() {
            continue;
        }
        let row = format!("Variant {}", i + 1);
        let price_minor = Money::parse_amount(&price[i], currency)
            .map_err(|e| AppError::invalid("price", format!("{row}: price: {e}")))?
            .minor();
        let compare_at_minor = if compare[i].trim().is_empty() {
            None
        } else {
            Some(
                Money::parse_amount(&compare[i], currency)
                    .map_err(|e| {
                        AppError::invalid("compare_at", format!("{row}: compare-at: {e}"))
                    })?
                    .minor(),
            )
        };
        let whole = |v: &str, what: &str| -> Result<Option<i64>, AppError> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            v.parse::<i64>().map(Some).map_err(|_| {
                AppError::invalid(what, format!("{row}: {what} must be a whole number."))
            })
        };
        let existing = match id[i].trim() {
            "" => None,
            v => Some(crate::server_fns::ctx::parse_id(v, "variant")?),
        };
        out.push(services::back_office::VariantInput {
            id: existing,
            sku: sku[i].clone(),
            attributes: VariantAttributes::parse(&options[i])
                .map_err(|e| AppError::invalid("attributes", format!("{row}: {e}")))?,
            price_minor,
            compare_at_minor,
            weight_grams: whole(&weight[i], "weight")?.unwrap_or(0),
            active: status[i].trim() != "archived",
            track_inventory: None,
            // Existing variants change stock through adjustments (with a reason).
            stock: if existing.is_some() {
                None
            } else {
                whole(&stock[i], "stock")?
            },
            low_stock_threshold: None,
        });
    }
    Ok(out)
}

/// Creates (blank `id`) or saves a product with its variants.
#[server(prefix = "/_fn", endpoint = "admin/products/save")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn admin_save_product(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] slug: String,
    #[server(default)] description: String,
    #[server(default)] kind: String,
    #[server(default)] category: String,
    #[server(default)] brand: String,
    #[server(default)] currency: String,
    #[server(default)] active: Option<String>,
    #[server(default)] featured: Option<String>,
    #[server(default)] v_id: Vec<String>,
    #[server(default)] v_sku: Vec<String>,
    #[server(default)] v_options: Vec<String>,
    #[server(default)] v_price: Vec<String>,
    #[server(default)] v_compare: Vec<String>,
    #[server(default)] v_weight: Vec<String>,
    #[server(default)] v_stock: Vec<String>,
    #[server(default)] v_status: Vec<String>,
) -> Result<SavedProduct, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let existing = match id.trim() {
            "" | "new" => None,
            v => Some(crate::server_fns::ctx::parse_id(v, "product")?),
        };
        let currency = if currency.trim().is_empty() {
            "USD".to_string()
        } else {
            currency.clone()
        };
        let input = services::back_office::ProductInput {
            name: name.clone(),
            slug: Some(slug.clone()),
            description: description.clone(),
            kind: kind.clone(),
            category: Some(category.clone()).filter(|c| !c.trim().is_empty()),
            brand: Some(brand.clone()).filter(|c| !c.trim().is_empty()),
            active: active
                .as_deref()
                .is_some_and(|v| v != "false" && v != "off"),
            featured: featured
                .as_deref()
                .is_some_and(|v| v != "false" && v != "off"),
            variants: variants(
                &currency, &v_id, &v_sku, &v_options, &v_price, &v_compare, &v_weight, &v_stock,
                &v_status,
            )?,
            currency,
            images: None,
        };
        let out =
            services::back_office::save_product(ctx.db(), existing, &input, &Actor::staff(&staff))
                .await?;
        Ok(SavedProduct {
            message: if out.created {
                format!("Created “{}”.", input.name.trim())
            } else {
                format!("Saved “{}”.", input.name.trim())
            },
            id: out.id,
            slug: out.slug,
        })
    }
    .await;
    let to = result
        .as_ref()
        .ok()
        .map(|s| format!("/admin/products/{}", s.id));
    ctx.finish(result, |s| Some(Flash::success(s.message.clone())), to)
        .await
}

/// Archives a product (hidden from the shop; kept for orders).
#[server(prefix = "/_fn", endpoint = "admin/products/archive")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(id = %id)))]
pub async fn admin_archive_product(id: String) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&id, "product")?;
        let name =
            services::back_office::archive_product(ctx.db(), id, &Actor::staff(&staff)).await?;
        Ok(format!(
            "Archived “{name}”: it is no longer shown in the shop."
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

/// Removes one of a product's images.
#[server(prefix = "/_fn", endpoint = "admin/products/image_remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_remove_image(product_id: String, image_id: String) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let product = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let image = crate::server_fns::ctx::parse_id(&image_id, "image")?;
        services::back_office::remove_image(
            ctx.db(),
            &ctx.state.site.media_dir,
            product,
            image,
            &Actor::staff(&staff),
        )
        .await?;
        Ok("Image removed.".to_string())
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
