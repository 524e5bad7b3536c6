//! What every server function of the shop needs: state, the session, who is asking, and the
//! plain-form (JavaScript off) convention of "flash a message and redirect".

use tower_sessions::Session;

use crate::account_view::{CurrentUser, Flash};
use crate::auth::session;
use crate::cart::Owner;
use crate::db::Db;
use crate::errors::AppError;
use crate::settings::ShopSettings;
use crate::state::{AppState, app_state};

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

    /// The shop's settings now (see [`crate::settings::SettingsCell`]).
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
        let user = self.require_user().await?;
        if user.is_staff() {
            Ok(user)
        } else {
            Err(AppError::Forbidden("This is for shop staff only.".into()))
        }
    }

    /// The signed-in administrator (role ADMIN): settings and users.
    pub async fn require_admin(&self) -> Result<CurrentUser, AppError> {
        let user = self.require_staff().await?;
        if user.role == "ADMIN" {
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
            crate::cart::owner_of(self.db(), &self.session, &self.settings())
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

/// True when the request is a browser's own form submission (it accepts HTML), not a
/// server-function call from the hydrated app.
pub fn is_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

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
        Some(uri) if uri.authority().map(|a| a.as_str()) == host && host.is_some() => uri
            .path_and_query()
            .map_or_else(|| default.to_string(), |p| p.as_str().to_string()),
        _ => default.to_string(),
    }
}

/// A local path to continue to after sign-in (`next`), never another site.
pub fn safe_next(next: Option<&str>, default: &str) -> String {
    match next.map(str::trim) {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => default.to_string(),
    }
}

/// The client's IP address (the socket peer).
pub async fn client_ip() -> Option<String> {
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .ok()
        .map(|c| c.0.ip().to_string())
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
    fn ids_must_be_positive_numbers() {
        assert_eq!(parse_id(" 12 ", "item").unwrap(), 12);
        assert!(parse_id("-1", "item").is_err());
        assert!(parse_id("abc", "item").is_err());
        assert!(parse_id("1000000000000000000000", "item").is_err());
    }
}
