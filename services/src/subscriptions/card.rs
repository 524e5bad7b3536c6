//! Replacing the card on file (the offline test gateway's token; Stripe keeps its own). A
//! PAST_DUE subscription is charged at once with the new card: that is what a subscriber
//! updating their card after a failed payment expects.

use shared::errors::AppError;
use shared::subscription::CardUpdated;
use storefront::subscription::SubscriptionStatus;

use super::db_err;
use super::record::{self, Event};
use super::renew::{Billing, Charged, Trigger, charge};
use crate::args;
use crate::db::Ts;
use crate::payments::CardToken;

/// Puts `card` on file for subscription `sub_id` of `user_id`. 404: not the caller's; 409:
/// canceled, or billed by Stripe.
pub async fn update_card(
    b: Billing<'_>,
    user_id: i64,
    sub_id: i64,
    card: &CardToken,
    now: Ts,
) -> Result<CardUpdated, AppError> {
    let label = format!("{} ending in {}", card.brand, card.last4);
    let mut tx = b.db.begin_write().await.map_err(db_err)?;
    let sub = record::lock(&mut tx, sub_id, Some(user_id))
        .await?
        .ok_or_else(|| {
            AppError::NotFound("There is no such subscription in your account.".into())
        })?;
    if sub.status() == SubscriptionStatus::Canceled {
        return Err(AppError::Conflict(
            "This subscription has ended: there is no card to update.".into(),
        ));
    }
    if sub.provider != "TEST" {
        return Err(AppError::Conflict(
            "This subscription is billed by Stripe: contact us to change the card.".into(),
        ));
    }
    tx.exec(
        "UPDATE subscriptions SET payment_token = $1, card_label = $2, updated_at = $3 WHERE id = $4",
        args![card.token.clone(), label.clone(), now, sub.id],
    )
    .await
    .map_err(db_err)?;
    record::event(
        &mut tx,
        sub.id,
        Event {
            from: Some(sub.status()),
            to: sub.status(),
            event: "CARD_UPDATED",
            actor: "customer",
            reason: Some(format!("Card on file is now the {label}")),
        },
        now,
    )
    .await?;
    tx.commit().await.map_err(db_err)?;
    let mut done = CardUpdated {
        card_label: label,
        paid_invoice: None,
        refused: None,
    };
    if sub.status() == SubscriptionStatus::PastDue {
        match charge(b, sub.id, Some(user_id), Trigger::RetryNow, "customer", now).await? {
            Charged::Paid { invoice, .. } => done.paid_invoice = Some(invoice),
            Charged::Failed { message, .. } | Charged::Canceled { message } => {
                done.refused = Some(message);
            }
            Charged::Ended | Charged::NotDue => {}
        }
    }
    Ok(done)
}
