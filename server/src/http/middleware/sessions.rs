//! The session cookie: which store, name and flags (see `crate::session_store` for where the
//! sessions live).

use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::session_store::DbSessionStore;

/// Cookie name of the session id over plain HTTP (development, tests).
pub const COOKIE_NAME: &str = "lark_sid";
/// Cookie name of the session id when cookies are `Secure` (https, production): the `__Host-`
/// prefix makes browsers refuse it unless it is Secure, host-only (no `Domain`) and `Path=/`,
/// so a sibling subdomain or a plain-HTTP page cannot plant or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-lark_sid";

/// HttpOnly, SameSite=Lax cookie, `Path=/`; `Secure` and `__Host-` prefixed when the public
/// URL is https or the shop runs in production.
/// Sessions end after `idle` without a request (the absolute limit is checked by the app).
pub fn layer(
    store: DbSessionStore,
    secure: bool,
    idle: std::time::Duration,
) -> SessionManagerLayer<DbSessionStore> {
    let idle = Duration::seconds(i64::try_from(idle.as_secs()).unwrap_or(i64::MAX / 1000));
    SessionManagerLayer::new(store)
        .with_name(if secure {
            SECURE_COOKIE_NAME
        } else {
            COOKIE_NAME
        })
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(idle))
}
