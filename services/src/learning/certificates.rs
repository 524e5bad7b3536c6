//! Certificates: staff mark a certification registration passed or failed (`mark`), anyone can
//! check a certificate by its code on `/certificates/{code}` (`certificate`), and the back
//! office lists every registration (`registrations`) and a customer's learning
//! (`customer_learning`).

use super::db_err;
use crate::args;
use crate::db::{Db, Ts, Tx};
use shared::account::CurrentUser;
use shared::errors::AppError;
use shared::learning::{Certificate, MyLearning, RegistrationRow};

/// How many registrations the back office lists at most.
const LIST_LIMIT: i64 = 1000;

/// The public path of the certificate with `code`.
pub fn certificate_path(code: &str) -> String {
    format!("/certificates/{code}")
}

/// A fresh certificate code: 6 random bytes as `CERT-XXXX-XXXX-XXXX` (upper-case hex).
fn new_code() -> String {
    let hex = crate::tokens::random_hex(6).to_ascii_uppercase();
    format!("CERT-{}-{}-{}", &hex[0..4], &hex[4..8], &hex[8..12])
}

/// `code` in its stored form (trimmed, upper-case) when it is shaped like one of ours
/// (`CERT-` and three groups of four hex digits); `None` for anything else.
pub fn normalise_code(code: &str) -> Option<String> {
    let code = code.trim().to_ascii_uppercase();
    let rest = code.strip_prefix("CERT-")?;
    let groups: Vec<&str> = rest.split('-').collect();
    let shaped = groups.len() == 3
        && groups
            .iter()
            .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_hexdigit()));
    shaped.then_some(code)
}

/// The name a certificate shows: first and last name, else the part of the email before `@`
/// (never the whole address).
fn holder_name(first: Option<&str>, last: Option<&str>, email: &str) -> String {
    super::full_name(first, last)
        .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string())
}

/// A date in words ("7 March 2027") from `YYYY-MM-DD` or a timestamp read with
/// `CAST(… AS TEXT)` on either engine (taken in UTC). Unparseable text is passed on as is.
fn date_in_words(text: &str) -> String {
    let day = crate::db::Ts::parse_text(text)
        .map(|t| t.0.date_naive())
        .or_else(|| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok());
    match day {
        Some(d) => d.format("%-d %B %Y").to_string(),
        None => text.to_string(),
    }
}

#[derive(sqlx::FromRow)]
struct MarkRow {
    id: i64,
    status: String,
    email: String,
    first_name: Option<String>,
    certification: String,
    certificate_code: Option<String>,
}

/// Staff mark registration `registration_id` PASSED (`passed`) or FAILED. Only a SCHEDULED
/// registration changes, or a FAILED one that passes a retake; a PASSED or REVOKED one is a
/// 409, an unknown one a 404. Passing sets `passed_at` and a fresh certificate code and queues
/// the `certificate_issued` mail; both leave an audit row, all in one transaction.
#[tracing::instrument(skip(db, staff), fields(backend = db.backend().as_str(), staff = staff.id))]
pub async fn mark(
    db: &Db,
    staff: &CurrentUser,
    registration_id: i64,
    passed: bool,
) -> Result<(), AppError> {
    if !staff.is_staff() {
        return Err(AppError::Forbidden("This is for shop staff only.".into()));
    }
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let row: Option<MarkRow> = tx
        .opt(
            "SELECT r.id, r.status, u.email, u.first_name, p.name AS certification,
                    r.certificate_code
               FROM certification_registrations r
               JOIN users u ON u.id = r.user_id
               JOIN products p ON p.id = r.product_id
              WHERE r.id = $1",
            args![registration_id],
        )
        .await
        .map_err(db_err)?;
    let row = row.ok_or_else(|| {
        AppError::NotFound(format!(
            "There is no certification registration {registration_id}."
        ))
    })?;
    refuse_mark(&row, passed)?;
    let now = Ts::now();
    let code = if passed {
        let code = unused_code(&mut tx).await?;
        set_status(&mut tx, &row, "PASSED", Some(&code), now).await?;
        queue_mail(&mut tx, &row, &code, now).await?;
        Some(code)
    } else {
        set_status(&mut tx, &row, "FAILED", None, now).await?;
        None
    };
    let to = if passed { "PASSED" } else { "FAILED" };
    let changes = serde_json::json!({"from": row.status, "to": to, "certificate_code": code});
    audit(&mut tx, staff, &row, to, changes, now).await?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(registration = row.id, status = to, "certification marked");
    Ok(())
}

/// Why a registration cannot be marked so (409), if it cannot.
fn refuse_mark(row: &MarkRow, passed: bool) -> Result<(), AppError> {
    let conflict = |m: String| -> Result<(), AppError> { Err(AppError::Conflict(m)) };
    match (row.status.as_str(), passed) {
        ("SCHEDULED", _) | ("FAILED", true) => Ok(()),
        ("PASSED", _) => conflict(format!(
            "This registration is already marked passed (certificate {}).",
            row.certificate_code.as_deref().unwrap_or("issued")
        )),
        ("FAILED", false) => conflict("This registration is already marked failed.".into()),
        ("REVOKED", _) => conflict(
            "This registration was revoked (its order was refunded or cancelled); it cannot be marked."
                .into(),
        ),
        (other, _) => conflict(format!(
            "A registration that is {other} cannot be marked."
        )),
    }
}

/// A certificate code no registration has yet.
async fn unused_code(tx: &mut Tx) -> Result<String, AppError> {
    for _ in 0..5 {
        let code = new_code();
        let taken: Option<(i64,)> = tx
            .opt(
                "SELECT id FROM certification_registrations WHERE certificate_code = $1",
                args![code.as_str()],
            )
            .await
            .map_err(db_err)?;
        if taken.is_none() {
            return Ok(code);
        }
    }
    Err(AppError::internal(
        "certificate code",
        "five random certificate codes were all taken",
    ))
}

/// Moves the registration from the status read to `to`; a 409 when someone else changed it
/// in between.
async fn set_status(
    tx: &mut Tx,
    row: &MarkRow,
    to: &str,
    code: Option<&str>,
    now: Ts,
) -> Result<(), AppError> {
    let changed = if to == "PASSED" {
        tx.exec(
            "UPDATE certification_registrations
                SET status = 'PASSED', passed_at = $1, certificate_code = $2
              WHERE id = $3 AND status = $4",
            args![now, code, row.id, row.status.as_str()],
        )
        .await
    } else {
        tx.exec(
            "UPDATE certification_registrations SET status = $1 WHERE id = $2 AND status = $3",
            args![to, row.id, row.status.as_str()],
        )
        .await
    }
    .map_err(db_err)?;
    if changed == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "This registration changed meanwhile. Reload the page and try again.".into(),
        ))
    }
}

/// Queues the `certificate_issued` mail to the holder (sent by the outbox job).
async fn queue_mail(tx: &mut Tx, row: &MarkRow, code: &str, now: Ts) -> Result<(), AppError> {
    let payload = serde_json::json!({
        "template": "certificate_issued",
        "to": row.email,
        "first_name": row.first_name,
        "certification": row.certification,
        "code": code,
        "path": certificate_path(code),
        "registration_id": row.id,
    })
    .to_string();
    let sql = crate::db::sql::outbox_insert(tx.backend()) + " ON CONFLICT (dedupe_key) DO NOTHING";
    tx.exec(
        &sql,
        args![
            "certificate.issued",
            payload,
            format!("certificate-issued:{}", row.id),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The staff action's `audit_events` row (written here: `learning` does not use `orders`).
async fn audit(
    tx: &mut Tx,
    staff: &CurrentUser,
    row: &MarkRow,
    to: &str,
    changes: serde_json::Value,
    now: Ts,
) -> Result<(), AppError> {
    let json = crate::db::sql::json_param(tx.backend(), 6);
    let action = if to == "PASSED" {
        "certification.pass"
    } else {
        "certification.fail"
    };
    tx.exec(
        &format!(
            "INSERT INTO audit_events (actor_user_id, actor, action, entity_type, entity_id, changes, created_at)
             VALUES ($1, $2, $3, $4, $5, {json}, $7)"
        ),
        args![
            staff.id,
            format!("staff:{}", staff.email),
            action,
            "certification_registration",
            row.id,
            changes.to_string(),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CertificateRow {
    status: String,
    code: String,
    passed_at: Option<String>,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    certification: String,
    starts_on: Option<String>,
}

/// The public facts of the certificate with `code`: a PASSED registration, or a REVOKED one
/// that had passed (`valid: false`, with a notice). 404 for a malformed or unknown code. The
/// holder is named, never their email address. `verify_url` is the page's path.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn certificate(db: &Db, code: &str) -> Result<Certificate, AppError> {
    let not_found = || AppError::NotFound("There is no certificate with this code.".into());
    let code = normalise_code(code).ok_or_else(not_found)?;
    let row = db
        .opt::<CertificateRow>(
            "SELECT r.status, r.certificate_code AS code, CAST(r.passed_at AS TEXT) AS passed_at,
                    u.email, u.first_name, u.last_name, p.name AS certification, c.starts_on
               FROM certification_registrations r
               JOIN users u ON u.id = r.user_id
               JOIN products p ON p.id = r.product_id
               LEFT JOIN cohorts c ON c.variant_id = r.variant_id
              WHERE r.certificate_code = $1",
            args![code.as_str()],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(not_found)?;
    let (valid, notice) = match row.status.as_str() {
        "PASSED" => (true, None),
        "REVOKED" => (false, Some("This certificate was revoked.".to_string())),
        _ => return Err(not_found()),
    };
    Ok(Certificate {
        verify_url: certificate_path(&row.code),
        holder: holder_name(
            row.first_name.as_deref(),
            row.last_name.as_deref(),
            &row.email,
        ),
        certification: row.certification,
        exam_date: row.starts_on.as_deref().map(date_in_words),
        passed_on: row.passed_at.as_deref().map(date_in_words),
        valid,
        notice,
        code: row.code,
    })
}

#[derive(sqlx::FromRow)]
struct RegistrationDbRow {
    id: i64,
    product_id: i64,
    certification: String,
    email: String,
    starts_on: Option<String>,
    status: String,
    certificate_code: Option<String>,
    order_number: String,
}

/// Every certification registration (of `product_id`, when given) for staff, by exam date
/// then id (no date last); at most the first 1000.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn registrations(
    db: &Db,
    product_id: Option<i64>,
) -> Result<Vec<RegistrationRow>, AppError> {
    let (filter, limit, args) = match product_id {
        Some(id) => ("WHERE r.product_id = $1", "$2", args![id, LIST_LIMIT]),
        None => ("", "$1", args![LIST_LIMIT]),
    };
    let rows: Vec<RegistrationDbRow> = db
        .all(
            &format!(
                "SELECT r.id, r.product_id, p.name AS certification, u.email, c.starts_on,
                        r.status, r.certificate_code, o.number AS order_number
                   FROM certification_registrations r
                   JOIN users u ON u.id = r.user_id
                   JOIN products p ON p.id = r.product_id
                   JOIN orders o ON o.id = r.order_id
                   LEFT JOIN cohorts c ON c.variant_id = r.variant_id
                   {filter}
                  ORDER BY COALESCE(c.starts_on, '9999-12-31'), r.id
                  LIMIT {limit}"
            ),
            args,
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| RegistrationRow {
            id: r.id,
            product_id: r.product_id,
            certification: r.certification,
            email: r.email,
            cohort_date: r.starts_on,
            status: r.status,
            certificate_code: r.certificate_code,
            order_number: r.order_number,
        })
        .collect())
}

/// A customer's learning for the back office: what `/account/learning` shows them.
pub async fn customer_learning(db: &Db, user_id: i64) -> Result<MyLearning, AppError> {
    super::account::my_learning(db, user_id).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_shaped_and_normalised() {
        let code = new_code();
        assert_eq!(code.len(), 19);
        assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
        assert_ne!(code, new_code());
        assert_eq!(
            normalise_code(" cert-00ab-12cd-ef34 ").as_deref(),
            Some("CERT-00AB-12CD-EF34")
        );
        for bad in [
            "",
            "CERT-",
            "CERT-00AB-12CD",
            "CERT-00AB-12CD-EF34-0000",
            "CERT-00AB-12CD-EF3G",
            "XERT-00AB-12CD-EF34",
            "CERT-00AB-12CD-EF345",
            "../../etc/passwd",
        ] {
            assert_eq!(normalise_code(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn holders_are_named_never_by_their_whole_email() {
        assert_eq!(
            holder_name(Some("Ann"), Some("Lee"), "ann@example.com"),
            "Ann Lee"
        );
        assert_eq!(holder_name(Some(" Ann "), None, "x@example.com"), "Ann");
        assert_eq!(
            holder_name(None, Some(""), "ann.lee@example.com"),
            "ann.lee"
        );
        assert_eq!(holder_name(Some("  "), None, "bo@example.com"), "bo");
    }

    #[test]
    fn only_scheduled_or_failed_registrations_change() {
        let row = |status: &str| MarkRow {
            id: 1,
            status: status.into(),
            email: "ann@example.com".into(),
            first_name: None,
            certification: "Rust".into(),
            certificate_code: None,
        };
        let status = |r: Result<(), AppError>| r.err().map_or(200, |e| e.status());
        assert_eq!(status(refuse_mark(&row("SCHEDULED"), true)), 200);
        assert_eq!(status(refuse_mark(&row("SCHEDULED"), false)), 200);
        assert_eq!(status(refuse_mark(&row("FAILED"), true)), 200);
        assert_eq!(status(refuse_mark(&row("FAILED"), false)), 409);
        assert_eq!(status(refuse_mark(&row("PASSED"), true)), 409);
        assert_eq!(status(refuse_mark(&row("PASSED"), false)), 409);
        assert_eq!(status(refuse_mark(&row("REVOKED"), true)), 409);
    }

    #[test]
    fn dates_of_both_engines_read_in_words() {
        assert_eq!(date_in_words("2027-03-07"), "7 March 2027");
        assert_eq!(date_in_words("2026-01-31T12:00:00.500Z"), "31 January 2026");
        assert_eq!(
            date_in_words("2026-12-07 23:30:00.12-02"),
            "8 December 2026"
        );
        assert_eq!(date_in_words("soon"), "soon");
    }
}
