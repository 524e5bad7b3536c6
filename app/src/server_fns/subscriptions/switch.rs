use leptos::prelude::*;

use shared::errors::AppError;
use shared::subscription::SwitchDone;

/// Switches the signed-in user's subscription `id` to the plan price `variant_id` (one of
/// its `switch_options`), charging the card on file what is due today. Only ids are read:
/// what it costs comes from the database. A plain form post: back to
/// `/account/subscriptions` with a flash message.
#[server(prefix = "/_fn", endpoint = "subscriptions/switch")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn switch_plan(
    id: String,
    #[server(default)] variant_id: String,
) -> Result<SwitchDone, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "subscription").map_err(|_| {
            AppError::NotFound("There is no such subscription in your account.".to_string())
        })?;
        let variant = parse_id(&variant_id, "plan")?;
        services::subscriptions::self_service::switch_plan(&ctx.state, user.id, id, variant).await
    }
    .await;
    ctx.finish(
        result,
        |done| Some(Flash::success(switched_message(done))),
        Some("/account/subscriptions".to_string()),
    )
    .await
}

/// "You're now on Annual. We charged $90.00 today; $12.00 credit is kept for your next
/// charges. It renews on 2026-03-01."
#[cfg(feature = "ssr")]
fn switched_message(done: &SwitchDone) -> String {
    if done.billed_by_stripe {
        return format!(
            "You're now on {}. Stripe charges your card the difference for today (about {}); the invoice appears here once paid. It renews on {}.",
            done.plan_name, done.charged, done.period_end
        );
    }
    let charged = if done.charged.is_zero() {
        "Your credit covered today's charge.".to_string()
    } else {
        format!("We charged {} today.", done.charged)
    };
    let carried = if done.carried.is_zero() {
        String::new()
    } else {
        format!(" {} credit is kept for your next charges.", done.carried)
    };
    format!(
        "You're now on {}. {charged}{carried} It renews on {}.",
        done.plan_name, done.period_end
    )
}
