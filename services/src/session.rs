//! What we keep in the session: when it began, who is signed in, the guest cart's token.
//!
//! The session record lives in the database (tower-sessions' sqlx store), so every app
//! instance sees the same sessions. A signed-in session also stores the user's
//! `session_version`; bumping that column signs out every other session of the user.

use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::args;
use crate::db::Db;
use crate::settings::ShopSettings;
use shared::account::{CurrentUser, Flash};
use shared::errors::AppError;

const KEY: &str = "s";
/// Session key of the one-time flash message (taken by the server's flash middleware).
pub const FLASH_KEY: &str = "flash";

/// Everything the shop stores in a session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionData {
    /// Unix seconds when the session began (absolute expiry).
    pub born: i64,
    pub auth: Option<AuthState>,
    /// Token of the guest cart (signed-in shoppers' carts are found by user).
    pub cart: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthState {
    pub user_id: i64,
    /// `users.session_version` when this session signed in.
    pub version: i64,
    /// Unix seconds of sign-in.
    pub at: i64,
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

fn store_err(e: impl std::fmt::Debug) -> AppError {
    AppError::internal("session store", e)
}

impl SessionData {
    /// The session's data; a session past its absolute lifetime is ended and reads as empty.
    pub async fn load(session: &Session, settings: &ShopSettings) -> Result<SessionData, AppError> {
        let data: SessionData = session
            .get(KEY)
            .await
            .map_err(store_err)?
            .unwrap_or_default();
        let max = settings.session_absolute.as_secs() as i64;
        if data.born != 0 && now_secs().saturating_sub(data.born) > max {
            session.flush().await.map_err(store_err)?;
            return Ok(SessionData::default());
        }
        Ok(data)
    }

    /// Writes the data back (saved when the response is sent).
    pub async fn save(mut self, session: &Session) -> Result<(), AppError> {
        if self.born == 0 {
            self.born = now_secs();
        }
        session.insert(KEY, self).await.map_err(store_err)
    }
}

/// Starts a signed-in session for `user_id`: a new session id (no fixation), the user's
/// current `session_version`, and no guest cart (the caller merged it already).
pub async fn sign_in(session: &Session, user_id: i64, version: i64) -> Result<(), AppError> {
    session.cycle_id().await.map_err(store_err)?;
    let data = SessionData {
        born: now_secs(),
        auth: Some(AuthState {
            user_id,
            version,
            at: now_secs(),
        }),
        cart: None,
    };
    data.save(session).await
}

/// Queues a one-time message for the next page.
pub async fn set_flash(session: &Session, flash: Flash) -> Result<(), AppError> {
    session.insert(FLASH_KEY, flash).await.map_err(store_err)
}

/// The signed-in user, if any. A session whose user was deactivated or whose
/// `session_version` is stale (password changed elsewhere) reads as signed out.
pub async fn current_user(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
) -> Result<Option<CurrentUser>, AppError> {
    let data = SessionData::load(session, settings).await?;
    let Some(auth) = data.auth.clone() else {
        return Ok(None);
    };
    match load_user(db, auth.user_id).await? {
        Some((user, version, active)) if active && version == auth.version => Ok(Some(user)),
        _ => {
            let mut data = data;
            data.auth = None;
            data.save(session).await?;
            Ok(None)
        }
    }
}

/// Like [`current_user`] but a missing sign-in is a 401 with `message`.
pub async fn require_user(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
) -> Result<CurrentUser, AppError> {
    current_user(db, session, settings)
        .await?
        .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()))
}

/// The one staff check, used by the back office's server functions, their middleware and
/// the staff-only JSON routes: the signed-in staff member (role STAFF or ADMIN), a 401 when
/// signed out, a 403 for a shopper.
pub async fn require_staff(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
) -> Result<CurrentUser, AppError> {
    let user = require_user(db, session, settings).await?;
    if user.is_staff() {
        Ok(user)
    } else {
        tracing::warn!(user = user.id, "shopper refused a staff-only action");
        Err(AppError::Forbidden("This is for shop staff only.".into()))
    }
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    role: crate::db::Parsed<shared::account::Role>,
    session_version: i64,
    is_active: bool,
}

fn to_user(r: UserRow) -> (CurrentUser, i64, bool) {
    let user = CurrentUser {
        id: r.id,
        email: r.email,
        first_name: r.first_name,
        last_name: r.last_name,
        role: r.role.0,
    };
    (user, r.session_version, r.is_active)
}

/// A user with their `session_version` and whether the account is active.
pub async fn load_user(db: &Db, id: i64) -> Result<Option<(CurrentUser, i64, bool)>, AppError> {
    let row: Option<UserRow> = db
        .opt(
            "SELECT id, email, first_name, last_name, role,
                    CAST(session_version AS BIGINT) AS session_version, is_active
               FROM users WHERE id = $1",
            args![id],
        )
        .await
        .map_err(|e| crate::db::query_error("user query", e))?;
    Ok(row.map(to_user))
}
