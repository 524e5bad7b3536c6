//! Payment gateways the server can plug into checkout: Stripe when its keys are set,
//! otherwise the built-in offline test gateway (`services::payments::TestGateway`).

pub mod stripe;
pub mod stripe_billing;
pub mod stripe_events;

use std::sync::Arc;

use services::payments::PaymentGateway;
use shared::checkout::GatewayInfo;

/// Why a production configuration would take test payments, if it would: no Stripe keys (the
/// offline test gateway) or Stripe test-mode keys. `ALLOW_TEST_PAYMENTS=true` (a staging
/// shop) accepts either.
pub fn test_payments_in_production(
    production: bool,
    allow_test_payments: bool,
    config: Option<&stripe::StripeConfig>,
) -> Option<&'static str> {
    if !production || allow_test_payments {
        return None;
    }
    match config {
        None => Some(
            "APP_ENV=production takes real payments: set STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY \
             (or ALLOW_TEST_PAYMENTS=true for a staging shop that takes only test cards)",
        ),
        Some(c) if c.secret_key.starts_with("sk_test_") || c.secret_key.starts_with("rk_test_") => {
            Some(
                "APP_ENV=production with Stripe test-mode keys (sk_test_…): use live keys \
                 (or ALLOW_TEST_PAYMENTS=true for a staging shop)",
            )
        }
        Some(_) => None,
    }
}

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
        None => (Arc::new(services::payments::TestGateway), GatewayInfo::Test),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: &str) -> stripe::StripeConfig {
        stripe::StripeConfig {
            secret_key: secret.into(),
            publishable_key: "pk_live_x".into(),
            webhook_secret: None,
            api_base: None,
        }
    }

    #[test]
    fn production_never_takes_test_payments_by_accident() {
        assert!(test_payments_in_production(true, false, None).is_some());
        assert!(test_payments_in_production(true, false, Some(&keys("sk_test_1"))).is_some());
        assert!(test_payments_in_production(true, false, Some(&keys("rk_test_1"))).is_some());
        assert!(test_payments_in_production(true, false, Some(&keys("sk_live_1"))).is_none());
        assert!(test_payments_in_production(true, true, None).is_none());
        assert!(test_payments_in_production(false, false, None).is_none());
        assert!(test_payments_in_production(false, false, Some(&keys("sk_test_1"))).is_none());
    }
}
