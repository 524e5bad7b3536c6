use leptos::prelude::*;

use shared::errors::AppError;

/// The tier rows (parallel `from[i]` / `unit[i]` fields; blank rows skipped) as (from seats,
/// price per seat in minor units).
#[cfg(feature = "ssr")]
fn tiers(
    from: &[String],
    unit: &[String],
    currency: storefront::Currency,
) -> Result<Vec<(u32, i64)>, AppError> {
    use services::back_office::learning_products::MAX_TIERS;
    if from.len() != unit.len() || from.len() > MAX_TIERS {
        return Err(AppError::invalid("tiers", "The tier rows are not valid."));
    }
    let mut out = Vec::new();
    for (i, (seats, price)) in from.iter().zip(unit).enumerate() {
        if seats.trim().is_empty() && price.trim().is_empty() {
            continue;
        }
        let row = i + 1;
        let seats = super::whole(seats, "tiers", 1_000)?.ok_or_else(|| {
            AppError::invalid("tiers", format!("Tier {row}: give the seats it starts at."))
        })?;
        let price = storefront::Money::parse_amount(price, currency)
            .map_err(|e| AppError::invalid("tiers", format!("Tier {row}: price per seat: {e}")))?;
        out.push((seats, price.minor()));
    }
    Ok(out)
}

/// Saves a team licence's seat tiers (from this many seats, this price per seat; the first
/// starts at 2) and its course (`course`: a course variant id).
#[server(prefix = "/_fn", endpoint = "admin/learning_products/seat_tiers")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_seat_tiers(
    product_id: String,
    #[server(default)] from: Vec<String>,
    #[server(default)] unit: Vec<String>,
    #[server(default)] course: String,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let currency = super::currency_of(&ctx, id).await?;
        let rows = tiers(&from, &unit, currency)?;
        if course.trim().is_empty() {
            return Err(AppError::invalid("course", "Choose the licence's course."));
        }
        let course = crate::server_fns::ctx::parse_id(&course, "course")?;
        let saved = services::back_office::learning_products::save_seat_tiers(
            ctx.db(),
            id,
            rows,
            course,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(format!(
            "Saved {} seat tier(s); from 2 seats a seat costs {}.",
            saved.tiers().len(),
            saved
                .tiers()
                .first()
                .map(|t| t.unit.to_string())
                .unwrap_or_default()
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
