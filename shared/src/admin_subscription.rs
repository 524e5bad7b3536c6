//! Learning subscriptions as the back office sees them (`/admin/subscriptions`): the list, one
//! subscription with its history and invoices, what a staff action came to, and the
//! dashboard's subscription figures.

use serde::{Deserialize, Serialize};
use storefront::Currency;
use storefront::money::Money;
use storefront::subscription::{Interval, SubscriptionStatus};

/// Filters of the admin subscription list (all optional; as typed in the form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SubscriptionFilter {
    /// `TRIALING`, `ACTIVE`, `PAST_DUE`, `PAUSED` or `CANCELED`.
    pub status: Option<String>,
    /// (Part of) the subscriber's email or the plan's name, or a subscription id.
    pub q: Option<String>,
    /// The cursor from the previous page.
    pub after: Option<String>,
}

/// A row of the admin subscription list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSubscriptionRow {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub plan_name: String,
    pub status: SubscriptionStatus,
    /// What one period costs.
    pub price: Money,
    pub interval: Interval,
    /// `YYYY-MM-DD`: the next charge, or the day it ends when `cancel_at_period_end`.
    pub period_end: String,
    pub cancel_at_period_end: bool,
    /// Refused payments of the current period.
    pub failed_attempts: i32,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub created_at: String,
}

/// One page of the admin subscription list; `next` is the cursor of the following page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSubscriptionPage {
    pub rows: Vec<AdminSubscriptionRow>,
    pub next: Option<String>,
}

/// One line of a subscription's history (`subscription_events`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionEventView {
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub at: String,
    /// The status before (none for the start).
    pub from: Option<String>,
    pub to: String,
    /// `STARTED`, `RENEWED`, `PAYMENT_FAILED`, `CANCELED`, `CANCEL_SCHEDULED`, …
    pub event: String,
    /// `customer`, `system`, `staff:<email>` or `stripe`.
    pub actor: String,
    pub reason: Option<String>,
}

/// One paid period of a subscription: the order that records it and its invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSubscriptionInvoice {
    /// e.g. `INV-000042`.
    pub invoice_number: String,
    /// e.g. `LC-100123`; staff open it at `/admin/orders/{order_number}`.
    pub order_number: String,
    /// `CHECKOUT` (the order that started it) or `RENEWAL`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub period_start: Option<String>,
    /// `YYYY-MM-DD`.
    pub period_end: Option<String>,
    pub total: Money,
    pub refunded: Money,
    /// `CAPTURED`, `PARTIALLY_REFUNDED`, `REFUNDED`, …
    pub payment_status: String,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub placed_at: String,
}

/// One subscription for staff: its terms, history (oldest first), invoices (newest first) and
/// the actions allowed now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminSubscription {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub plan_id: i64,
    pub plan_name: String,
    pub status: SubscriptionStatus,
    pub price: Money,
    pub interval: Interval,
    /// `YYYY-MM-DD`: the current period.
    pub period_start: String,
    /// `YYYY-MM-DD`: the renewal date (the next charge).
    pub period_end: String,
    /// "Visa ending in 4242", when a card is on file.
    pub card_label: Option<String>,
    pub cancel_at_period_end: bool,
    /// Credit left from a plan switch, spent on the next charges.
    pub credit: Money,
    pub failed_attempts: i32,
    /// The last refused payment's message.
    pub last_error: Option<String>,
    /// `YYYY-MM-DD` of the next automatic retry, while PAST_DUE.
    pub next_retry_on: Option<String>,
    /// `TEST` (billed by the shop) or `STRIPE` (billed by Stripe Billing).
    pub provider: String,
    /// `YYYY-MM-DD HH:MM` (UTC).
    pub created_at: String,
    /// `YYYY-MM-DD HH:MM` (UTC), once canceled.
    pub canceled_at: Option<String>,
    pub history: Vec<SubscriptionEventView>,
    pub invoices: Vec<AdminSubscriptionInvoice>,
    /// Actions allowed now: `retry` (PAST_DUE), `cancel`, `refund_last`.
    pub actions: Vec<String>,
}

/// What a staff action on a subscription came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionActionOutcome {
    /// `PAID`, `FAILED`, `CANCELED`, `ENDED`, `NOT_DUE` (retry); `CANCELED` (cancel);
    /// `REFUNDED` (refund of the last period).
    pub outcome: String,
    /// The outcome in words, for staff.
    pub message: String,
}

/// The dashboard's subscription figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionMetrics {
    /// The store's currency, the one `mrr` is in.
    pub currency: Currency,
    /// TRIALING, ACTIVE and PAST_DUE subscriptions.
    pub active_subscribers: i64,
    /// Monthly recurring revenue of ACTIVE and PAST_DUE subscriptions in the store's
    /// currency: a monthly plan's price, a yearly plan's price ÷ 12 (rounded down).
    pub mrr: Money,
    /// The same for subscriptions in other currencies, one amount per currency (never
    /// converted, never added to `mrr`).
    pub mrr_other: Vec<Money>,
    /// Subscriptions canceled in the last 30 days.
    pub canceled_30d: i64,
    /// Canceled in the last 30 days ÷ (live now + canceled in the window), e.g. "4.2%";
    /// "–" with nobody to lose.
    pub churn_30d: String,
    /// Past-due subscriptions a retry (or a new card) brought back in the last 30 days.
    pub recoveries_30d: i64,
    /// Subscriptions PAST_DUE now.
    pub past_due: i64,
    /// When the figures were read (UTC, `YYYY-MM-DD HH:MM:SS`).
    pub as_of: String,
}
