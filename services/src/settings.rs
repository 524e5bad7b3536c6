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
    /// How long the link that finishes a registration works (`SIGNUP_LINK_TTL`; it works once).
    pub signup_link_ttl: Duration,
    /// How long the restore link in a cart reminder works (it works once).
    pub recovery_link_ttl: Duration,
    /// Registrations (attempts) per client IP per hour.
    pub registrations_per_ip: u32,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<crate::client_ip::Cidr>,
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
    /// Most units one checkout may hold at once (`HOLD_MAX_UNITS`).
    pub max_held_units: u32,
    /// Most units all checkouts from one client address (IPv6: its /64) may hold at once
    /// (`HOLD_MAX_UNITS_PER_IP`).
    pub max_held_units_per_ip: u32,
    /// Holds are extended (by returning to the payment step) only until they are this old
    /// (`HOLD_MAX_MINUTES`); then they run out and the stock goes back to everyone.
    pub max_hold: Duration,
}

impl CheckoutSettings {
    /// The rules for holding stock.
    pub fn hold_policy(&self) -> HoldPolicy {
        HoldPolicy {
            ttl: self.reservation_ttl,
            max_units: self.max_held_units,
            max_units_per_ip: self.max_held_units_per_ip,
            max_hold: self.max_hold,
        }
    }
}

/// How stock is held for a checkout.
#[derive(Clone, Copy, Debug)]
pub struct HoldPolicy {
    pub ttl: Duration,
    pub max_units: u32,
    pub max_units_per_ip: u32,
    pub max_hold: Duration,
}

impl Default for CheckoutSettings {
    fn default() -> Self {
        CheckoutSettings {
            guest_checkout: true,
            min_order_minor: None,
            max_order_minor: Some(10_000_000),
            reservation_ttl: Duration::from_secs(15 * 60),
            prices_include_tax: false,
            max_held_units: 50,
            max_held_units_per_ip: 150,
            max_hold: Duration::from_secs(45 * 60),
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
            signup_link_ttl: Duration::from_secs(24 * 3600),
            recovery_link_ttl: Duration::from_secs(7 * 24 * 3600),
            registrations_per_ip: 30,
            trusted_proxies: Vec::new(),
            checkout: CheckoutSettings::default(),
        }
    }
}

/// Failed sign-ins allowed per window, per account (email) and per client IP.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub window: Duration,
    /// Failed sign-ins per account per window; then the account is locked for the window.
    pub per_account: u32,
    /// Failed sign-ins per client IP per window before each further attempt from it is slowed
    /// down (never refused: many honest people share a proxy's or a carrier's address).
    pub per_ip: u32,
    /// The first slow-down; it doubles with every further failure, up to 32×.
    pub ip_delay: Duration,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy {
            window: Duration::from_secs(15 * 60),
            per_account: 5,
            per_ip: 30,
            ip_delay: Duration::from_millis(250),
        }
    }
}

/// What staff may change at run time (the back office's Settings page), stored in
/// `store_settings` and laid over the environment's [`ShopSettings`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoreSettings {
    pub store_name: String,
    /// ISO 4217: the default for new products and promotions, and the dashboard's figures.
    pub currency: storefront::Currency,
    pub reservation_minutes: u32,
    pub cart_max_lines: u32,
    pub cart_max_per_line: u32,
}

/// The live settings, shared by every request of this process. Saving in the back office
/// updates it at once; a job re-reads the table every few seconds so every instance follows.
#[derive(Clone, Debug)]
pub struct SettingsCell {
    base: std::sync::Arc<ShopSettings>,
    current: std::sync::Arc<std::sync::RwLock<(std::sync::Arc<ShopSettings>, StoreSettings)>>,
}

impl SettingsCell {
    /// Starts from the environment's settings (no stored changes yet).
    pub fn new(
        base: ShopSettings,
        store_name: &str,
        currency: storefront::Currency,
    ) -> SettingsCell {
        let store = editable(&base, store_name, currency);
        let base = std::sync::Arc::new(base);
        SettingsCell {
            current: std::sync::Arc::new(std::sync::RwLock::new((base.clone(), store))),
            base,
        }
    }

    /// The settings now.
    pub fn get(&self) -> std::sync::Arc<ShopSettings> {
        self.current
            .read()
            .map(|g| g.0.clone())
            .unwrap_or_else(|p| p.into_inner().0.clone())
    }

    /// The editable part now.
    pub fn store(&self) -> StoreSettings {
        self.current
            .read()
            .map(|g| g.1.clone())
            .unwrap_or_else(|p| p.into_inner().1.clone())
    }

    /// The environment's value of the editable part (before any stored change).
    pub fn defaults(&self) -> StoreSettings {
        editable(&self.base, "", storefront::Currency::BASE)
    }

    /// Applies `store` over the environment's settings.
    pub fn apply(&self, store: StoreSettings) {
        let mut s = (*self.base).clone();
        s.cart_limits = CartLimits::new(store.cart_max_lines, store.cart_max_per_line);
        s.checkout.reservation_ttl = Duration::from_secs(u64::from(store.reservation_minutes) * 60);
        let s = std::sync::Arc::new(s);
        match self.current.write() {
            Ok(mut g) => *g = (s, store),
            Err(p) => *p.into_inner() = (s, store),
        }
    }
}

/// The editable part of `base`.
fn editable(
    base: &ShopSettings,
    store_name: &str,
    currency: storefront::Currency,
) -> StoreSettings {
    StoreSettings {
        store_name: store_name.to_string(),
        currency,
        reservation_minutes: u32::try_from(base.checkout.reservation_ttl.as_secs() / 60)
            .unwrap_or(15),
        cart_max_lines: base.cart_limits.max_lines,
        cart_max_per_line: base.cart_limits.max_per_line,
    }
}
