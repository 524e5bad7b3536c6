//! The subscriber's billing actions as `/account/subscriptions` (server functions) and
//! `/api/me/subscriptions` (REST) both run them: one function per use case, taking what it
//! needs from [`AppState`] — the billing context, the injected clock's now, whether the card
//! can be replaced here — so neither caller holds any of it.

use chrono::Datelike;

use super::renew::Billing;
use super::{billing_view, card, switch};
use crate::payments::{CardInput, Provider, TestGateway};
use crate::state::AppState;
use shared::errors::AppError;
use shared::subscription::{CardUpdated, SubscriptionBilling, SwitchDone};

// Written here rather than in `state.rs`: `state` stays free of feature modules (no import
// cycle through `checkout`, which uses `AppState`).
impl AppState {
    /// What billing a subscription needs (plan switches, new cards, staff retries): the
    /// database, the gateway, the dunning schedule, whether prices include tax, the base URL.
    pub fn billing(&self) -> Billing<'_> {
        Billing {
            db: &self.db,
            gateway: self.payments.as_ref(),
            dunning: &self.dunning,
            prices_include_tax: self.settings.get().checkout.prices_include_tax,
            base_url: &self.site.base_url,
        }
    }
}

/// The card on file can be replaced in the shop: only on the offline test gateway (Stripe
/// keeps its own cards; the page says to contact us).
pub fn can_update_card(state: &AppState) -> bool {
    state.payments.provider() == Provider::Test
}

/// Billing facts of subscription `sub_id` of `user_id` now. 404: not the caller's.
pub async fn billing_facts(
    state: &AppState,
    user_id: i64,
    sub_id: i64,
) -> Result<SubscriptionBilling, AppError> {
    billing_view::subscription_billing(
        &state.db,
        user_id,
        sub_id,
        state.settings.get().checkout.prices_include_tax,
        can_update_card(state),
        state.clock.now(),
    )
    .await
}

/// Switches subscription `sub_id` of `user_id` to the plan price `variant_id` now. The price
/// and what is due come from the database, never from the request.
pub async fn switch_plan(
    state: &AppState,
    user_id: i64,
    sub_id: i64,
    variant_id: i64,
) -> Result<SwitchDone, AppError> {
    switch::switch_plan(
        state.billing(),
        user_id,
        sub_id,
        variant_id,
        state.clock.now(),
    )
    .await
}

/// Replaces the card of subscription `sub_id` of `user_id` with the one typed in `input`
/// (checked and turned into a token first: a 422 naming the bad field). 409 when the shop's
/// gateway keeps its own cards.
pub async fn replace_card(
    state: &AppState,
    user_id: i64,
    sub_id: i64,
    input: &CardInput,
) -> Result<CardUpdated, AppError> {
    if !can_update_card(state) {
        return Err(AppError::Conflict(
            "The card on file cannot be changed here. Please contact us to update it.".into(),
        ));
    }
    let now = state.clock.now();
    let token = TestGateway.tokenize(input, (now.0.year(), now.0.month()))?;
    card::update_card(state.billing(), user_id, sub_id, &token, now).await
}

/// Where the subscriber of a subscription Stripe bills manages its card and invoices: a
/// one-time link to Stripe's billing portal, back to `/account/subscriptions`. 404: not the
/// caller's; 409: the shop bills it (its card is changed on the page) or it is not set up
/// with Stripe yet.
pub async fn billing_portal(
    state: &AppState,
    user_id: i64,
    sub_id: i64,
) -> Result<String, AppError> {
    let sub = super::record::find(&state.db, sub_id, Some(user_id))
        .await?
        .ok_or_else(|| {
            AppError::NotFound("There is no such subscription in your account.".into())
        })?;
    let customer: Option<(Option<String>,)> = state
        .db
        .opt(
            "SELECT provider_customer_id FROM subscriptions WHERE id = $1",
            crate::args![sub.id],
        )
        .await
        .map_err(|e| crate::db::query_error("subscription customer", e))?;
    let customer = customer
        .and_then(|(c,)| c)
        .filter(|_| sub.provider == "STRIPE")
        .ok_or_else(|| {
            AppError::Conflict(
                "This subscription's card and invoices are managed on this page.".into(),
            )
        })?;
    let back = format!("{}/account/subscriptions", state.site.base_url);
    state
        .payments
        .billing_portal(&customer, &back)
        .await
        .map_err(|e| AppError::Unavailable(e.to_string()))
}
