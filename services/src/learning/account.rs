//! `/account/learning` and `GET /api/me/enrolments`: the courses a buyer can open (with
//! progress), certification registrations, download links and the team licences they own.

use std::collections::HashSet;

use super::db_err;
use crate::args;
use crate::db::{Db, Ts};
use shared::errors::AppError;
use shared::learning::{MyCertification, MyCourse, MyDownload, MyLearning, MyLicence};

/// Everything `user_id` can open or manage.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn my_learning(db: &Db, user_id: i64) -> Result<MyLearning, AppError> {
    Ok(MyLearning {
        courses: courses(db, user_id).await?,
        certifications: certifications(db, user_id).await?,
        downloads: downloads(db, user_id).await?,
        licences: licences(db, user_id).await?,
    })
}

#[derive(sqlx::FromRow)]
struct CourseRow {
    course_id: i64,
    slug: String,
    name: String,
    granted_at: String,
    order_number: Option<String>,
    modules: Option<String>,
    modules_done: i64,
}

/// Courses with an ACTIVE enrolment, one entry per course (the earliest grant names the source).
async fn courses(db: &Db, user_id: i64) -> Result<Vec<MyCourse>, AppError> {
    let rows: Vec<CourseRow> = db
        .all(
            "SELECT e.course_id, p.slug, p.name, CAST(e.granted_at AS TEXT) AS granted_at,
                    o.number AS order_number, cd.modules,
                    CAST((SELECT COUNT(*) FROM course_progress cp
                           WHERE cp.user_id = e.user_id AND cp.course_id = e.course_id) AS BIGINT)
                        AS modules_done
               FROM enrolments e
               JOIN products p ON p.id = e.course_id
               LEFT JOIN orders o ON o.id = e.order_id
               LEFT JOIN course_details cd ON cd.product_id = e.course_id
              WHERE e.user_id = $1 AND e.status = 'ACTIVE'
              ORDER BY e.granted_at, e.id",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in rows {
        if !seen.insert(r.course_id) {
            continue;
        }
        let total = module_count(r.modules.as_deref())?;
        let done = u32::try_from(r.modules_done).unwrap_or(0).min(total);
        out.push(MyCourse {
            course_id: r.course_id,
            slug: r.slug,
            name: r.name,
            modules_done: done,
            modules_total: total,
            source: match r.order_number {
                Some(number) => format!("Order {number}"),
                None => "Team seat".to_string(),
            },
            granted_at: rfc3339(&r.granted_at),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.course_id.cmp(&b.course_id)));
    Ok(out)
}

/// How many modules a syllabus (`course_details.modules`, a JSON array of titles) has; no
/// details row is an empty syllabus.
fn module_count(modules: Option<&str>) -> Result<u32, AppError> {
    let Some(text) = modules else {
        return Ok(0);
    };
    let titles: Vec<String> = serde_json::from_str(text)
        .map_err(|e| AppError::internal("course_details.modules is not a list of titles", e))?;
    Ok(u32::try_from(titles.len()).unwrap_or(u32::MAX))
}

#[derive(sqlx::FromRow)]
struct CertificationRow {
    id: i64,
    product_id: i64,
    slug: String,
    name: String,
    starts_on: Option<String>,
    status: String,
    certificate_code: Option<String>,
}

/// Registrations that were not revoked, soonest exam first.
async fn certifications(db: &Db, user_id: i64) -> Result<Vec<MyCertification>, AppError> {
    let rows: Vec<CertificationRow> = db
        .all(
            "SELECT r.id, r.product_id, p.slug, p.name, c.starts_on, r.status, r.certificate_code
               FROM certification_registrations r
               JOIN products p ON p.id = r.product_id
               LEFT JOIN cohorts c ON c.variant_id = r.variant_id
              WHERE r.user_id = $1 AND r.status <> 'REVOKED'
              ORDER BY COALESCE(c.starts_on, '9999-12-31'), r.id",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| MyCertification {
            registration_id: r.id,
            product_id: r.product_id,
            slug: r.slug,
            name: r.name,
            cohort_date: r.starts_on,
            status: r.status,
            certificate_code: r.certificate_code,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct DownloadRow {
    product_name: String,
    order_number: String,
    token: String,
    download_count: i32,
    max_downloads: Option<i32>,
    expires_at: Option<String>,
    usable: bool,
}

/// The download links of the user's orders, newest first.
async fn downloads(db: &Db, user_id: i64) -> Result<Vec<MyDownload>, AppError> {
    let rows: Vec<DownloadRow> = db
        .all(
            "SELECT oi.product_name, o.number AS order_number, dl.token, dl.download_count,
                    dl.max_downloads, CAST(dl.expires_at AS TEXT) AS expires_at,
                    CASE WHEN dl.revoked_at IS NOT NULL THEN FALSE
                         WHEN dl.expires_at IS NOT NULL AND dl.expires_at <= $2 THEN FALSE
                         WHEN dl.max_downloads IS NOT NULL AND dl.download_count >= dl.max_downloads
                              THEN FALSE
                         ELSE TRUE END AS usable
               FROM download_links dl
               JOIN orders o ON o.id = dl.order_id
               JOIN order_items oi ON oi.id = dl.order_item_id
              WHERE o.user_id = $1
              ORDER BY dl.created_at DESC, dl.id DESC",
            args![user_id, Ts::now()],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| MyDownload {
            product_name: r.product_name,
            order_number: r.order_number,
            url: format!("/downloads/{}", r.token),
            downloads_left: r
                .max_downloads
                .map(|max| u32::try_from(max.saturating_sub(r.download_count)).unwrap_or(0)),
            expires_at: r.expires_at.as_deref().map(rfc3339),
            usable: r.usable,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct LicenceRow {
    id: i64,
    product_name: String,
    seats: i32,
    seats_used: i64,
    status: String,
}

/// Team licences the user bought, newest first, with the seats not revoked.
async fn licences(db: &Db, user_id: i64) -> Result<Vec<MyLicence>, AppError> {
    let rows: Vec<LicenceRow> = db
        .all(
            "SELECT l.id, p.name AS product_name, l.seats, l.status,
                    CAST((SELECT COUNT(*) FROM licence_seats s
                           WHERE s.licence_id = l.id AND s.status <> 'REVOKED') AS BIGINT)
                        AS seats_used
               FROM licences l
               JOIN products p ON p.id = l.product_id
              WHERE l.owner_user_id = $1
              ORDER BY l.created_at DESC, l.id DESC",
            args![user_id],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|r| MyLicence {
            id: r.id,
            product_name: r.product_name,
            seats: u32::try_from(r.seats).unwrap_or(0),
            seats_used: u32::try_from(r.seats_used).unwrap_or(0),
            status: r.status,
        })
        .collect())
}

/// A timestamp read with `CAST(… AS TEXT)` as RFC 3339; unparseable text is passed on as is.
fn rfc3339(text: &str) -> String {
    Ts::parse_text(text).map_or_else(|| text.to_string(), Ts::to_rfc3339)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_of_both_engines_read_as_rfc3339() {
        assert_eq!(rfc3339("2026-01-31T12:00:00.500Z"), "2026-01-31T12:00:00Z");
        assert_eq!(rfc3339("2026-12-07 03:30:00.12+00"), "2026-12-07T03:30:00Z");
        assert_eq!(rfc3339("2026-12-07 03:30:00+02"), "2026-12-07T01:30:00Z");
    }

    #[test]
    fn syllabus_sizes() {
        assert_eq!(module_count(None).ok(), Some(0));
        assert_eq!(module_count(Some(r#"["A","B"]"#)).ok(), Some(2));
        assert!(module_count(Some("{}")).is_err());
    }
}
