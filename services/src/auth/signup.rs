//! Registration by emailed link (issue 19.10). The form's answer is the same whether or not
//! the email already has an account — "check your email" — and both cases do the same work:
//! one argon2 hash, one write transaction with a statement on `account_signups` and a mail in
//! the outbox. A new address gets a link that creates the account when used (once, within
//! `signup_link_ttl`); an address with an account gets a mail saying so, with links to sign in
//! and to reset the password. No `users` row exists before the link is used, so nobody can
//! squat an address they cannot read, and sign-in never sees an unconfirmed account.

use storefront::Email;
use tower_sessions::Session;

use super::accounts::{clean_name, finish_sign_in, hash_new_password};
use super::policy::check_new_password;
use crate::args;
use crate::db::{Db, Ts, is_unique_violation};
use crate::settings::ShopSettings;
use crate::throttle::{self, Limit};
use crate::tokens::{looks_like_token, random_token, token_hash};
use shared::account::CurrentUser;
use shared::errors::AppError;

const BAD_LINK: &str =
    "This link is invalid, used or expired. Create your account again to get a new one.";
const TAKEN: &str =
    "An account with this email already exists. Sign in, or reset your password if you forgot it.";
/// Sign-up mails per address per hour (a form cannot be used to flood someone's inbox).
const MAILS_PER_EMAIL_HOUR: u32 = 3;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("sign-up query", e)
}

/// What registration asks for.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
}

/// The answer to every valid registration, whether or not the address has an account.
pub fn sent_message(email: &str, settings: &ShopSettings) -> String {
    format!(
        "Check your email: we've sent a message to {email}. Open the link in it within {} hours to finish creating your account.",
        settings.signup_link_ttl.as_secs().div_ceil(3600)
    )
}

/// Registration attempts per client IP: every one counts (each costs an argon2 hash).
async fn limit_by_ip(db: &Db, settings: &ShopSettings, ip: Option<&str>) -> Result<(), AppError> {
    let Some(ip) = ip else { return Ok(()) };
    let key = format!("register:ip:{ip}");
    let limit = Limit {
        key: key.clone(),
        max: settings.registrations_per_ip,
        window: std::time::Duration::from_secs(3600),
    };
    throttle::check(db, std::slice::from_ref(&limit))
        .await
        .map_err(|e| match e {
            AppError::TooManyRequests { retry_after, .. } => AppError::TooManyRequests {
                message: format!(
                    "Too many new accounts from your network. Try again in {retry_after} s."
                ),
                retry_after,
            },
            other => other,
        })?;
    throttle::record_failure(db, &[key.as_str()], None, Some(ip)).await
}

/// Sign-up mails per address: [`MAILS_PER_EMAIL_HOUR`], then 429.
async fn limit_mails_to(db: &Db, email: &Email, ip: Option<&str>) -> Result<(), AppError> {
    let key = format!("signup:email:{}", email.as_str());
    throttle::check(
        db,
        &[Limit {
            key: key.clone(),
            max: MAILS_PER_EMAIL_HOUR,
            window: std::time::Duration::from_secs(3600),
        }],
    )
    .await
    .map_err(|_| AppError::TooManyRequests {
        message: "We've sent several messages to this email recently. Check your inbox (and spam folder), or try again later.".into(),
        retry_after: 3600,
    })?;
    throttle::record_failure(db, &[key.as_str()], Some(email.as_str()), ip).await
}

/// Validates a registration and mails the address: a link that creates the account, or — when
/// the address already has one — a note saying so. Returns [`sent_message`] either way.
/// `next` (already checked to be a local path) is where the link's user lands once signed in.
pub async fn request_signup(
    db: &Db,
    settings: &ShopSettings,
    base_url: &str,
    input: Registration,
    next: &str,
    ip: Option<&str>,
) -> Result<String, AppError> {
    limit_by_ip(db, settings, ip).await?;
    let email = Email::parse(&input.email).map_err(|e| AppError::bad(format!("Email: {e}")))?;
    let first = clean_name(&input.first_name, "First name")?;
    let last = clean_name(&input.last_name, "Last name")?;
    check_new_password(&input.password, email.as_str()).map_err(AppError::BadRequest)?;
    limit_mails_to(db, &email, ip).await?;

    let password_hash = hash_new_password(input.password).await?;
    let existing: Option<(i64, Option<String>)> = db
        .opt(
            "SELECT id, first_name FROM users WHERE email = $1",
            args![email.as_str()],
        )
        .await
        .map_err(db_err)?;

    let token = random_token();
    let hash = token_hash(&token);
    let now = Ts::now();
    let expires = now.plus(settings.signup_link_ttl);
    let (event, payload) = match &existing {
        None => (
            "user.signup",
            serde_json::json!({
                "to": email.as_str(),
                "template": "account_confirm",
                "first_name": first,
                "confirm_url": format!("{base_url}/account/confirm?token={token}"),
                "expires_hours": settings.signup_link_ttl.as_secs().div_ceil(3600),
            }),
        ),
        Some((_, known_name)) => (
            "user.signup_existing",
            serde_json::json!({
                "to": email.as_str(),
                "template": "account_exists",
                "first_name": known_name,
                "login_url": format!("{base_url}/account/login"),
                "reset_url": format!("{base_url}/account/forgot-password"),
            }),
        ),
    };
    let payload = payload.to_string();
    let new_account = existing.is_none();
    async {
        let mut tx = db.begin_write().await?;
        if new_account {
            tx.exec(
                "INSERT INTO account_signups
                    (email, password_hash, first_name, last_name, next_path, token_hash, expires_at, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                args![
                    email.as_str(),
                    &password_hash,
                    first.as_deref(),
                    last.as_deref(),
                    next,
                    &hash,
                    expires,
                    now
                ],
            )
            .await?;
        } else {
            // A statement on the same table and index that changes nothing.
            tx.exec(
                "UPDATE account_signups SET used_at = used_at WHERE token_hash = $1",
                args![&hash],
            )
            .await?;
        }
        let sql = crate::db::sql::outbox_insert(tx.backend());
        tx.exec(&sql, args![event, &payload, format!("signup:{hash}"), now])
            .await?;
        tx.commit().await
    }
    .await
    .map_err(db_err)?;
    tracing::info!(new_account, "sign-up mail queued");
    Ok(sent_message(email.as_str(), settings))
}

/// A sign-up link's row, claimed by its first use.
#[derive(sqlx::FromRow)]
struct Claimed {
    email: String,
    password_hash: String,
    first_name: Option<String>,
    last_name: Option<String>,
    next_path: String,
}

/// Uses a sign-up link: creates the account (email verified), signs it in on this session
/// (new session id; the guest cart merges in) and returns the user, merge notices and where
/// to go next. The link works once and only before it expires.
pub async fn confirm_signup(
    db: &Db,
    settings: &ShopSettings,
    session: &Session,
    token: &str,
) -> Result<(CurrentUser, Vec<String>, String), AppError> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(AppError::BadRequest(BAD_LINK.into()));
    }
    let hash = token_hash(token);
    let now = Ts::now();
    // Claiming the link and creating the account commit together: of two uses exactly one
    // wins, and a failed insert leaves the link as it was.
    let created: Result<Option<(i64, Claimed)>, sqlx::Error> = async {
        let mut tx = db.begin_write().await?;
        let claimed: Option<Claimed> = tx
            .opt(
                "UPDATE account_signups SET used_at = $1
              WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
              RETURNING email, password_hash, first_name, last_name, next_path",
                args![now, &hash],
            )
            .await?;
        let Some(c) = claimed else {
            return Ok(None);
        };
        let (id,): (i64,) = tx
            .one(
                "INSERT INTO users (email, password_hash, first_name, last_name, role, email_verified_at,
                                created_at, updated_at, last_login_at)
             VALUES ($1, $2, $3, $4, 'CUSTOMER', $5, $5, $5, $5) RETURNING id",
                args![
                    &c.email,
                    &c.password_hash,
                    c.first_name.as_deref(),
                    c.last_name.as_deref(),
                    now
                ],
            )
            .await?;
        // Other links sent to the same address stop working.
        tx.exec(
            "UPDATE account_signups SET used_at = $1 WHERE email = $2 AND used_at IS NULL",
            args![now, &c.email],
        )
        .await?;
        tx.commit().await?;
        Ok(Some((id, c)))
    }
    .await;
    let (
        id,
        Claimed {
            email,
            first_name,
            last_name,
            next_path: next,
            ..
        },
    ) = match created {
        Ok(Some(v)) => v,
        Ok(None) => return Err(AppError::BadRequest(BAD_LINK.into())),
        Err(e) if is_unique_violation(&e) => return Err(AppError::Conflict(TAKEN.into())),
        Err(e) => return Err(db_err(e)),
    };
    let notices = finish_sign_in(db, settings, session, id, 0).await?;
    tracing::info!(user_id = id, "account created from its sign-up link");
    let user = CurrentUser {
        id,
        email,
        first_name,
        last_name,
        role: shared::account::Role::Customer,
    };
    Ok((user, notices, next))
}

/// Forgets sign-ups that were used or expired more than a day ago (the housekeeping job).
pub async fn prune(db: &Db) -> Result<u64, AppError> {
    let cutoff = Ts::now().minus(std::time::Duration::from_secs(24 * 3600));
    db.exec(
        "DELETE FROM account_signups WHERE expires_at < $1 OR used_at < $1",
        args![cutoff],
    )
    .await
    .map_err(db_err)
}
