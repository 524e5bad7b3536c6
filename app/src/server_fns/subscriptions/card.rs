use leptos::prelude::*;

use shared::errors::AppError;
use shared::subscription::CardUpdated;

/// Replaces the card on file of the signed-in user's subscription `id` (offline test gateway
/// only; the same fields as the checkout's payment step). Only the brand and last four
/// digits are kept. A PAST_DUE subscription is charged at once with the new card. A plain
/// form post: back to `/account/subscriptions` with a flash message.
#[server(prefix = "/_fn", endpoint = "subscriptions/card")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn update_subscription_card(
    id: String,
    #[server(default)] card_number: String,
    #[server(default)] exp_month: String,
    #[server(default)] exp_year: String,
    #[server(default)] cvc: String,
) -> Result<CardUpdated, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use services::payments::CardInput;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let id = parse_id(&id, "subscription").map_err(|_| {
            AppError::NotFound("There is no such subscription in your account.".to_string())
        })?;
        let card = CardInput {
            number: card_number,
            exp_month,
            exp_year,
            cvc,
        };
        services::subscriptions::self_service::replace_card(&ctx.state, user.id, id, &card).await
    }
    .await;
    ctx.finish(
        result,
        |done| Some(card_message(done)),
        Some("/account/subscriptions".to_string()),
    )
    .await
}

/// What the flash says: the new card, and what charging it for an overdue period did.
#[cfg(feature = "ssr")]
fn card_message(done: &CardUpdated) -> shared::account::Flash {
    use shared::account::Flash;
    let saved = format!("Your subscription now uses {}.", done.card_label);
    match (&done.paid_invoice, &done.refused) {
        (_, Some(why)) => Flash::error(format!(
            "{saved} We tried it for the overdue payment, but it was refused: {why}"
        )),
        (Some(invoice), None) => Flash::success(format!(
            "{saved} The overdue payment went through (invoice {invoice})."
        )),
        (None, None) => Flash::success(saved),
    }
}
