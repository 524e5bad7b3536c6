//! The payment gateway seam: the built-in test gateway ([`super::TestGateway`]) and Stripe
//! (in `server`) implement it; checkout only ever talks to this trait.

use storefront::Money;

/// Which gateway (the `payments.provider` column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Provider {
    Test,
    Stripe,
}

impl Provider {
    pub fn as_db(self) -> &'static str {
        match self {
            Provider::Test => "TEST",
            Provider::Stripe => "STRIPE",
        }
    }

    /// The checkout's `payment_method` for this gateway.
    pub fn method(self) -> &'static str {
        match self {
            Provider::Test => "test_card",
            Provider::Stripe => "stripe",
        }
    }
}

/// An authorisation: reserve `amount` on the payment method behind `token`.
#[derive(Clone, Debug)]
pub struct ChargeRequest<'a> {
    /// What the payment step stored (a test-card token, a Stripe PaymentMethod id).
    pub token: &'a str,
    pub amount: Money,
    /// The same key for a retry of the same charge: the gateway charges once.
    pub idempotency_key: &'a str,
    /// e.g. "Order LC-100042".
    pub description: &'a str,
    /// The order number, kept with the payment at the gateway so a late event finds its order.
    pub order_number: &'a str,
    /// Where the shopper comes back after authenticating (3-D Secure) at their bank.
    pub return_url: &'a str,
    /// The order starts a subscription the gateway will bill (Stripe Billing): keep the card
    /// for later charges, on a customer with this email.
    pub keep_card_for: Option<&'a str>,
}

/// A subscription the gateway bills itself (Stripe Billing), as the gateway has it now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteSubscription {
    /// e.g. `sub_123`.
    pub id: String,
    /// e.g. `cus_123`.
    pub customer: String,
    /// The gateway's status: `active`, `trialing`, `past_due`, `unpaid`, `paused`,
    /// `canceled`, `incomplete`, `incomplete_expired`.
    pub status: String,
    /// The current period, Unix seconds.
    pub current_period_start: i64,
    pub current_period_end: i64,
    /// It ends at the end of the current period.
    pub cancel_at_period_end: bool,
}

/// Starting a gateway-billed subscription after its first period was paid at checkout.
#[derive(Clone, Debug)]
pub struct StartSubscription<'a> {
    /// The checkout's captured payment: its card and customer are kept for the renewals.
    /// `None` for a free trial (nothing was paid): then `card` is the card the checkout
    /// collected, kept on a new customer with `email`, and the trial ends at `first_renewal`.
    pub payment_reference: Option<&'a str>,
    /// The checkout's card (a Stripe PaymentMethod id) when nothing was paid.
    pub card: Option<&'a str>,
    /// The subscriber's email.
    pub email: &'a str,
    /// What each period costs.
    pub price: Money,
    pub interval: storefront::subscription::Interval,
    /// e.g. "Learning Subscription — Monthly".
    pub plan_name: &'a str,
    /// The first renewal, Unix seconds (the checkout paid until then, or the free trial runs
    /// until then: nothing is charged before it).
    pub first_renewal: i64,
    /// Our subscription's id (kept in the gateway's metadata).
    pub local_id: i64,
    pub idempotency_key: &'a str,
}

/// The plan a gateway-billed subscription switches to.
#[derive(Clone, Copy, Debug)]
pub struct SwitchTo<'a> {
    pub price: Money,
    pub interval: storefront::subscription::Interval,
    pub plan_name: &'a str,
}

/// A subscription invoice as a webhook carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteInvoice {
    /// e.g. `in_123`.
    pub id: String,
    /// `paid`, `open`, …
    pub status: String,
    /// Minor units.
    pub amount_paid: i64,
    pub subtotal: i64,
    pub tax: i64,
    /// Lower-case ISO code, as the gateway writes it.
    pub currency: String,
    /// The period it pays, Unix seconds.
    pub period_start: i64,
    pub period_end: i64,
    /// The payment that paid it, if any.
    pub payment_reference: Option<String>,
    /// `subscription_cycle`, `subscription_create`, `subscription_update`, …
    pub billing_reason: Option<String>,
    /// How many times payment was attempted.
    pub attempt_count: i64,
    /// When the gateway tries again, Unix seconds.
    pub next_payment_attempt: Option<i64>,
}

/// Where a payment stands at the gateway. Every variant names the gateway's payment
/// (e.g. a PaymentIntent id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentState {
    /// Authorised: capture it to take the money.
    Authorized { reference: String },
    /// The money is taken.
    Captured { reference: String, amount: i64 },
    /// The shopper must authenticate at `url` (3-D Secure); the result comes back by
    /// webhook or by the return URL.
    RequiresAction { reference: String, url: String },
    /// The gateway is still working on it.
    Processing { reference: String },
    /// Refused, abandoned or cancelled: nothing is taken.
    Failed {
        reference: String,
        code: String,
        message: String,
    },
}

impl PaymentState {
    pub fn reference(&self) -> &str {
        match self {
            PaymentState::Authorized { reference }
            | PaymentState::Captured { reference, .. }
            | PaymentState::RequiresAction { reference, .. }
            | PaymentState::Processing { reference }
            | PaymentState::Failed { reference, .. } => reference,
        }
    }
}

/// Why a gateway call failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The payment was refused: the shopper should use another method. `code` is the
    /// gateway's (e.g. `card_declined`, `insufficient_funds`).
    #[error("{message}")]
    Declined { code: String, message: String },
    /// The gateway could not be reached or failed; the charge did not happen.
    #[error(
        "The payment service is unavailable ({0}). You have not been charged; please try again."
    )]
    Unavailable(String),
}

/// A verified webhook event, reduced to what checkout acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookEvent {
    /// The gateway's event id (events are processed once per id).
    pub id: String,
    /// e.g. `payment_intent.succeeded`.
    pub kind: String,
    /// The payment it is about, if any.
    pub reference: Option<String>,
    /// The order number the payment was created for (its metadata), if any.
    pub order_number: Option<String>,
    /// The gateway subscription it is about (`invoice.*`, `customer.subscription.*`).
    pub subscription: Option<String>,
    /// The invoice it carries (`invoice.*`).
    pub invoice: Option<RemoteInvoice>,
}

/// Why a webhook was not accepted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WebhookRejected {
    #[error("This shop does not take webhooks from this gateway.")]
    NotConfigured,
    #[error("The webhook signature is missing or does not match.")]
    BadSignature,
    #[error("The webhook signature is too old (more than 5 minutes).")]
    Stale,
    #[error("The webhook body is not a valid event: {0}")]
    Malformed(String),
}

/// What every payment gateway can do.
#[async_trait::async_trait]
pub trait PaymentGateway: Send + Sync + std::fmt::Debug {
    fn provider(&self) -> Provider;

    /// Authorises a payment (nothing is taken until [`PaymentGateway::capture`]).
    async fn authorize(&self, req: ChargeRequest<'_>) -> Result<PaymentState, GatewayError>;

    /// Takes `amount` of an authorised payment.
    async fn capture(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<PaymentState, GatewayError>;

    /// Where the payment stands now (asks the gateway again; events may arrive out of order).
    async fn status(&self, reference: &str) -> Result<PaymentState, GatewayError>;

    /// Refunds `amount` of a captured payment; answers the gateway's refund id.
    async fn refund(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, GatewayError>;

    /// Releases an authorisation that was not captured.
    async fn cancel(&self, reference: &str, idempotency_key: &str) -> Result<(), GatewayError>;

    /// Verifies and reads a webhook delivery (`signature`: the signature header).
    fn parse_webhook(
        &self,
        _payload: &str,
        _signature: Option<&str>,
    ) -> Result<WebhookEvent, WebhookRejected> {
        Err(WebhookRejected::NotConfigured)
    }

    /// The gateway renews subscriptions itself (Stripe Billing). The offline gateway does
    /// not: the shop's billing job charges the card on file.
    fn bills_subscriptions(&self) -> bool {
        false
    }

    /// Starts billing a subscription whose first period the checkout paid.
    async fn start_subscription(
        &self,
        _req: StartSubscription<'_>,
    ) -> Result<RemoteSubscription, GatewayError> {
        Err(no_billing())
    }

    /// The subscription `id` as the gateway has it now.
    async fn subscription(&self, _id: &str) -> Result<RemoteSubscription, GatewayError> {
        Err(no_billing())
    }

    /// Ends subscription `id`: at the end of its period (`at_period_end`, taken back by
    /// [`PaymentGateway::keep_subscription`]) or at once.
    async fn cancel_subscription(
        &self,
        _id: &str,
        _at_period_end: bool,
        _idempotency_key: &str,
    ) -> Result<RemoteSubscription, GatewayError> {
        Err(no_billing())
    }

    /// Moves subscription `id` to a new plan price starting now: the gateway credits the
    /// unused time of the old plan and invoices the difference at once (its invoice arrives by
    /// webhook like any other).
    async fn switch_subscription(
        &self,
        _id: &str,
        _plan: SwitchTo<'_>,
        _idempotency_key: &str,
    ) -> Result<RemoteSubscription, GatewayError> {
        Err(no_billing())
    }

    /// A one-time link to the gateway's billing portal for `customer` (the card on file,
    /// invoices), coming back to `return_url`.
    async fn billing_portal(
        &self,
        _customer: &str,
        _return_url: &str,
    ) -> Result<String, GatewayError> {
        Err(no_portal())
    }

    /// Takes back a cancellation at period end.
    async fn keep_subscription(
        &self,
        _id: &str,
        _idempotency_key: &str,
    ) -> Result<RemoteSubscription, GatewayError> {
        Err(no_billing())
    }
}

fn no_portal() -> GatewayError {
    GatewayError::Unavailable("this payment gateway has no billing portal".into())
}

fn no_billing() -> GatewayError {
    GatewayError::Unavailable("this payment gateway does not bill subscriptions".into())
}
