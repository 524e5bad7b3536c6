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
}

impl Default for ShopSettings {
    fn default() -> Self {
        ShopSettings {
            cart_limits: CartLimits::default(),
            session_absolute: Duration::from_secs(30 * 24 * 3600),
            login_throttle: ThrottlePolicy::default(),
            reset_token_ttl: Duration::from_secs(3600),
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
