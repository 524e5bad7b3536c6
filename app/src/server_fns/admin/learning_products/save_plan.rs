use leptos::prelude::*;

use shared::errors::AppError;

/// Saves a subscription plan's `billing_interval` (`MONTH` or `YEAR`) and `trial_days`
/// (free days before the first charge, 0 to 365; blank: none).
#[server(prefix = "/_fn", endpoint = "admin/learning_products/plan")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_save_plan(
    product_id: String,
    #[server(default)] billing_interval: String,
    #[server(default)] trial_days: String,
) -> Result<String, AppError> {
    use services::back_office::learning_products::{MAX_TRIAL_DAYS, save_plan};
    use services::orders::Actor;
    use shared::account::Flash;

    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let staff = ctx.require_staff().await?;
        let id = crate::server_fns::ctx::parse_id(&product_id, "product")?;
        let trial = super::whole(&trial_days, "trial_days", MAX_TRIAL_DAYS)?.unwrap_or(0);
        let (interval, trial) = save_plan(
            ctx.db(),
            id,
            &billing_interval,
            trial,
            &Actor::staff(&staff),
        )
        .await?;
        let every = interval.as_str().to_lowercase();
        Ok(match trial {
            0 => format!("Saved the plan: billed each {every}, no free trial."),
            1 => format!("Saved the plan: billed each {every} after a 1-day free trial."),
            n => format!("Saved the plan: billed each {every} after a {n}-day free trial."),
        })
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}
