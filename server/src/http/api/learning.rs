//! `GET /api/me/enrolments`: what the signed-in buyer can open — courses (with progress),
//! certification registrations, download links — and the team licences they own. The same
//! `services::learning::account::my_learning` as `/account/learning`.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use services::state::AppState;
use shared::errors::AppError;
use shared::learning::{MyCertification, MyCourse, MyDownload, MyLearning, MyLicence};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::ApiError;
use super::error::ApiErrorBody;

/// Everything the caller can open or manage.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMyLearning {
    pub courses: Vec<ApiMyCourse>,
    pub certifications: Vec<ApiMyCertification>,
    pub downloads: Vec<ApiMyDownload>,
    /// Team licences the caller owns (seats are managed on `/account/teams/{id}`).
    pub licences: Vec<ApiMyLicence>,
}

/// A course the caller has access to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMyCourse {
    pub course_id: i64,
    pub slug: String,
    pub name: String,
    /// Modules marked done, and how many the syllabus has.
    pub modules_done: u32,
    pub modules_total: u32,
    /// Where the access comes from.
    #[schema(example = "Order LC-100042")]
    pub source: String,
    /// RFC 3339.
    pub granted_at: String,
    /// Path of the course page.
    #[schema(example = "/learn/intro-to-rust")]
    pub url: String,
}

/// A certification the caller is registered for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMyCertification {
    pub registration_id: i64,
    pub product_id: i64,
    pub slug: String,
    pub name: String,
    /// The cohort's exam date (`YYYY-MM-DD`), when one was picked.
    pub cohort_date: Option<String>,
    /// `SCHEDULED`, `PASSED` or `FAILED`.
    pub status: String,
    /// Set once passed: the certificate is `/certificates/{code}`.
    pub certificate_code: Option<String>,
}

/// A download link of a digital product the caller bought.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMyDownload {
    pub product_name: String,
    pub order_number: String,
    /// `/downloads/{token}`.
    pub url: String,
    /// `null`: unlimited.
    pub downloads_left: Option<u32>,
    /// RFC 3339; `null`: never expires.
    pub expires_at: Option<String>,
    /// False when expired, used up or revoked.
    pub usable: bool,
}

/// A team licence the caller owns.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMyLicence {
    pub id: i64,
    pub product_name: String,
    pub seats: u32,
    /// Seats invited or taken (not revoked).
    pub seats_used: u32,
    /// `ACTIVE` or `REVOKED`.
    pub status: String,
}

impl From<MyCourse> for ApiMyCourse {
    fn from(c: MyCourse) -> Self {
        ApiMyCourse {
            url: format!("/learn/{}", c.slug),
            course_id: c.course_id,
            slug: c.slug,
            name: c.name,
            modules_done: c.modules_done,
            modules_total: c.modules_total,
            source: c.source,
            granted_at: c.granted_at,
        }
    }
}

impl From<MyCertification> for ApiMyCertification {
    fn from(c: MyCertification) -> Self {
        ApiMyCertification {
            registration_id: c.registration_id,
            product_id: c.product_id,
            slug: c.slug,
            name: c.name,
            cohort_date: c.cohort_date,
            status: c.status,
            certificate_code: c.certificate_code,
        }
    }
}

impl From<MyDownload> for ApiMyDownload {
    fn from(d: MyDownload) -> Self {
        ApiMyDownload {
            product_name: d.product_name,
            order_number: d.order_number,
            url: d.url,
            downloads_left: d.downloads_left,
            expires_at: d.expires_at,
            usable: d.usable,
        }
    }
}

impl From<MyLicence> for ApiMyLicence {
    fn from(l: MyLicence) -> Self {
        ApiMyLicence {
            id: l.id,
            product_name: l.product_name,
            seats: l.seats,
            seats_used: l.seats_used,
            status: l.status,
        }
    }
}

impl From<MyLearning> for ApiMyLearning {
    fn from(l: MyLearning) -> Self {
        ApiMyLearning {
            courses: l.courses.into_iter().map(Into::into).collect(),
            certifications: l.certifications.into_iter().map(Into::into).collect(),
            downloads: l.downloads.into_iter().map(Into::into).collect(),
            licences: l.licences.into_iter().map(Into::into).collect(),
        }
    }
}

/// Your courses (with progress), certification registrations, download links and the team
/// licences you own (sign in first).
#[utoipa::path(get, path = "/api/me/enrolments", tag = "learning",
    responses(
        (status = 200, description = "What you can open and manage", body = ApiMyLearning),
        (status = 401, description = "Not signed in", body = ApiErrorBody)))]
pub async fn my_enrolments(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<ApiMyLearning>, ApiError> {
    let user = services::session::current_user(&state.db, &session, &state.settings.get())
        .await?
        .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()))?;
    let learning = services::learning::account::my_learning(&state.db, user.id).await?;
    Ok(Json(learning.into()))
}
