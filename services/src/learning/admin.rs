//! The back office's `/admin/learning`: certification registrations (to mark passed or failed)
//! and course enrolments, optionally for one product.

use super::certificates::registrations;
use super::db_err;
use crate::args;
use crate::db::Db;
use shared::errors::AppError;
use shared::learning::{AdminLearning, EnrolmentRow, LearningProductOption};

/// How many enrolments the back office lists at most.
const LIST_LIMIT: i64 = 1000;

/// The page: the filter's choices, the registrations and the enrolments of `product_id` (a
/// certification's registrations, a course's enrolments), or of everything.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn admin_learning(db: &Db, product_id: Option<i64>) -> Result<AdminLearning, AppError> {
    Ok(AdminLearning {
        product_id,
        certifications: products_of_kind(db, "CERTIFICATION").await?,
        courses: products_of_kind(db, "COURSE").await?,
        registrations: registrations(db, product_id).await?,
        enrolments: enrolments(db, product_id).await?,
    })
}

/// Products of `kind` (archived ones too: their grants are still listed), by name.
async fn products_of_kind(db: &Db, kind: &str) -> Result<Vec<LearningProductOption>, AppError> {
    let rows: Vec<(i64, String)> = db
        .all(
            "SELECT id, name FROM products WHERE kind = $1 ORDER BY name, id",
            args![kind],
        )
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| LearningProductOption { id, name })
        .collect())
}

#[derive(sqlx::FromRow)]
struct EnrolmentDbRow {
    id: i64,
    course_id: i64,
    course: String,
    email: String,
    order_number: Option<String>,
    seat_id: Option<i64>,
    seat_order_number: Option<String>,
    status: String,
    granted_at: String,
}

/// Every enrolment (in course `product_id`, when given) for staff, newest first; at most the
/// first 1000. The source is the order that granted it, or the team seat (and the licence's
/// order).
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn enrolments(db: &Db, product_id: Option<i64>) -> Result<Vec<EnrolmentRow>, AppError> {
    let (filter, limit, args) = match product_id {
        Some(id) => ("WHERE e.course_id = $1", "$2", args![id, LIST_LIMIT]),
        None => ("", "$1", args![LIST_LIMIT]),
    };
    let rows: Vec<EnrolmentDbRow> = db
        .all(
            &format!(
                "SELECT e.id, e.course_id, p.name AS course, u.email, o.number AS order_number,
                        e.seat_id, lo.number AS seat_order_number, e.status,
                        CAST(e.granted_at AS TEXT) AS granted_at
                   FROM enrolments e
                   JOIN users u ON u.id = e.user_id
                   JOIN products p ON p.id = e.course_id
                   LEFT JOIN orders o ON o.id = e.order_id
                   LEFT JOIN licence_seats s ON s.id = e.seat_id
                   LEFT JOIN licences l ON l.id = s.licence_id
                   LEFT JOIN orders lo ON lo.id = l.order_id
                   {filter}
                  ORDER BY e.granted_at DESC, e.id DESC
                  LIMIT {limit}"
            ),
            args,
        )
        .await
        .map_err(db_err)?;
    Ok(rows.into_iter().map(enrolment_row).collect())
}

fn enrolment_row(r: EnrolmentDbRow) -> EnrolmentRow {
    let source = match (&r.order_number, r.seat_id, &r.seat_order_number) {
        (Some(number), _, _) => format!("Order {number}"),
        (None, Some(_), Some(number)) => format!("Team seat (licence order {number})"),
        (None, Some(_), None) => "Team seat".to_string(),
        (None, None, _) => "Granted directly".to_string(),
    };
    EnrolmentRow {
        id: r.id,
        course_id: r.course_id,
        course: r.course,
        email: r.email,
        source,
        order_number: r.order_number,
        status: r.status,
        granted_on: utc_day(&r.granted_at),
    }
}

/// The UTC day (`YYYY-MM-DD`) of a timestamp read with `CAST(… AS TEXT)` on either engine;
/// unparseable text is passed on as is.
fn utc_day(text: &str) -> String {
    crate::db::Ts::parse_text(text)
        .map_or_else(|| text.to_string(), |t| t.0.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(order: Option<&str>, seat: Option<i64>, seat_order: Option<&str>) -> EnrolmentDbRow {
        EnrolmentDbRow {
            id: 1,
            course_id: 2,
            course: "Rust".into(),
            email: "ann@example.com".into(),
            order_number: order.map(str::to_string),
            seat_id: seat,
            seat_order_number: seat_order.map(str::to_string),
            status: "ACTIVE".into(),
            granted_at: "2026-12-07 23:30:00.12-02".into(),
        }
    }

    #[test]
    fn sources_name_the_order_or_the_seat() {
        assert_eq!(
            enrolment_row(row(Some("LC-1"), None, None)).source,
            "Order LC-1"
        );
        assert_eq!(
            enrolment_row(row(None, Some(3), Some("LC-2"))).source,
            "Team seat (licence order LC-2)"
        );
        assert_eq!(enrolment_row(row(None, Some(3), None)).source, "Team seat");
        assert_eq!(
            enrolment_row(row(None, None, None)).source,
            "Granted directly"
        );
        assert_eq!(
            enrolment_row(row(None, None, None)).granted_on,
            "2026-12-08"
        );
    }
}
