use leptos::prelude::*;

use shared::errors::AppError;

/// Changes a variant's stock with a reason (`restock`, `damage`, `correction`).
#[server(prefix = "/_fn", endpoint = "admin/products/stock")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_adjust_stock(
    variant_id: String,
    delta: String,
    reason: String,
    #[server(default)] note: String,
) -> Result<String, AppError> {
    use services::back_office::AdjustReason;
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let variant = crate::server_fns::ctx::parse_id(&variant_id, "variant")?;
        let delta: i64 = delta.trim().trim_start_matches('+').parse().map_err(|_| {
            AppError::invalid(
                "delta",
                format!("{:?} is not a whole number.", delta.trim()),
            )
        })?;
        let reason = AdjustReason::parse(&reason)?;
        let level = services::back_office::adjust_stock(
            ctx.db(),
            variant,
            delta,
            reason,
            &note,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(format!(
            "Stock changed by {delta:+}: {} on hand, {} available.",
            level.on_hand,
            level.on_hand - level.reserved
        ))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

/// Sets a variant's low-stock threshold.
#[server(prefix = "/_fn", endpoint = "admin/products/threshold")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_set_threshold(
    variant_id: String,
    threshold: String,
) -> Result<String, AppError> {
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let variant = crate::server_fns::ctx::parse_id(&variant_id, "variant")?;
        let threshold: i64 = threshold
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("threshold", "The threshold must be a whole number."))?;
        let sku = services::back_office::set_threshold(
            ctx.db(),
            variant,
            threshold,
            &Actor::staff(&staff),
        )
        .await?;
        Ok(format!("{sku}: low-stock alert at {threshold} available."))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
