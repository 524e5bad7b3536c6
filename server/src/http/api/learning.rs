//! `GET /api/me/enrolments`: what the signed-in buyer can open — courses (with progress),
//! certification registrations, download links — and the team licences they own. The same
//! `services::learning::account::my_learning` as `/account/learning`.
//!
//! `/api/me/licences/{id}/seats`: a team licence's owner lists, invites to and revokes its
//! seats — the same `services::learning::teams` as `/account/teams/{id}`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use services::state::AppState;
use shared::account::CurrentUser;
use shared::errors::AppError;
use shared::learning::{
    MyCertification, MyCourse, MyDownload, MyLearning, MyLicence, SeatView, TeamLicence,
};
use tower_sessions::Session;
use utoipa::ToSchema;

use super::ApiError;
use super::bodies;
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

/// A team licence you own, with its seats.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTeamLicence {
    pub id: i64,
    pub product_name: String,
    /// Seats bought.
    pub seats: u32,
    /// Seats invited or taken (not revoked).
    pub seats_used: u32,
    /// `ACTIVE` or `REVOKED` (refunded or cancelled: no seat gives access).
    pub status: String,
    /// Every seat given out: live ones first, newest first; revoked ones stay listed.
    pub seat_list: Vec<ApiSeat>,
}

/// One seat of a team licence.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSeat {
    pub id: i64,
    /// The invited address (lower case); only an account with it can accept.
    #[schema(example = "colleague@example.com")]
    pub email: String,
    /// `INVITED`, `ACTIVE` or `REVOKED`.
    pub status: String,
    /// The name of the account holding the seat, once accepted.
    pub holder_name: Option<String>,
    /// RFC 3339.
    pub invited_at: String,
    pub accepted_at: Option<String>,
    pub revoked_at: Option<String>,
    pub last_opened_at: Option<String>,
}

impl From<SeatView> for ApiSeat {
    fn from(s: SeatView) -> Self {
        ApiSeat {
            id: s.id,
            email: s.email,
            status: s.status,
            holder_name: s.holder_name,
            invited_at: s.invited_at,
            accepted_at: s.accepted_at,
            revoked_at: s.revoked_at,
            last_opened_at: s.last_opened_at,
        }
    }
}

impl From<TeamLicence> for ApiTeamLicence {
    fn from(l: TeamLicence) -> Self {
        ApiTeamLicence {
            id: l.id,
            product_name: l.product_name,
            seats: l.seats,
            seats_used: l.seats_used,
            status: l.status,
            seat_list: l.seat_list.into_iter().map(Into::into).collect(),
        }
    }
}

/// `POST /api/me/licences/{id}/seats`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InviteSeatBody {
    /// The colleague's email address: the invitation is mailed there, and only an account
    /// with this address can accept it.
    #[schema(example = "colleague@example.com")]
    pub email: String,
}

/// The signed-in caller; 401 otherwise.
async fn signed_in(state: &AppState, session: &Session) -> Result<CurrentUser, ApiError> {
    services::session::current_user(&state.db, session, &state.settings.get())
        .await?
        .ok_or_else(|| AppError::Unauthorized("Please sign in first.".into()).into())
}

/// A path id; anything but a positive number is a 404 (`what` names the thing).
fn path_id(raw: &str, what: &str) -> Result<i64, ApiError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| {
            AppError::NotFound(format!("There is no such {what} in your account.")).into()
        })
}

/// A team licence you own and its seats: who is invited, who joined, what was revoked.
#[utoipa::path(get, path = "/api/me/licences/{id}/seats", tag = "learning",
    params(("id" = i64, Path, description = "A team licence you own (see `licences` in /api/me/enrolments)")),
    responses(
        (status = 200, description = "The licence and its seats", body = ApiTeamLicence),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a licence of yours", body = ApiErrorBody)))]
pub async fn licence_seats(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
) -> Result<Json<ApiTeamLicence>, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = path_id(&raw, "team licence")?;
    let licence = services::learning::teams::licence(&state.db, user.id, id).await?;
    Ok(Json(licence.into()))
}

/// Invite a colleague to a free seat: `{"email": "…"}`. They get a mail with a link that
/// accepts the seat (signed in with that address) and enrols them in the licence's courses.
#[utoipa::path(post, path = "/api/me/licences/{id}/seats", tag = "learning",
    params(("id" = i64, Path, description = "A team licence you own")),
    request_body = InviteSeatBody,
    responses(
        (status = 201, description = "Invited: the new seat; the mail is on its way", body = ApiSeat),
        (status = 400, description = "Malformed request (not JSON, or the wrong shape)", body = ApiErrorBody),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a licence of yours", body = ApiErrorBody),
        (status = 409, description = "Every seat is taken (`NO_SEATS_LEFT`), the address already has a seat (`ALREADY_INVITED`), or the licence was revoked", body = ApiErrorBody),
        (status = 422, description = "Not a valid email address (`field`: `email`)", body = ApiErrorBody)))]
pub async fn invite_seat(
    State(state): State<AppState>,
    session: Session,
    Path(raw): Path<String>,
    payload: Result<Json<InviteSeatBody>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiSeat>), ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = path_id(&raw, "team licence")?;
    let body = bodies::parse(payload)?;
    let seat = services::learning::teams::invite(&state.db, user.id, id, &body.email).await?;
    Ok((StatusCode::CREATED, Json(seat.into())))
}

/// Revoke a seat and the course access it gave; the seat is free to invite someone else.
/// Revoking a revoked seat changes nothing.
#[utoipa::path(delete, path = "/api/me/licences/{id}/seats/{seat_id}", tag = "learning",
    params(
        ("id" = i64, Path, description = "A team licence you own"),
        ("seat_id" = i64, Path, description = "One of its seats")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = ApiErrorBody),
        (status = 404, description = "Not a licence of yours, or not one of its seats", body = ApiErrorBody)))]
pub async fn revoke_seat(
    State(state): State<AppState>,
    session: Session,
    Path((raw_id, raw_seat)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let user = signed_in(&state, &session).await?;
    let id = path_id(&raw_id, "team licence")?;
    let seat = path_id(&raw_seat, "seat")?;
    services::learning::teams::revoke_seat(&state.db, user.id, id, seat).await?;
    Ok(StatusCode::NO_CONTENT)
}
