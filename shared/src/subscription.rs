//! Learning subscriptions as the subscriber sees them (`/account/subscriptions`).

use serde::{Deserialize, Serialize};
use storefront::money::Money;

/// One of the signed-in user's subscriptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MySubscription {
    pub id: i64,
    pub plan_name: String,
    /// The plan's product page is `/p/{plan_slug}`.
    pub plan_slug: String,
    /// `TRIALING`, `ACTIVE`, `PAST_DUE`, `PAUSED` or `CANCELED`.
    pub status: String,
    /// What one period costs.
    pub price: Money,
    /// `month` or `year`.
    pub interval: String,
    /// `YYYY-MM-DD`: the next charge date, or the day it ends when `cancel_at_period_end`.
    pub period_end: String,
    /// The subscriber asked to stop at the end of the current period.
    pub cancel_at_period_end: bool,
    /// "Visa ending in 4242", when a card is on file.
    pub card_label: Option<String>,
}
