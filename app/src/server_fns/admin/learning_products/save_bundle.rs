use leptos::prelude::*;

use shared::errors::AppError;

/// The bundle discount typed in the form: `kind` "percent" (`value` like "25" or "12.5") or
/// "amount" (`value` in the bundle's currency).
#[cfg(feature = "ssr")]
fn discount(
    kind: &str,
    value: &str,
    currency: storefront::Currency,
) -> Result<storefront::learning::BundleDiscount, AppError> {
    use storefront::learning::BundleDiscount;
    use storefront::{Currency, Money};
    let bad = |e: storefront::MoneyError| AppError::invalid("discount", format!("Discount: {e}"));
    match kind.trim() {
        // A percentage with up to 2 decimals is a whole number of hundredths: basis points,
        // read as the minor units of a 2-decimal currency.
        "" | "percent" => {
            let hundredths = Money::parse_amount(value, Currency::Usd).map_err(bad)?;
            u32::try_from(hundredths.minor())
                .map(BundleDiscount::Percent)
                .map_err(|_| AppError::invalid("discount", "The percentage is out of range."))
        }
        "amount" => Ok(BundleDiscount::Amount(
            Money::parse_amount(value, currency).map_err(bad)?,
        )),
        _ => Err(AppError::invalid(
            "discount",
            "Take a percentage or an amount off.",
        )),
    }
}

/// Saves a course bundle's courses (`course[i]`: course variant ids) and discount; the
/// bundle's price becomes the courses' sum less the discount.
#[server(prefix = "/_fn", endpoint = "admin/learning_products/bundle")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_bundle(
    product_id: String,
    #[server(default)] course: Vec<String>,
    #[server(default)] discount_kind: String,
    #[server(default)] discount_value: String,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let courses = super::parse_ids(&course, "course")?;
        let currency = super::currency_of(&ctx, id).await?;
        let off = discount(&discount_kind, &discount_value, currency)?;
        let priced = services::back_office::learning_products::save_bundle(
            ctx.db(),
            id,
            courses,
            off,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(format!(
            "Saved the bundle: it costs {} instead of {} (you save {}).",
            priced.price, priced.list, priced.savings
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
