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

/// A charge: authorise `amount` on the payment method behind `token` and capture it.
#[derive(Clone, Debug)]
pub struct ChargeRequest<'a> {
    /// What the payment step stored (a test-card token, a Stripe PaymentMethod id).
    pub token: &'a str,
    pub amount: Money,
    /// The same key for a retry of the same charge: the gateway charges once.
    pub idempotency_key: &'a str,
    /// e.g. "Order LC-100042".
    pub description: &'a str,
}

/// A successful charge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Charged {
    /// The gateway's id for the payment (e.g. a PaymentIntent id).
    pub reference: String,
    pub captured: Money,
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

/// What every payment gateway can do.
#[async_trait::async_trait]
pub trait PaymentGateway: Send + Sync + std::fmt::Debug {
    fn provider(&self) -> Provider;

    /// Authorises and captures a payment.
    async fn charge(&self, req: ChargeRequest<'_>) -> Result<Charged, GatewayError>;

    /// Refunds `amount` of a captured payment.
    async fn refund(
        &self,
        reference: &str,
        amount: Money,
        idempotency_key: &str,
    ) -> Result<String, GatewayError>;

    /// Releases an authorisation that was not captured.
    async fn cancel(&self, reference: &str) -> Result<(), GatewayError>;
}
