//! Signing in and out, and changing profile and password (registering: `signup`).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use storefront::Email;
use tower_sessions::Session;

use super::password::{hash_password, verify_password};
use super::policy::check_new_password;
use crate::args;
use crate::db::{Db, Ts, is_unique_violation};
use crate::session::{SessionData, sign_in};
use crate::settings::ShopSettings;
use crate::throttle::{self, Limit};
use shared::account::CurrentUser;
use shared::errors::AppError;

const BAD_LOGIN: &str = "That email and password don't match an account. Check them and try again.";
const MAX_NAME: usize = 100;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("account query", e)
}

fn parse_email(input: &str) -> Result<Email, AppError> {
    Email::parse(input).map_err(|e| AppError::BadRequest(format!("Email: {e}")))
}

/// Trims a name field; empty becomes `None`.
pub fn clean_name(input: &str, field: &str) -> Result<Option<String>, AppError> {
    let t = input.trim();
    if t.chars().count() > MAX_NAME {
        return Err(AppError::BadRequest(format!(
            "{field} is too long (at most {MAX_NAME} characters)."
        )));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

/// Runs one argon2 computation (~19 MiB, tens of ms) off the async threads, at most one per
/// core at a time: a burst of registrations or sign-ins queues (without memory) instead of
/// allocating gigabytes. Waiting longer than 10 s answers 429 with `Retry-After`.
async fn with_hashing_permit<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    let permits = PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    });
    let _permit = tokio::time::timeout(std::time::Duration::from_secs(10), permits.acquire())
        .await
        .map_err(|_| AppError::TooManyRequests {
            message: "The shop is very busy just now. Please try again in a few seconds.".into(),
            retry_after: 5,
        })?
        .map_err(|e| AppError::internal("hashing permits", e))?;
    tokio::task::spawn_blocking(move || {
        let now = HASHING.fetch_add(1, Ordering::SeqCst) + 1;
        HASHING_PEAK.fetch_max(now, Ordering::SeqCst);
        let out = work();
        HASHING.fetch_sub(1, Ordering::SeqCst);
        out
    })
    .await
    .map_err(|e| AppError::internal("hashing task", e))
}

static HASHING: AtomicUsize = AtomicUsize::new(0);
static HASHING_PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most argon2 computations that ran at once in this process (never more than the cores).
pub fn hashing_peak() -> usize {
    HASHING_PEAK.load(Ordering::SeqCst)
}

async fn hash(password: String) -> Result<String, AppError> {
    with_hashing_permit(move || hash_password(&password))
        .await?
        .map_err(|e| AppError::internal("hashing password", e))
}

/// Verifies off the async threads. With no stored hash it checks a dummy one so that a
/// missing account takes as long as a wrong password.
async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    with_hashing_permit(move || {
        let dummy =
            DUMMY.get_or_init(|| hash_password("not-a-real-password-0").unwrap_or_default());
        match stored {
            Some(h) => verify_password(&password, &h),
            None => {
                let _ = verify_password(&password, dummy);
                false
            }
        }
    })
    .await
}

/// Merges the guest cart into the user's, then rotates the session id and stores the sign-in.
pub(super) async fn finish_sign_in(
    db: &Db,
    settings: &ShopSettings,
    session: &Session,
    user_id: i64,
    version: i64,
) -> Result<Vec<String>, AppError> {
    let data = SessionData::load(session, settings).await?;
    let notices = match data.cart {
        Some(token) => {
            crate::cart::merge_into_user(db, settings.cart_limits, &token, user_id).await?
        }
        None => Vec::new(),
    };
    sign_in(session, user_id, version).await?;
    Ok(notices)
}

/// Signs in with email and password. Throttled per account and per client IP; a wrong
/// password and an unknown email get the same message after the same amount of work.
pub async fn login(
    db: &Db,
    settings: &ShopSettings,
    session: &Session,
    ip: Option<&str>,
    email_input: &str,
    password: String,
) -> Result<(CurrentUser, Vec<String>), AppError> {
    let email = parse_email(email_input)?;
    if password.is_empty() || password.chars().count() > super::policy::MAX_LEN {
        return Err(AppError::Unauthorized(BAD_LOGIN.into()));
    }
    let policy = settings.login_throttle;
    let account_key = format!("login:email:{}", email.as_str());
    // Counted before the password is looked at: parallel guesses cannot all pass the check.
    let account =
        throttle::claim(db, &account_key, policy.window, Some(email.as_str()), ip).await?;
    if account.count > i64::from(policy.per_account) {
        let wait = throttle::retry_after(&account, policy.window);
        return Err(AppError::TooManyRequests {
            message: format!("Too many sign-in attempts. Try again in {wait} s."),
            retry_after: wait,
        });
    }
    // Per client IP: past the allowance every attempt waits, longer each time (never a lock:
    // a shop's customers may all come through one proxy or carrier address).
    let mut claims = vec![account.id];
    if let Some(ip) = ip {
        let by_ip =
            throttle::claim(db, &format!("login:ip:{ip}"), policy.window, None, Some(ip)).await?;
        claims.push(by_ip.id);
        let over = by_ip.count - i64::from(policy.per_ip);
        if over > 0 {
            let factor = 1u32 << (over - 1).clamp(0, 5);
            tokio::time::sleep(policy.ip_delay * factor).await;
        }
    }

    type Row = (i64, Option<String>, i64, bool);
    let row: Option<Row> = db
        .opt(
            "SELECT id, password_hash, CAST(session_version AS BIGINT), is_active FROM users WHERE email = $1",
            args![email.as_str()],
        )
        .await
        .map_err(db_err)?;
    let stored = row.as_ref().and_then(|r| r.1.clone());
    let ok = verify(password, stored).await? && row.as_ref().is_some_and(|r| r.3);
    let Some((id, _, version, _)) = row.filter(|_| ok) else {
        // The claimed attempts stay counted as failures.
        return Err(AppError::Unauthorized(BAD_LOGIN.into()));
    };
    throttle::succeeded(db, &claims).await?;
    throttle::clear(db, &account_key).await?;
    db.exec(
        "UPDATE users SET last_login_at = $1, failed_login_count = 0 WHERE id = $2",
        args![Ts::now(), id],
    )
    .await
    .map_err(db_err)?;
    let notices = finish_sign_in(db, settings, session, id, version).await?;
    let (user, _, _) = crate::session::load_user(db, id)
        .await?
        .ok_or_else(|| AppError::internal("user vanished during sign-in", id))?;
    tracing::info!(user_id = id, "signed in");
    Ok((user, notices))
}

/// Ends the session: its record is deleted and the cookie cleared. The user's cart stays.
pub async fn logout(session: &Session) -> Result<(), AppError> {
    session
        .flush()
        .await
        .map_err(|e| AppError::internal("ending session", e))
}

/// Changes name and email. A new email needs the current password (someone at an unlocked
/// screen must not take the account over through "forgot password"), and a notice goes to
/// the old address. A taken email is a 409.
pub async fn update_profile(
    db: &Db,
    settings: &ShopSettings,
    user: &CurrentUser,
    first_name: &str,
    last_name: &str,
    email: &str,
    current_password: String,
) -> Result<(), AppError> {
    let email = parse_email(email)?;
    let first = clean_name(first_name, "First name")?;
    let last = clean_name(last_name, "Last name")?;
    let email_changes = !email.as_str().eq_ignore_ascii_case(&user.email);
    if email_changes {
        let key = format!("login:email:{}", user.email);
        let limit = Limit {
            key: key.clone(),
            max: settings.login_throttle.per_account,
            window: settings.login_throttle.window,
        };
        throttle::check(db, std::slice::from_ref(&limit)).await?;
        if current_password.is_empty() {
            return Err(AppError::invalid(
                "current_password",
                "To change your email, enter your current password.",
            ));
        }
        if !verify(current_password, stored_hash(db, user.id).await?).await? {
            throttle::record_failure(db, &[key.as_str()], Some(&user.email), None).await?;
            return Err(AppError::invalid(
                "current_password",
                "Your current password is not correct.",
            ));
        }
    }
    let now = Ts::now();
    let notice = serde_json::json!({
        "to": user.email,
        "template": "email_changed",
        "first_name": first,
        "new_email": email.as_str(),
    })
    .to_string();
    let r: Result<(), sqlx::Error> = async {
        let mut tx = db.begin_write().await?;
        tx.exec(
            "UPDATE users SET first_name = $1, last_name = $2, email = $3, updated_at = $4 WHERE id = $5",
            args![first.as_deref(), last.as_deref(), email.as_str(), now, user.id],
        )
        .await?;
        if email_changes {
            let sql = crate::db::sql::outbox_insert(tx.backend());
            let dedupe = format!("email-changed:{}:{}", user.id, now.0.timestamp_micros());
            tx.exec(&sql, args!["user.email_changed", &notice, dedupe, now])
                .await?;
        }
        tx.commit().await
    }
    .await;
    match r {
        Err(e) if is_unique_violation(&e) => Err(AppError::Conflict(
            "Another account already uses that email.".into(),
        )),
        Err(e) => Err(db_err(e)),
        Ok(()) => {
            if email_changes {
                tracing::info!(
                    user_id = user.id,
                    "email changed; notice sent to the old address"
                );
            }
            Ok(())
        }
    }
}

/// Sets a new password after checking the current one. Every other session of the user
/// ends (their `session_version` no longer matches); this one continues under a new id.
pub async fn change_password(
    db: &Db,
    settings: &ShopSettings,
    session: &Session,
    user: &CurrentUser,
    current: String,
    new: String,
) -> Result<(), AppError> {
    let key = format!("login:email:{}", user.email);
    let limit = Limit {
        key: key.clone(),
        max: settings.login_throttle.per_account,
        window: settings.login_throttle.window,
    };
    throttle::check(db, std::slice::from_ref(&limit)).await?;
    if !verify(current, stored_hash(db, user.id).await?).await? {
        throttle::record_failure(db, &[key.as_str()], Some(&user.email), None).await?;
        return Err(AppError::BadRequest(
            "Your current password is not correct.".into(),
        ));
    }
    check_new_password(&new, &user.email).map_err(AppError::BadRequest)?;
    let version = set_password(db, user.id, hash(new).await?).await?;
    sign_in(session, user.id, version).await?;
    tracing::info!(user_id = user.id, "password changed; other sessions ended");
    Ok(())
}

/// Stores a new hash, bumps `session_version` (ending other sessions) and voids open
/// reset links. Returns the new version.
pub(crate) async fn set_password(
    db: &Db,
    user_id: i64,
    password_hash: String,
) -> Result<i64, AppError> {
    let now = Ts::now();
    async {
        let mut tx = db.begin_write().await?;
        let (version,): (i64,) = tx
            .one(
                "UPDATE users SET password_hash = $1, session_version = session_version + 1,
                    failed_login_count = 0, updated_at = $2
              WHERE id = $3 RETURNING CAST(session_version AS BIGINT)",
                args![&password_hash, now, user_id],
            )
            .await?;
        tx.exec(
            "UPDATE password_reset_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
            args![now, user_id],
        )
        .await?;
        tx.commit().await?;
        Ok::<i64, sqlx::Error>(version)
    }
    .await
    .map_err(db_err)
}

pub(crate) async fn hash_new_password(password: String) -> Result<String, AppError> {
    hash(password).await
}

/// The account's stored password hash (`None` for an account without a password).
async fn stored_hash(db: &Db, user_id: i64) -> Result<Option<String>, AppError> {
    let (hash,): (Option<String>,) = db
        .one(
            "SELECT password_hash FROM users WHERE id = $1",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    Ok(hash)
}
