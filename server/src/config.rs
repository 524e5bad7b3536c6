//! Configuration from the environment (a `.env` file is honoured by `main`).

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;

/// Where the shop runs; controls log format and cookie security.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppEnv {
    Development,
    Production,
    Test,
}

impl AppEnv {
    fn parse(s: &str) -> anyhow::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "dev" | "development" | "local" => Ok(AppEnv::Development),
            "prod" | "production" => Ok(AppEnv::Production),
            "test" => Ok(AppEnv::Test),
            other => anyhow::bail!(
                "APP_ENV must be one of development, production, test (got {other:?})"
            ),
        }
    }
}

/// When to load the demo catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedMode {
    /// Load it when the catalog is empty (default).
    IfEmpty,
    /// `--seed-demo`: load it now even if products exist (existing demo rows are kept).
    Force,
    /// `SEED_DEMO=false`: never.
    Never,
}

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default `sqlite://data/shop.db`) or `postgres://…` (may hold a password:
    /// never printed).
    pub database_url: Secret,
    pub site_addr: SocketAddr,
    pub app_env: AppEnv,
    /// Public base URL used in absolute links (emails, canonical URLs, sitemap).
    pub public_url: Option<String>,
    pub admin_email: String,
    /// Never printed (`Debug` shows `[redacted]`).
    pub admin_password: Option<Secret>,
    pub seed: SeedMode,
    /// Pool size and timeouts.
    pub db: crate::db::PoolSettings,
    /// Cart limits, session lifetime, login throttling, reset-link lifetime.
    pub shop: services::settings::ShopSettings,
    /// Sessions end after this long without a request.
    pub session_idle: std::time::Duration,
    /// Carts with items and no activity for this long become ABANDONED.
    pub cart_abandon_after: std::time::Duration,
    /// Guest carts with no activity for this long become EXPIRED.
    pub cart_expire_after: std::time::Duration,
    /// The background jobs (`None`: none run in this process; tests run passes themselves).
    pub jobs: Option<crate::jobs::JobsConfig>,
    /// The time the app and its jobs read (the system's; tests inject a manual clock).
    pub clock: services::clock::Clock,
    /// Days after a failed renewal at which it is retried (`DUNNING_RETRY_DAYS`, "1,3,5").
    pub dunning: storefront::subscription::DunningSchedule,
    /// Abandoned-cart reminders go out this long after the cart's last change (at most three;
    /// empty: none).
    pub recovery_delays: Vec<Duration>,
    /// `SMTP_URL`: send mail over SMTP; unset: write it to `mail_dir`.
    pub smtp_url: Option<String>,
    /// The file mailbox (`MAIL_DIR`, default `data/mail`).
    pub mail_dir: std::path::PathBuf,
    /// The sender address (`MAIL_FROM`, default `shop@<PUBLIC_URL host>`).
    pub mail_from: Option<String>,
    /// This instance's name in job claims, logs and metrics (`INSTANCE_NAME`, default
    /// `<host>-<pid>`).
    pub instance: Option<String>,
    /// Largest request body accepted, in bytes (`REQUEST_BODY_LIMIT_KB`, 1024).
    pub body_limit: usize,
    /// Requests served at once; more get 503 + Retry-After (`MAX_IN_FLIGHT`, 512).
    pub max_in_flight: usize,
    /// A request taking longer gets 503 (`REQUEST_TIMEOUT`, 30 s).
    pub request_timeout: Duration,
    /// Stripe keys; `None`: the built-in test gateway takes payments.
    pub stripe: Option<crate::payments::stripe::StripeConfig>,
    /// `ALLOW_TEST_PAYMENTS` (false): lets `APP_ENV=production` start with the test gateway
    /// or Stripe test keys (a staging shop); otherwise production refuses to start with them.
    pub allow_test_payments: bool,
    /// Orders still waiting for their payment after this long are given up (stock and
    /// coupon uses go back).
    pub pending_order_timeout: std::time::Duration,
    /// Where uploaded product images are stored, served under `/media` (`MEDIA_DIR`,
    /// default `data/media`).
    pub media_dir: std::path::PathBuf,
    /// Who may read `/metrics` and where it is served (`METRICS_TOKEN`, `METRICS_ADDR`).
    pub metrics: MetricsConfig,
}

/// `/metrics`: with `METRICS_TOKEN`, readable with that bearer token; with `METRICS_ADDR`,
/// served (without a token) on that separate, private address instead of the shop's. In
/// production with neither, the shop does not serve it at all.
#[derive(Clone, Debug, Default)]
pub struct MetricsConfig {
    pub token: Option<Secret>,
    pub addr: Option<SocketAddr>,
}

/// A secret setting: usable, never printed (`Debug` shows `[redacted]`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The environment as `Config` reads it: blank values count as unset, and each kind of
/// value has one parser with one error message.
struct Env<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Env<'_> {
    fn var(&self, k: &str) -> Option<String> {
        (self.0)(k).filter(|v| !v.trim().is_empty())
    }

    fn number(&self, k: &str, default: u64) -> anyhow::Result<u64> {
        match self.var(k) {
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .with_context(|| format!("{k} must be a positive whole number, got {v:?}")),
            None => Ok(default),
        }
    }

    fn flag(&self, k: &str, default: bool) -> anyhow::Result<bool> {
        match self.var(k).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if matches!(v.as_str(), "1" | "true" | "yes" | "on") => Ok(true),
            Some(v) if matches!(v.as_str(), "0" | "false" | "no" | "off") => Ok(false),
            Some(v) => anyhow::bail!("{k} must be true or false, got {v:?}"),
        }
    }

    fn amount(&self, k: &str, default: Option<i64>) -> anyhow::Result<Option<i64>> {
        match self.var(k) {
            Some(v) => v
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .with_context(|| {
                    format!("{k} must be an amount in minor units (cents), got {v:?}")
                }),
            None => Ok(default),
        }
    }

    fn duration(&self, k: &str, default: Duration) -> anyhow::Result<Duration> {
        match self.var(k) {
            Some(v) => parse_duration(&v)
                .filter(|d| !d.is_zero())
                .with_context(|| {
                    format!("{k} must be a duration such as 500ms, 30s, 5m, 1h or 2d, got {v:?}")
                }),
            None => Ok(default),
        }
    }

    fn count(&self, k: &str, default: u64) -> anyhow::Result<u32> {
        Ok(u32::try_from(self.number(k, default)?).unwrap_or(u32::MAX))
    }
}

fn site_addr(env: &Env) -> anyhow::Result<SocketAddr> {
    let addr = env
        .var("SITE_ADDR")
        .or_else(|| env.var("LEPTOS_SITE_ADDR"))
        .unwrap_or_else(|| "127.0.0.1:3000".into());
    addr.parse()
        .with_context(|| format!("SITE_ADDR must be host:port, got {addr:?}"))
}

fn seed_mode(env: &Env) -> anyhow::Result<SeedMode> {
    Ok(
        match env
            .var("SEED_DEMO")
            .map(|v| v.to_ascii_lowercase())
            .as_deref()
        {
            None | Some("auto") | Some("true") | Some("1") | Some("yes") => SeedMode::IfEmpty,
            Some("false") | Some("0") | Some("no") | Some("never") => SeedMode::Never,
            Some("force") => SeedMode::Force,
            Some(other) => anyhow::bail!("SEED_DEMO must be auto, force or false (got {other:?})"),
        },
    )
}

fn pool(env: &Env) -> anyhow::Result<crate::db::PoolSettings> {
    let max_connections =
        match env.var("DB_MAX_CONNECTIONS") {
            Some(v) => v.parse().ok().filter(|n| *n > 0).with_context(|| {
                format!("DB_MAX_CONNECTIONS must be a positive integer, got {v:?}")
            })?,
            None => 10,
        };
    Ok(crate::db::PoolSettings {
        max_connections,
        acquire_timeout: env.duration("DB_ACQUIRE_TIMEOUT", Duration::from_secs(10))?,
        statement_timeout: env.duration("DB_STATEMENT_TIMEOUT", Duration::from_secs(60))?,
    })
}

fn jobs(env: &Env) -> anyhow::Result<Option<crate::jobs::JobsConfig>> {
    if !env.flag("JOBS", true)? {
        return Ok(None);
    }
    let defaults = crate::jobs::JobsConfig::default();
    Ok(Some(crate::jobs::JobsConfig {
        mail_every: env.duration("MAIL_EVERY", defaults.mail_every)?,
        cart_every: env.duration("CART_JOBS_EVERY", defaults.cart_every)?,
        subscriptions_every: env.duration("SUBSCRIPTIONS_EVERY", defaults.subscriptions_every)?,
        ..defaults
    }))
}

fn checkout(env: &Env) -> anyhow::Result<services::settings::CheckoutSettings> {
    let defaults = services::settings::CheckoutSettings::default();
    Ok(services::settings::CheckoutSettings {
        guest_checkout: env.flag("GUEST_CHECKOUT", defaults.guest_checkout)?,
        min_order_minor: env.amount("ORDER_MIN_AMOUNT", defaults.min_order_minor)?,
        max_order_minor: env.amount("ORDER_MAX_AMOUNT", defaults.max_order_minor)?,
        reservation_ttl: Duration::from_secs(env.number("RESERVATION_MINUTES", 15)? * 60),
        max_held_units: env.count("HOLD_MAX_UNITS", 50)?,
        max_held_units_per_ip: env.count("HOLD_MAX_UNITS_PER_IP", 150)?,
        max_hold: Duration::from_secs(env.number("HOLD_MAX_MINUTES", 45)? * 60),
        prices_include_tax: env.flag("PRICES_INCLUDE_TAX", defaults.prices_include_tax)?,
    })
}

fn shop(env: &Env) -> anyhow::Result<services::settings::ShopSettings> {
    let day = 24 * 3600;
    Ok(services::settings::ShopSettings {
        cart_limits: storefront::CartLimits::new(
            env.count("CART_MAX_LINES", 50)?,
            env.count("CART_MAX_PER_LINE", 10)?,
        ),
        session_absolute: Duration::from_secs(env.number("SESSION_ABSOLUTE_DAYS", 30)? * day),
        recovery_link_ttl: env.duration("CART_RECOVERY_LINK_TTL", Duration::from_secs(7 * day))?,
        signup_link_ttl: env.duration("SIGNUP_LINK_TTL", Duration::from_secs(day))?,
        registrations_per_ip: env.count("REGISTRATIONS_PER_IP_HOUR", 30)?,
        trusted_proxies: match env.var("TRUSTED_PROXIES") {
            Some(v) => services::client_ip::parse_cidrs(&v).map_err(|e| {
                anyhow::anyhow!(
                    "TRUSTED_PROXIES must be CIDR blocks such as 127.0.0.1/32,10.0.0.0/8: {e}"
                )
            })?,
            None => Vec::new(),
        },
        checkout: checkout(env)?,
        ..services::settings::ShopSettings::default()
    })
}

fn stripe(env: &Env) -> anyhow::Result<Option<crate::payments::stripe::StripeConfig>> {
    match (
        env.var("STRIPE_SECRET_KEY"),
        env.var("STRIPE_PUBLISHABLE_KEY"),
    ) {
        (None, None) => Ok(None),
        (Some(secret_key), Some(publishable_key)) => {
            if !publishable_key.starts_with("pk_") {
                anyhow::bail!("STRIPE_PUBLISHABLE_KEY must start with pk_");
            }
            Ok(Some(crate::payments::stripe::StripeConfig {
                secret_key,
                publishable_key,
                webhook_secret: env.var("STRIPE_WEBHOOK_SECRET"),
                api_base: env.var("STRIPE_API_BASE"),
            }))
        }
        _ => anyhow::bail!(
            "set both STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY (or neither, for the test gateway)"
        ),
    }
}

fn metrics(env: &Env) -> anyhow::Result<MetricsConfig> {
    Ok(MetricsConfig {
        token: env.var("METRICS_TOKEN").map(Secret::new),
        addr: env
            .var("METRICS_ADDR")
            .map(|v| {
                v.parse().with_context(|| {
                    format!("METRICS_ADDR must be an address such as 127.0.0.1:9100, got {v:?}")
                })
            })
            .transpose()?,
    })
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/shop.db";
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@larkspur.test";

impl Config {
    /// Reads `DATABASE_URL`, `SITE_ADDR` (or cargo-leptos' `LEPTOS_SITE_ADDR`), `APP_ENV`,
    /// `PUBLIC_URL`, `ADMIN_EMAIL`, `ADMIN_PASSWORD`, `SEED_DEMO`, `DB_MAX_CONNECTIONS`,
    /// `CART_MAX_LINES` (50), `CART_MAX_PER_LINE` (10), `CART_ABANDON_MINUTES` (60),
    /// `CART_EXPIRE_HOURS` (72), `SESSION_IDLE_DAYS` (14), `SESSION_ABSOLUTE_DAYS` (30),
    /// `GUEST_CHECKOUT` (true), `ORDER_MIN_AMOUNT` / `ORDER_MAX_AMOUNT` (minor units; none /
    /// 10000000), `RESERVATION_MINUTES` (15), `PRICES_INCLUDE_TAX` (false),
    /// `STRIPE_SECRET_KEY` + `STRIPE_PUBLISHABLE_KEY` (+ `STRIPE_WEBHOOK_SECRET`,
    /// `STRIPE_API_BASE`; none: the test gateway), `PENDING_ORDER_MINUTES` (60), `MEDIA_DIR`
    /// (`data/media`), `DUNNING_RETRY_DAYS` (`1,3,5`).
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// [`Config::from_env`] with the variables read through `get` (tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let env = Env(&get);
        let day = 24 * 3600;
        Ok(Config {
            stripe: stripe(&env)?,
            allow_test_payments: env.flag("ALLOW_TEST_PAYMENTS", false)?,
            pending_order_timeout: Duration::from_secs(env.number("PENDING_ORDER_MINUTES", 60)? * 60),
            media_dir: env.var("MEDIA_DIR").unwrap_or_else(|| "data/media".into()).into(),
            metrics: metrics(&env)?,
            shop: shop(&env)?,
            session_idle: Duration::from_secs(env.number("SESSION_IDLE_DAYS", 14)? * day),
            cart_abandon_after: match env.var("CART_ABANDON_AFTER") {
                Some(_) => env.duration("CART_ABANDON_AFTER", Duration::from_secs(3600))?,
                None => Duration::from_secs(env.number("CART_ABANDON_MINUTES", 60)? * 60),
            },
            cart_expire_after: Duration::from_secs(env.number("CART_EXPIRE_HOURS", 72)? * 3600),
            jobs: jobs(&env)?,
            clock: services::clock::Clock::system(),
            dunning: dunning(&env)?,
            recovery_delays: match env.var("CART_RECOVERY_DELAYS") {
                None => services::mail::recovery::DEFAULT_DELAYS.to_vec(),
                Some(v) => parse_delays(&v).with_context(|| {
                    format!("CART_RECOVERY_DELAYS must be up to three increasing durations such as 1h,3h,24h (or off), got {v:?}")
                })?,
            },
            smtp_url: env.var("SMTP_URL"),
            mail_dir: env.var("MAIL_DIR").unwrap_or_else(|| "data/mail".into()).into(),
            mail_from: env.var("MAIL_FROM"),
            instance: env.var("INSTANCE_NAME"),
            body_limit: usize::try_from(env.number("REQUEST_BODY_LIMIT_KB", 1024)?)
                .unwrap_or(usize::MAX / 1024)
                .saturating_mul(1024),
            max_in_flight: usize::try_from(env.number("MAX_IN_FLIGHT", 512)?)
                .unwrap_or(usize::MAX),
            request_timeout: env.duration("REQUEST_TIMEOUT", Duration::from_secs(30))?,
            database_url: Secret::new(
                env.var("DATABASE_URL")
                    .unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            ),
            site_addr: site_addr(&env)?,
            app_env: AppEnv::parse(&env.var("APP_ENV").unwrap_or_default())?,
            public_url: env
                .var("PUBLIC_URL")
                .map(|u| u.trim_end_matches('/').to_string()),
            admin_email: env
                .var("ADMIN_EMAIL")
                .unwrap_or_else(|| DEFAULT_ADMIN_EMAIL.into()),
            admin_password: env.var("ADMIN_PASSWORD").map(Secret::new),
            seed: seed_mode(&env)?,
            db: pool(&env)?,
        })
    }

    /// Base URL for absolute links.
    pub fn base_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.site_addr))
    }

    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }
}

/// `DUNNING_RETRY_DAYS`: increasing days after a failed renewal, e.g. `1,3,5` (the default).
fn dunning(env: &Env<'_>) -> anyhow::Result<storefront::subscription::DunningSchedule> {
    let Some(v) = env.var("DUNNING_RETRY_DAYS") else {
        return Ok(storefront::subscription::DunningSchedule::default());
    };
    let days: Option<Vec<u32>> = v
        .split(',')
        .filter(|d| !d.trim().is_empty())
        .map(|d| d.trim().parse().ok())
        .collect();
    days.and_then(storefront::subscription::DunningSchedule::new)
        .with_context(|| {
            format!("DUNNING_RETRY_DAYS must be up to ten increasing days from 1 to 60 such as 1,3,5, got {v:?}")
        })
}

/// `500ms`, `30s`, `5m`, `1h`, `2d` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim().to_ascii_lowercase();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let ms = match unit.trim() {
        "ms" => 1,
        "" | "s" | "sec" | "secs" => 1000,
        "m" | "min" | "mins" => 60_000,
        "h" | "hr" | "hrs" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(ms).map(Duration::from_millis)
}

/// `1h,3h,24h` → up to three increasing, non-zero durations; `off` → none.
pub fn parse_delays(s: &str) -> Option<Vec<Duration>> {
    let s = s.trim();
    if matches!(
        s.to_ascii_lowercase().as_str(),
        "off" | "none" | "0" | "false"
    ) {
        return Some(Vec::new());
    }
    let delays: Vec<Duration> = s.split(',').map(parse_duration).collect::<Option<_>>()?;
    let increasing = delays.windows(2).all(|w| w[0] < w[1]);
    (delays.len() <= 3 && increasing && delays.iter().all(|d| !d.is_zero())).then_some(delays)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_the_configuration_never_shows_a_secret() {
        let vars = [
            (
                "DATABASE_URL",
                "postgres://shop:hunter2-db@db.internal/shop",
            ),
            ("ADMIN_PASSWORD", "hunter2-admin"),
            ("METRICS_TOKEN", "hunter2-metrics"),
            ("STRIPE_SECRET_KEY", "sk_test_hunter2"),
            ("STRIPE_PUBLISHABLE_KEY", "pk_test_visible"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_hunter2"),
        ];
        let config = Config::from_lookup(|k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        })
        .unwrap();
        assert_eq!(
            config.database_url.expose(),
            "postgres://shop:hunter2-db@db.internal/shop"
        );
        let printed = format!("{config:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration(" 5m "), Some(Duration::from_secs(300)));
        assert_eq!(parse_duration("24h"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_duration("2d"), Some(Duration::from_secs(172_800)));
        assert_eq!(parse_duration("5 weeks"), None);
        assert_eq!(parse_duration("-1s"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
    }

    #[test]
    fn reminder_delays_increase_and_stop_at_three() {
        assert_eq!(
            parse_delays("1h,3h,24h"),
            Some(vec![
                Duration::from_secs(3600),
                Duration::from_secs(10_800),
                Duration::from_secs(86_400)
            ])
        );
        assert_eq!(parse_delays("off"), Some(vec![]));
        assert_eq!(parse_delays("3h,1h"), None);
        assert_eq!(parse_delays("1h,2h,3h,4h"), None);
        assert_eq!(parse_delays("1h,,3h"), None);
    }
}
