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

/// Billing facts of one subscription for its page (`/account/subscriptions`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionBilling {
    /// What the next charge will be (plan price less switch credit, with tax), on
    /// `period_end`; `None` when nothing more will be charged (ending, canceled, paused).
    pub next_charge: Option<Money>,
    /// The last refused payment's message, while PAST_DUE.
    pub last_error: Option<String>,
    /// `YYYY-MM-DD` of the next retry, while PAST_DUE.
    pub next_retry_on: Option<String>,
    /// Credit left from a plan switch, spent on the next charges.
    pub credit: Money,
    /// The plans it can switch to now, each with what switching costs today.
    pub switch_options: Vec<PlanSwitchOption>,
    /// Paid periods, newest first.
    pub invoices: Vec<InvoiceSummary>,
    /// The card can be replaced here (offline test gateway; Stripe uses its own form).
    pub can_update_card: bool,
    /// Stripe bills it: the card and invoices are managed in Stripe's billing portal.
    pub managed_by_stripe: bool,
}

/// Another plan and what switching to it costs today (see
/// `storefront::subscription::switch_plan` for the rule).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSwitchOption {
    /// The plan's price (its variant), what `switch` takes.
    pub variant_id: i64,
    pub plan_name: String,
    /// `month` or `year`.
    pub interval: String,
    /// What one period of it costs.
    pub price: Money,
    /// Credit for the unused days of the current period.
    pub credit: Money,
    /// Due today (before tax).
    pub charge_now: Money,
    /// Credit left over for later charges.
    pub carried: Money,
}

/// One paid period in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    /// e.g. `INV-000042`; its page is `/account/invoices/{invoice_number}`.
    pub invoice_number: String,
    /// The order that records it, e.g. `LC-100123`.
    pub order_number: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`.
    pub period_end: String,
    pub total: Money,
    /// The order's payment status: `CAPTURED`, `REFUNDED`, `PARTIALLY_REFUNDED`.
    pub payment_status: String,
    /// `YYYY-MM-DD`.
    pub issued_on: String,
}

/// What a plan switch did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SwitchDone {
    pub plan_name: String,
    /// Charged today (with tax); zero when the credit covered it.
    pub charged: Money,
    /// Credit kept for later charges.
    pub carried: Money,
    /// `YYYY-MM-DD`: the new plan's next renewal.
    pub period_end: String,
    /// The invoice of the new plan's first period (empty when Stripe bills it: its invoice
    /// arrives by webhook).
    pub invoice_number: String,
    /// Stripe bills it: `charged` and `carried` are the shop's estimate of Stripe's
    /// proration, charged by Stripe.
    pub billed_by_stripe: bool,
}

/// What replacing the card did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CardUpdated {
    /// e.g. "Visa ending in 4242".
    pub card_label: String,
    /// A PAST_DUE subscription was charged at once: paid (the invoice number) …
    pub paid_invoice: Option<String>,
    /// … or refused again (the message).
    pub refused: Option<String>,
}

/// An invoice: one paid period of a subscription, as `/account/invoices/{invoice_number}`
/// prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Invoice {
    /// e.g. `INV-000042`.
    pub invoice_number: String,
    /// The order that records it, e.g. `LC-100123`.
    pub order_number: String,
    /// `YYYY-MM-DD`: the day the order was placed.
    pub issued_on: String,
    /// `YYYY-MM-DD`: the period it pays.
    pub period_start: String,
    /// `YYYY-MM-DD`.
    pub period_end: String,
    /// The shop's name (the store settings'); the service leaves it empty, the caller fills
    /// it in.
    pub seller: String,
    /// The account holder's first and last name, when given.
    pub buyer_name: Option<String>,
    pub buyer_email: String,
    /// The billing address of the order, one printed line each (empty when it has none).
    pub billing_address: Vec<String>,
    pub lines: Vec<InvoiceLine>,
    /// Before discounts (unit prices times quantities).
    pub subtotal: Money,
    /// Discounts, switch credit included.
    pub discount: Money,
    /// Zero for a subscription period (nothing is shipped).
    pub shipping: Money,
    pub tax: Money,
    /// The prices include `tax` (rather than it being added on top).
    pub tax_included: bool,
    /// What was charged.
    pub total: Money,
    /// Refunded so far (zero when nothing was).
    pub refunded: Money,
    /// The order's payment status: `CAPTURED`, `REFUNDED`, `PARTIALLY_REFUNDED`.
    pub payment_status: String,
}

/// One line of an [`Invoice`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub product_name: String,
    /// For a subscription line, the period it pays (`2025-01-15 – 2025-02-15`).
    pub variant_name: String,
    pub quantity: u32,
    pub unit_price: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
}
