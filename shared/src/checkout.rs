//! What the checkout wizard and the order confirmation show (built on the server, rendered
//! on both sides). Every amount here was computed by the domain core's `quote`.

use serde::{Deserialize, Serialize};
use storefront::Money;

use crate::account::Address;

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    Contact,
    Address,
    Shipping,
    Payment,
    Review,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Contact,
        Step::Address,
        Step::Shipping,
        Step::Payment,
        Step::Review,
    ];

    /// The `?step=` value.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Contact => "contact",
            Step::Address => "address",
            Step::Shipping => "shipping",
            Step::Payment => "payment",
            Step::Review => "review",
        }
    }

    pub fn from_slug(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|st| st.slug() == s)
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::Contact => "Contact",
            Step::Address => "Address",
            Step::Shipping => "Shipping",
            Step::Payment => "Payment",
            Step::Review => "Review",
        }
    }

    /// `/checkout?step=…`
    pub fn href(self) -> String {
        format!("/checkout?step={}", self.slug())
    }
}

/// A shipping method offered for the address, priced for this cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingOption {
    pub code: String,
    pub name: String,
    pub description: String,
    pub carrier: Option<String>,
    /// The price for this cart (zero when it qualifies for free shipping).
    pub price: Money,
    /// The list price before "free over".
    pub list_price: Money,
    pub free_over: Option<Money>,
    pub min_days: Option<i32>,
    pub max_days: Option<i32>,
}

/// One line of the order summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryLine {
    pub variant_id: i64,
    pub name: String,
    pub variant_name: Option<String>,
    pub quantity: u32,
    pub unit_price: Money,
    pub subtotal: Money,
    pub discount: Money,
    pub tax: Money,
    pub total: Money,
}

/// A promotion that lowered the price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingView {
    pub name: String,
    pub code: Option<String>,
    pub amount: Money,
    pub free_shipping: bool,
}

/// Totals: subtotal − discount + shipping (+ tax when added on top) = total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub lines: Vec<SummaryLine>,
    pub subtotal: Money,
    pub discount: Money,
    /// `None` until a shipping method is chosen (and never needed for digital-only carts).
    pub shipping: Option<Money>,
    pub tax: Money,
    /// Tax is included in the prices (shown as "includes …").
    pub tax_included: bool,
    pub total: Money,
    pub savings: Vec<SavingView>,
}

/// What the shopper chose to pay with (never card data beyond brand and last four).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentChoice {
    /// `test_card` or `stripe`.
    pub method: String,
    pub brand: Option<String>,
    pub last4: Option<String>,
}

impl PaymentChoice {
    pub fn label(&self) -> String {
        match (&self.brand, &self.last4) {
            (Some(b), Some(l)) => format!("{b} ending in {l}"),
            _ => "Card".into(),
        }
    }
}

/// Which payment form to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GatewayInfo {
    /// The built-in test gateway: a card form, Stripe's public test numbers.
    Test,
    /// Stripe: the Payment Element with this publishable key.
    Stripe { publishable_key: String },
}

impl GatewayInfo {
    /// No real money moves: the test gateway, or Stripe with test keys.
    pub fn is_test_mode(&self) -> bool {
        match self {
            GatewayInfo::Test => true,
            GatewayInfo::Stripe { publishable_key } => publishable_key.starts_with("pk_test_"),
        }
    }
}

/// Everything the wizard shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutView {
    /// The first step whose information is missing (or Review when all is there).
    pub next_step: Step,
    pub signed_in: bool,
    pub guest_checkout: bool,
    pub email: Option<String>,
    pub shipping_address: Option<Address>,
    pub billing_address: Option<Address>,
    pub billing_same_as_shipping: bool,
    pub saved_addresses: Vec<Address>,
    pub needs_shipping: bool,
    pub shipping_options: Vec<ShippingOption>,
    pub shipping_method: Option<String>,
    pub payment: Option<PaymentChoice>,
    pub gateway: GatewayInfo,
    pub coupon_code: Option<String>,
    /// Why the entered code does not apply (None when it applies or none was entered).
    pub coupon_problem: Option<String>,
    pub summary: OrderSummary,
    /// Minimum / maximum order amount problem, shown above "Place order".
    pub amount_problem: Option<String>,
    /// Stock is held until then (RFC 3339), once the payment step was reached.
    pub reserved_until: Option<String>,
    /// Why the last payment attempt failed (or why stock could not be held).
    pub last_error: Option<String>,
    /// Sent back with "Place order": a double click or a resent form places one order.
    pub place_key: String,
}

impl CheckoutView {
    /// True when `step`'s prerequisites are all there.
    pub fn can_enter(&self, step: Step) -> bool {
        step <= self.next_step
    }
}
