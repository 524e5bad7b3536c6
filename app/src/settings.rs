//! Shop rules that operators may tune (from the environment, see `server::config`).

use std::time::Duration;

use storefront::CartLimits;

/// Tunable limits shared by server functions, REST handlers and jobs.
#[derive(Clone, Debug)]
pub struct ShopSettings {
    pub cart_limits: CartLimits,
    /// A session ends this long after it began, however active (idle expiry is the cookie's).
    pub session_absolute: Duration,
    pub login_throttle: ThrottlePolicy,
    /// How long a password-reset link works.
    pub reset_token_ttl: Duration,
    pub checkout: CheckoutSettings,
}

/// Checkout rules (seed 000: guest checkout on, order amount limits; seed 004: holds).
#[derive(Clone, Debug)]
pub struct CheckoutSettings {
    /// Shoppers may check out without an account, with just an email.
    pub guest_checkout: bool,
    /// Smallest merchandise total (after discounts) in minor units; `None`: no minimum.
    pub min_order_minor: Option<i64>,
    /// Largest merchandise total in minor units; `None`: no maximum.
    pub max_order_minor: Option<i64>,
    /// How long the payment step holds stock.
    pub reservation_ttl: Duration,
    /// Catalogue prices already include tax (tax is shown as "included", not added).
    pub prices_include_tax: bool,
}

impl Default for CheckoutSettings {
    fn default() -> Self {
        CheckoutSettings {
            guest_checkout: true,
            min_order_minor: None,
            max_order_minor: Some(10_000_000),
            reservation_ttl: Duration::from_secs(15 * 60),
            prices_include_tax: false,
        }
    }
}

impl Default for ShopSettings {
    fn default() -> Self {
        ShopSettings {
            cart_limits: CartLimits::default(),
            session_absolute: Duration::from_secs(30 * 24 * 3600),
            login_throttle: ThrottlePolicy::default(),
            reset_token_ttl: Duration::from_secs(3600),
            checkout: CheckoutSettings::default(),
        }
    }
}

/// Failed sign-ins allowed per window, per account (email) and per client IP.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub window: Duration,
    pub per_account: u32,
    pub per_ip: u32,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_ip: 30,
        }
    }
}
