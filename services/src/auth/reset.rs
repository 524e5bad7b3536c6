//! Password reset by emailed, single-use, expiring link. Only a hash of the token is stored;
//! the email (with the link) goes into the outbox, which the mailer job sends.

use storefront::Email;

use super::policy::check_new_password;
use crate::args;
use crate::db::{Db, Ts};
use crate::settings::ShopSettings;
use crate::throttle::{self, Limit};
use crate::tokens::{looks_like_token, random_token, token_hash};
use shared::errors::AppError;

/// What the shopper is told whether or not the email has an account.
pub const SENT: &str = "If an account exists for that email, we've sent a link to reset its password. It works once, within the hour.";
const BAD_LINK: &str = "This reset link is invalid, used or expired. Ask for a new one.";

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("password reset query", e)
}

/// Queues a reset email when the account exists. Always answers [`SENT`] (no enumeration);
/// at most 3 requests per email per hour.
pub async fn request_reset(
    db: &Db,
    settings: &ShopSettings,
    base_url: &str,
    email_input: &str,
) -> Result<&'static str, AppError> {
    let email =
        Email::parse(email_input).map_err(|e| AppError::BadRequest(format!("Email: {e}")))?;
    let key = format!("reset:email:{}", email.as_str());
    throttle::check(
        db,
        &[Limit {
            key: key.clone(),
            max: 3,
            window: std::time::Duration::from_secs(3600),
        }],
    )
    .await
    .map_err(|_| AppError::TooManyRequests {
        message: "We've sent several reset links to this email recently. Check your inbox, or try again later.".into(),
        retry_after: 3600,
    })?;
    throttle::record_failure(db, &[key.as_str()], Some(email.as_str()), None).await?;

    let user: Option<(i64, Option<String>)> = db
        .opt(
            "SELECT id, first_name FROM users WHERE email = $1 AND is_active = TRUE",
            args![email.as_str()],
        )
        .await
        .map_err(db_err)?;
    // Both answers do the same work — a random token, one write transaction with two inserts
    // and a mail in the outbox — so their timing does not tell whether the account exists.
    // Without an account the mail says so, and no token is stored.
    let token = random_token();
    let hash = token_hash(&token);
    let now = Ts::now();
    let expires = now.plus(settings.reset_token_ttl);
    let user_id = user.as_ref().map(|(id, _)| *id);
    let (event, payload) = match &user {
        Some((_, first_name)) => (
            "user.password_reset",
            serde_json::json!({
                "to": email.as_str(),
                "template": "password_reset",
                "first_name": first_name,
                "reset_url": format!("{base_url}/account/reset-password?token={token}"),
                "expires_minutes": settings.reset_token_ttl.as_secs() / 60,
            }),
        ),
        None => (
            "user.password_reset_no_account",
            serde_json::json!({
                "to": email.as_str(),
                "template": "password_reset_no_account",
                "register_url": format!("{base_url}/account/register"),
            }),
        ),
    };
    let payload = payload.to_string();
    async {
        let mut tx = db.begin_write().await?;
        if user_id.is_some() {
            tx.exec(
                "INSERT INTO password_reset_tokens (user_id, token_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)",
                args![user_id, &hash, expires, now],
            )
            .await?;
        } else {
            // A statement on the same table and index that changes nothing.
            tx.exec(
                "UPDATE password_reset_tokens SET used_at = used_at WHERE token_hash = $1",
                args![&hash],
            )
            .await?;
        }
        let sql = crate::db::sql::outbox_insert(tx.backend());
        tx.exec(
            &sql,
            args![event, &payload, format!("password-reset:{hash}"), now],
        )
        .await?;
        tx.commit().await
    }
    .await
    .map_err(db_err)?;
    let Some(user_id) = user_id else {
        return Ok(SENT);
    };
    tracing::info!(user_id, "password reset requested");
    Ok(SENT)
}

/// Sets a new password with a reset token. The token works once and only before it
/// expires; a bad new password leaves the token usable. Ends every session of the user.
pub async fn reset_password(db: &Db, token: &str, new_password: String) -> Result<(), AppError> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(AppError::BadRequest(BAD_LINK.into()));
    }
    let hash = token_hash(token);
    let now = Ts::now();
    let found: Option<(i64, String)> = db
        .opt(
            "SELECT t.user_id, u.email FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
              WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires_at > $2",
            args![&hash, now],
        )
        .await
        .map_err(db_err)?;
    let Some((user_id, email)) = found else {
        return Err(AppError::BadRequest(BAD_LINK.into()));
    };
    check_new_password(&new_password, &email).map_err(AppError::BadRequest)?;
    let password_hash = super::accounts::hash_new_password(new_password).await?;
    // Claim the token atomically: of two concurrent uses exactly one wins.
    let claimed: Option<i64> = db
        .opt::<(i64,)>(
            "UPDATE password_reset_tokens SET used_at = $1
              WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
            args![now, &hash],
        )
        .await
        .map_err(db_err)?
        .map(|(id,)| id);
    if claimed != Some(user_id) {
        return Err(AppError::BadRequest(BAD_LINK.into()));
    }
    super::accounts::set_password(db, user_id, password_hash).await?;
    tracing::info!(user_id, "password reset; all sessions ended");
    Ok(())
}
