//! Payment gateways the server can plug into checkout: Stripe when its keys are set,
//! otherwise the built-in offline test gateway (`app::checkout::TestGateway`).

pub mod stripe;

use std::sync::Arc;

use app::checkout::PaymentGateway;
use app::checkout_view::GatewayInfo;

/// The gateway for this configuration, and what the payment step shows for it.
pub fn gateway(
    config: Option<&stripe::StripeConfig>,
) -> anyhow::Result<(Arc<dyn PaymentGateway>, GatewayInfo)> {
    Ok(match config {
        Some(c) => (
            Arc::new(stripe::StripeGateway::new(c)?),
            GatewayInfo::Stripe {
                publishable_key: c.publishable_key.clone(),
            },
        ),
        None => (Arc::new(app::checkout::TestGateway), GatewayInfo::Test),
    })
}
