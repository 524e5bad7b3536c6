//! The bootstrap admin account.

use anyhow::Context;
use app::auth::password::{hash_password, random_password, verify_password};
use app::db::Db;
use app::with_db;
use storefront::ids::Email;

use crate::config::Config;

/// What happened to the admin account at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminReport {
    /// Created now. `password` is the generated one (shown once), or `None` when it came from
    /// `ADMIN_PASSWORD`.
    Created {
        email: String,
        password: Option<String>,
    },
    /// Existed; its password was changed to `ADMIN_PASSWORD`.
    PasswordSet { email: String },
    /// Existed and was left alone.
    Existing { email: String },
}

pub const MIN_ADMIN_PASSWORD_LEN: usize = 8;

/// Makes sure `config.admin_email` exists with role ADMIN.
pub async fn ensure_admin(db: &Db, config: &Config) -> anyhow::Result<AdminReport> {
    let email: Email = config.admin_email.parse().with_context(|| {
        format!(
            "ADMIN_EMAIL {:?} is not a valid email address",
            config.admin_email
        )
    })?;
    let email = email.as_str().to_string();
    if let Some(p) = &config.admin_password {
        anyhow::ensure!(
            p.chars().count() >= MIN_ADMIN_PASSWORD_LEN,
            "ADMIN_PASSWORD must be at least {MIN_ADMIN_PASSWORD_LEN} characters"
        );
    }

    let existing: Option<(i64, Option<String>)> = with_db!(db, pool => {
        sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(&email)
            .fetch_optional(pool)
            .await
    })?;
    let now = chrono::Utc::now();

    match (existing, &config.admin_password) {
        (None, supplied) => {
            let (password, shown) = match supplied {
                Some(p) => (p.clone(), None),
                None => {
                    let p = random_password();
                    (p.clone(), Some(p))
                }
            };
            let hash = hash_password(&password)?;
            with_db!(db, pool => {
                sqlx::query(
                    "INSERT INTO users (email, password_hash, first_name, last_name, role,
                                        email_verified_at, created_at, updated_at)
                     VALUES ($1, $2, 'Store', 'Admin', 'ADMIN', $3, $3, $3)",
                )
                .bind(&email)
                .bind(&hash)
                .bind(now)
                .execute(pool)
                .await
                .map(|_| ())
            })?;
            tracing::info!(%email, "created admin account");
            Ok(AdminReport::Created {
                email,
                password: shown,
            })
        }
        (Some((id, current)), Some(supplied)) => {
            let matches = current
                .as_deref()
                .is_some_and(|h| verify_password(supplied, h));
            let hash = if matches {
                current.unwrap_or_default()
            } else {
                hash_password(supplied)?
            };
            with_db!(db, pool => {
                sqlx::query(
                    "UPDATE users SET password_hash = $1, role = 'ADMIN', is_active = TRUE, updated_at = $2
                      WHERE id = $3",
                )
                .bind(&hash)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await
                .map(|_| ())
            })?;
            Ok(if matches {
                AdminReport::Existing { email }
            } else {
                AdminReport::PasswordSet { email }
            })
        }
        (Some(_), None) => Ok(AdminReport::Existing { email }),
    }
}
