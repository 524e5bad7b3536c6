//! The bootstrap admin account.

use anyhow::Context;
use services::args;
use services::auth::password::{hash_password, random_password, verify_password};
use services::db::{Db, Parsed, Ts};
use shared::account::Role;
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

/// Where production writes a generated admin password instead of printing it.
pub const ADMIN_PASSWORD_FILE: &str = "data/admin-password.txt";

/// The start-up banner's admin lines. A generated password is printed in development; in
/// production (where the output ends up in logs) it goes to `secret_file`, readable only by the
/// shop's user (0600), and only that path is printed.
pub fn admin_login_lines(
    report: &AdminReport,
    production: bool,
    secret_file: &std::path::Path,
) -> anyhow::Result<Vec<String>> {
    Ok(match report {
        AdminReport::Created {
            email,
            password: Some(password),
        } if production => {
            write_secret(secret_file, &format!("{email}\n{password}\n"))?;
            vec![
                format!("  Admin login: {email} / (generated password in {})", secret_file.display()),
                "               (readable only by this user; store it elsewhere, then delete the file)"
                    .into(),
            ]
        }
        AdminReport::Created {
            email,
            password: Some(password),
        } => vec![
            format!("  Admin login: {email} / {password}"),
            "               (shown once; store it now, or set ADMIN_PASSWORD to change it)".into(),
        ],
        AdminReport::Created {
            email,
            password: None,
        }
        | AdminReport::PasswordSet { email } => {
            vec![format!("  Admin login: {email} / (ADMIN_PASSWORD)")]
        }
        AdminReport::Existing { email } => vec![format!(
            "  Admin login: {email} (password printed at first start; set ADMIN_PASSWORD to reset)"
        )],
    })
}

/// Writes `text` to `path` so that only the owner can read it (the folder is created).
fn write_secret(path: &std::path::Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        if path.exists() {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("writing the admin password to {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

/// Makes sure `config.admin_email` exists with role ADMIN.
pub async fn ensure_admin(db: &Db, config: &Config) -> anyhow::Result<AdminReport> {
    let email: Email = config.admin_email.parse().with_context(|| {
        format!(
            "ADMIN_EMAIL {:?} is not a valid email address",
            config.admin_email
        )
    })?;
    let email = email.as_str().to_string();
    let supplied_password = config
        .admin_password
        .as_ref()
        .map(|p| p.expose().to_string());
    if let Some(p) = &supplied_password {
        anyhow::ensure!(
            p.chars().count() >= MIN_ADMIN_PASSWORD_LEN,
            "ADMIN_PASSWORD must be at least {MIN_ADMIN_PASSWORD_LEN} characters"
        );
    }

    let existing: Option<(i64, Option<String>, Parsed<Role>, bool)> = db
        .opt(
            "SELECT id, password_hash, role, is_active FROM users WHERE email = $1",
            args![&email],
        )
        .await?;
    let now = Ts::now();

    match (existing, &supplied_password) {
        (None, supplied) => {
            let (password, shown) = match supplied {
                Some(p) => (p.clone(), None),
                None => {
                    let p = random_password();
                    (p.clone(), Some(p))
                }
            };
            let hash = hash_password(&password)?;
            db.exec(
                "INSERT INTO users (email, password_hash, first_name, last_name, role,
                                    email_verified_at, created_at, updated_at)
                 VALUES ($1, $2, 'Store', 'Admin', 'ADMIN', $3, $3, $3)",
                args![&email, &hash, now],
            )
            .await?;
            tracing::info!(%email, "created admin account");
            Ok(AdminReport::Created {
                email,
                password: shown,
            })
        }
        (Some((_, _, Parsed(Role::Customer), _)), Some(_)) => anyhow::bail!(
            "ADMIN_EMAIL {email} belongs to an existing customer account, and start-up does not \
             turn a shopper's account into an admin. Choose another ADMIN_EMAIL for the admin \
             account, or have an admin give this account a staff role in the back office \
             (Customers → the account → Role) and start again."
        ),
        (Some((id, current, Parsed(role), active)), Some(supplied)) => {
            let matches = current
                .as_deref()
                .is_some_and(|h| verify_password(supplied, h));
            let hash = if matches {
                current.unwrap_or_default()
            } else {
                hash_password(supplied)?
            };
            // A changed password, role or activation ends every session of the account (the
            // session version is checked on each request), as a password change does.
            let changed = !matches || role != Role::Admin || !active;
            db.exec(
                "UPDATE users SET password_hash = $1, role = 'ADMIN', is_active = TRUE, updated_at = $2,
                        session_version = session_version + CASE WHEN $4 THEN 1 ELSE 0 END
                  WHERE id = $3",
                args![&hash, now, id, changed],
            )
            .await?;
            Ok(if matches {
                AdminReport::Existing { email }
            } else {
                AdminReport::PasswordSet { email }
            })
        }
        (Some(_), None) => Ok(AdminReport::Existing { email }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn created() -> AdminReport {
        AdminReport::Created {
            email: "admin@shop.test".into(),
            password: Some("generated-secret-123".into()),
        }
    }

    #[test]
    fn production_never_prints_a_generated_password() {
        let dir = std::env::temp_dir().join(format!("admin-pw-{}", std::process::id()));
        let file = dir.join("data").join("admin-password.txt");
        let lines = admin_login_lines(&created(), true, &file)
            .unwrap()
            .join("\n");
        assert!(!lines.contains("generated-secret-123"), "{lines}");
        assert!(lines.contains(&file.display().to_string()), "{lines}");
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("generated-secret-123"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn development_shows_it_once() {
        let file = std::path::Path::new("/nonexistent/never-written.txt");
        let lines = admin_login_lines(&created(), false, file)
            .unwrap()
            .join("\n");
        assert!(lines.contains("generated-secret-123"));
        assert!(!file.exists());
    }
}
