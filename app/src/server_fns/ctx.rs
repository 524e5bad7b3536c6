//! What every server function of the shop needs: state, the session, who is asking, and the
//! plain-form (JavaScript off) convention of "flash a message and redirect".

use tower_sessions::Session;

use services::cart::Owner;
use services::db::Db;
use services::session;
use services::settings::ShopSettings;
use services::state::AppState;
use shared::account::{CurrentUser, Flash};
use shared::errors::AppError;

/// The request's [`AppState`]. Missing only when the app is rendered outside a request (route
/// listing at start-up), where server functions must fail quietly rather than panic.
pub fn app_state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or(AppError::Internal)
}

pub struct Ctx {
    pub state: AppState,
    pub session: Session,
}

impl Ctx {
    pub async fn load() -> Result<Ctx, AppError> {
        let state = app_state()?;
        let session = leptos_axum::extract::<Session>()
            .await
            .map_err(|e| AppError::internal("session extractor", e))?;
        Ok(Ctx { state, session })
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// The shop's settings now (see [`services::settings::SettingsCell`]).
    pub fn settings(&self) -> std::sync::Arc<ShopSettings> {
        self.state.settings.get()
    }

    pub async fn user(&self) -> Result<Option<CurrentUser>, AppError> {
        session::current_user(self.db(), &self.session, &self.settings()).await
    }

    pub async fn require_user(&self) -> Result<CurrentUser, AppError> {
        session::require_user(self.db(), &self.session, &self.settings()).await
    }

    /// The signed-in staff member (role STAFF or ADMIN): 401 when signed out, 403 for a
    /// shopper.
    pub async fn require_staff(&self) -> Result<CurrentUser, AppError> {
        session::require_staff(self.db(), &self.session, &self.settings()).await
    }

    /// The signed-in administrator (role ADMIN): settings and users.
    pub async fn require_admin(&self) -> Result<CurrentUser, AppError> {
        let user = self.require_staff().await?;
        if user.role == shared::account::Role::Admin {
            Ok(user)
        } else {
            Err(AppError::Forbidden(
                "Only an administrator can do this.".into(),
            ))
        }
    }

    /// Whose cart this request works on.
    pub async fn owner(&self) -> Result<Owner, AppError> {
        Ok(
            services::cart::owner_of(self.db(), &self.session, &self.settings())
                .await?
                .1,
        )
    }

    /// Finishes a state-changing call. A plain HTML form post (no JavaScript) gets the
    /// outcome as a flash message and a redirect: to `ok_to` on success, back to the form's
    /// page on failure. A script call gets the result, with the error's HTTP status.
    pub async fn finish<T>(
        &self,
        result: Result<T, AppError>,
        ok_message: impl FnOnce(&T) -> Option<Flash>,
        ok_to: Option<String>,
    ) -> Result<T, AppError> {
        if !is_form_post() {
            return result.map_err(AppError::with_status);
        }
        let (flash, to) = match &result {
            Ok(v) => (ok_message(v), ok_to.unwrap_or_else(|| back_path("/"))),
            Err(e) => (Some(Flash::error(e.to_string())), back_path("/")),
        };
        if let Some(f) = flash {
            session::set_flash(&self.session, f).await?;
        }
        leptos_axum::redirect(&to);
        result
    }
}

pub use shared::errors::is_form_post;

/// The path (and query) of the page that sent the request, when it is ours; else `default`.
pub fn back_path(default: &str) -> String {
    let Some(parts) = leptos::prelude::use_context::<axum::http::request::Parts>() else {
        return default.to_string();
    };
    let referer = parts
        .headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.parse::<axum::http::Uri>().ok());
    let host = parts
        .headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok());
    match referer {
        Some(uri) if uri.authority().map(|a| a.as_str()) == host && host.is_some() => {
            safe_next(uri.path_and_query().map(|p| p.as_str()), default)
        }
        _ => default.to_string(),
    }
}

/// A local path to continue to after sign-in (`next`) or to go "back" to, never another site:
/// one `/` followed by anything but a second `/` or `\`, and no whitespace, control character
/// or backslash anywhere — browsers drop tabs and newlines from URLs (`/\t/evil.example` is
/// `//evil.example`) and read `\` as `/`. Percent-decoded (repeatedly) and with whitespace and
/// control characters removed, it must still start that way, so encoded forms (`/%09/…`,
/// `/%5C…`, `/%2F/…`) are refused too.
pub fn safe_next(next: Option<&str>, default: &str) -> String {
    match next {
        Some(n) if is_local_path(n) && starts_locally(&percent_decoded(n)) => n.to_string(),
        _ => default.to_string(),
    }
}

fn is_local_path(p: &str) -> bool {
    starts_locally(p)
        && !p
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

/// One `/`, then neither `/` nor `\`, ignoring whitespace and control characters.
fn starts_locally(p: &str) -> bool {
    let mut chars = p.chars().filter(|c| !c.is_whitespace() && !c.is_control());
    chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'))
}

/// `%XX` sequences decoded, repeatedly (double encoding too); invalid sequences stay.
fn percent_decoded(s: &str) -> String {
    let mut text = s.to_string();
    for _ in 0..3 {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if bytes[i] == b'%'
                && let (Some(h), Some(l)) = (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                )
            {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        let decoded = String::from_utf8_lossy(&out).into_owned();
        if decoded == text {
            break;
        }
        text = decoded;
    }
    text
}

/// The client's address as the throttles key it (`services::client_ip`: the socket peer,
/// or the forwarded address behind a trusted proxy; IPv6 by /64).
pub async fn client_ip() -> Option<String> {
    let peer = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()?
        .0
        .ip();
    let trusted = app_state()
        .map(|s| s.settings.get().trusted_proxies.clone())
        .unwrap_or_default();
    let headers = leptos::prelude::use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    Some(services::client_ip::for_request(peer, &headers, &trusted))
}

/// Parses an id from a form field.
pub fn parse_id(value: &str, what: &str) -> Result<i64, AppError> {
    value
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| AppError::BadRequest(format!("That {what} is not valid.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/cart"), "/account"), "/cart");
        assert_eq!(safe_next(Some("//evil.example"), "/account"), "/account");
        assert_eq!(
            safe_next(Some("https://evil.example"), "/account"),
            "/account"
        );
        assert_eq!(safe_next(None, "/account"), "/account");
    }

    #[test]
    fn next_refuses_every_way_off_the_site() {
        for evil in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/%2F/evil.example",
            "/%252F/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%5Cevil.example",
            " //evil.example",
            "\u{0}//evil.example",
            "/ /evil.example",
            "https:evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(Some(evil), "/account"), "/account", "{evil:?}");
        }
        for fine in [
            "/",
            "/cart",
            "/checkout?step=payment",
            "/c/shoes?brand=a%20b",
            "/p/tee#x",
        ] {
            assert_eq!(safe_next(Some(fine), "/account"), fine);
        }
    }

    #[test]
    fn ids_must_be_positive_numbers() {
        assert_eq!(parse_id(" 12 ", "item").unwrap(), 12);
        assert!(parse_id("-1", "item").is_err());
        assert!(parse_id("abc", "item").is_err());
        assert!(parse_id("1000000000000000000000", "item").is_err());
    }
}
