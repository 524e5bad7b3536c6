#![allow(clippy::too_many_arguments)] // one argument per form field
use leptos::prelude::*;

use shared::admin::SavedProduct;
use shared::errors::AppError;

/// Creates a course bundle, team licence or certification (`kind`) as a draft, with its
/// price (a licence's per seat, a certification's exam fee; blank for a bundle, priced from
/// its courses later) and, for a certification, its first cohort (`starts_on`, `capacity`).
/// A plain form continues to the new product's editor.
#[server(prefix = "/_fn", endpoint = "admin/learning_products/create")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_create_learning_product(
    #[server(default)] kind: String,
    #[server(default)] name: String,
    #[server(default)] slug: String,
    #[server(default)] category: String,
    #[server(default)] price: String,
    #[server(default)] starts_on: String,
    #[server(default)] capacity: String,
) -> Result<SavedProduct, AppError> {
    use services::back_office::learning_products::{
        MAX_CAPACITY, NewLearningProduct, create_learning_product,
    };
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let currency = ctx.state.settings.store().currency;
        let bundle = kind.trim().eq_ignore_ascii_case("COURSE_BUNDLE");
        let price_minor = if price.trim().is_empty() && bundle {
            0
        } else {
            storefront::Money::parse_amount(&price, currency)
                .map_err(|e| AppError::invalid("price", format!("Price: {e}")))?
                .minor()
        };
        let places = super::whole(&capacity, "capacity", MAX_CAPACITY)?;
        let first_cohort = match (starts_on.trim(), places) {
            ("", None) => None,
            (day, Some(n)) => Some((day.to_string(), n)),
            (_, None) => {
                return Err(AppError::invalid(
                    "capacity",
                    "Give the first cohort's number of places.",
                ));
            }
        };
        let input = NewLearningProduct {
            kind: kind.clone(),
            name: name.clone(),
            slug: Some(slug.clone()).filter(|s| !s.trim().is_empty()),
            category: Some(category.clone()).filter(|c| !c.trim().is_empty()),
            currency,
            price_minor,
            first_cohort,
        };
        let created = create_learning_product(ctx.db(), &input, &Actor::staff(&staff)).await?;
        Ok(SavedProduct {
            message: format!(
                "Created “{}” as a draft: set it up in its Learning panel, then tick Active \
                 and save.",
                created.name
            ),
            id: created.id,
            slug: created.slug,
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
