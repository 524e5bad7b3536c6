//! Counting failures per key in a sliding window (`login_attempts`), shared by every app
//! instance through the database. Keys look like `login:email:ann@example.com` or
//! `login:ip:203.0.113.9`; the same key is used whether or not an account exists, so the
//! answer never tells an attacker which emails are registered.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::args;
use crate::db::{Db, Ts};
use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("login throttle query", e)
}

/// A key and how many failures it may have per `window`.
#[derive(Clone, Debug)]
pub struct Limit {
    pub key: String,
    pub max: u32,
    pub window: Duration,
}

/// `Err(TooManyRequests)` with the seconds until the oldest counted failure leaves the
/// window, when any key has used up its failures.
pub async fn check(db: &Db, limits: &[Limit]) -> Result<(), AppError> {
    let now = Ts::now();
    let mut wait: u64 = 0;
    for l in limits {
        let since = now.minus(l.window);
        let (count, oldest): (i64, Option<DateTime<Utc>>) = db
            .one(
                "SELECT COUNT(*), MIN(attempted_at) FROM login_attempts
                  WHERE throttle_key = $1 AND succeeded = FALSE AND attempted_at > $2",
                args![&l.key, since],
            )
            .await
            .map_err(db_err)?;
        if count >= i64::from(l.max) {
            let until =
                oldest.unwrap_or(now.0) + chrono::Duration::from_std(l.window).unwrap_or_default();
            let secs = (until - now.0).num_seconds().max(1) as u64;
            wait = wait.max(secs);
        }
    }
    if wait > 0 {
        return Err(AppError::TooManyRequests {
            message: format!("Too many sign-in attempts. Try again in {wait} s."),
            retry_after: wait,
        });
    }
    Ok(())
}

/// One attempt counted under `key` *before* it is checked (so parallel attempts cannot all
/// slip under the limit): the row id, to mark it succeeded later, and how many failures the
/// key has in `window` including this one, with the oldest one's time.
pub struct Claim {
    pub id: i64,
    pub count: i64,
    pub oldest: Option<DateTime<Utc>>,
}

/// Inserts the attempt (as a failure until [`succeeded`]), then counts the key's window. Of N
/// concurrent claims, the one committed r-th sees at least r rows, so at most `max` of them
/// see `count <= max`.
pub async fn claim(
    db: &Db,
    key: &str,
    window: Duration,
    email: Option<&str>,
    ip: Option<&str>,
) -> Result<Claim, AppError> {
    let now = Ts::now();
    let (id,): (i64,) = db
        .one(
            "INSERT INTO login_attempts (throttle_key, email, ip_address, succeeded, attempted_at)
             VALUES ($1, $2, $3, FALSE, $4) RETURNING CAST(id AS BIGINT)",
            args![key, email, ip, now],
        )
        .await
        .map_err(db_err)?;
    let (count, oldest): (i64, Option<DateTime<Utc>>) = db
        .one(
            "SELECT COUNT(*), MIN(attempted_at) FROM login_attempts
              WHERE throttle_key = $1 AND succeeded = FALSE AND attempted_at > $2",
            args![key, now.minus(window)],
        )
        .await
        .map_err(db_err)?;
    Ok(Claim { id, count, oldest })
}

/// Seconds until the oldest failure of a full window leaves it.
pub fn retry_after(claim: &Claim, window: Duration) -> u64 {
    let now = Ts::now().0;
    let until =
        claim.oldest.unwrap_or(now) + chrono::Duration::from_std(window).unwrap_or_default();
    (until - now).num_seconds().max(1) as u64
}

/// Marks claimed attempts as succeeded (they stop counting).
pub async fn succeeded(db: &Db, ids: &[i64]) -> Result<(), AppError> {
    for id in ids {
        db.exec(
            "UPDATE login_attempts SET succeeded = TRUE WHERE id = $1",
            args![*id],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Records one failure under every key.
pub async fn record_failure(
    db: &Db,
    keys: &[&str],
    email: Option<&str>,
    ip: Option<&str>,
) -> Result<(), AppError> {
    let now = Ts::now();
    for key in keys {
        db.exec(
            "INSERT INTO login_attempts (throttle_key, email, ip_address, succeeded, attempted_at)
                 VALUES ($1, $2, $3, FALSE, $4)",
            args![*key, email, ip, now],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(())
}

/// Forgets the failures of `key` (after a successful sign-in to that account).
pub async fn clear(db: &Db, key: &str) -> Result<(), AppError> {
    db.exec(
        "DELETE FROM login_attempts WHERE throttle_key = $1 AND succeeded = FALSE",
        args![key],
    )
    .await
    .map(|_| ())
    .map_err(db_err)
}

/// Deletes attempts older than `keep` (run by a background job).
pub async fn prune(db: &Db, keep: Duration) -> Result<u64, AppError> {
    let before = Ts::now().minus(keep);
    db.exec(
        "DELETE FROM login_attempts WHERE attempted_at < $1",
        args![before],
    )
    .await
    .map_err(db_err)
}
