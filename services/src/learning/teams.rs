//! Team licence seats (`/account/teams/{id}`, `/api/me/licences/{id}/seats`): the owner
//! invites colleagues by email (a mail with a one-time link, queued in the same
//! transaction), revokes a seat — and the access it gave — to free it for someone else
//! ("reassign" is revoke + invite), and the colleague accepts the link signed in with the
//! invited address, which enrols them in every course of the licence.
//!
//! Every owner action answers 404 for a licence the caller does not own: nobody learns
//! whether someone else's licence exists. Only a hash of an invitation's token is stored.

use storefront::Email;

use super::{db_err, full_name};
use crate::args;
use crate::db::{Db, Ts, Tx, dialect, is_unique_violation};
use crate::tokens::{looks_like_token, random_token, token_hash};
use shared::account::CurrentUser;
use shared::errors::AppError;
use shared::learning::{SeatView, TeamLicence};

/// The outbox topic of an invitation mail (template `licence_invite`).
pub const INVITE_TOPIC: &str = "licence.seat_invited";

const NO_LICENCE: &str = "There is no such team licence in your account.";
const NO_SEAT: &str = "There is no such seat on this licence.";
const BAD_INVITATION: &str = "This invitation is no longer valid.";

fn no_licence() -> AppError {
    AppError::NotFound(NO_LICENCE.into())
}

fn bad_invitation() -> AppError {
    AppError::NotFound(BAD_INVITATION.into())
}

fn already_invited(email: &str) -> AppError {
    AppError::Refused {
        code: "ALREADY_INVITED".into(),
        message: format!(
            "{email} already has a seat on this licence (invited or taken). Revoke it first to invite them again."
        ),
        link: None,
    }
}

/// What accepting an invitation joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joined {
    /// The licence product's name.
    pub licence: String,
    /// The slug of the licence's first course (`/learn/{slug}`); `None` when it has none.
    pub course_slug: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LicenceRow {
    id: i64,
    product_id: i64,
    seats: i32,
    status: String,
}

#[derive(sqlx::FromRow)]
struct LicenceView {
    id: i64,
    product_name: String,
    seats: i32,
    status: String,
}

#[derive(sqlx::FromRow)]
struct SeatRow {
    id: i64,
    email: String,
    status: String,
    first_name: Option<String>,
    last_name: Option<String>,
    invited_at: String,
    accepted_at: Option<String>,
    revoked_at: Option<String>,
    last_opened_at: Option<String>,
}

const SEAT_SELECT: &str = "SELECT s.id, s.email, s.status, u.first_name, u.last_name,
        CAST(s.invited_at AS TEXT) AS invited_at, CAST(s.accepted_at AS TEXT) AS accepted_at,
        CAST(s.revoked_at AS TEXT) AS revoked_at,
        CAST(s.last_opened_at AS TEXT) AS last_opened_at
   FROM licence_seats s LEFT JOIN users u ON u.id = s.user_id";

impl From<SeatRow> for SeatView {
    fn from(r: SeatRow) -> Self {
        SeatView {
            id: r.id,
            email: r.email,
            status: r.status,
            holder_name: full_name(r.first_name.as_deref(), r.last_name.as_deref()),
            invited_at: rfc3339(&r.invited_at),
            accepted_at: r.accepted_at.as_deref().map(rfc3339),
            revoked_at: r.revoked_at.as_deref().map(rfc3339),
            last_opened_at: r.last_opened_at.as_deref().map(rfc3339),
        }
    }
}

/// A timestamp read with `CAST(… AS TEXT)` as RFC 3339; unparseable text is passed on as is.
fn rfc3339(text: &str) -> String {
    Ts::parse_text(text).map_or_else(|| text.to_string(), Ts::to_rfc3339)
}

/// The licence `licence_id` of `owner_id` with its seats; 404 for anyone else's.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn licence(db: &Db, owner_id: i64, licence_id: i64) -> Result<TeamLicence, AppError> {
    let l: LicenceView = db
        .opt(
            "SELECT l.id, p.name AS product_name, l.seats, l.status
               FROM licences l JOIN products p ON p.id = l.product_id
              WHERE l.id = $1 AND l.owner_user_id = $2",
            args![licence_id, owner_id],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(no_licence)?;
    let rows: Vec<SeatRow> = db
        .all(
            &format!(
                "{SEAT_SELECT} WHERE s.licence_id = $1
                  ORDER BY CASE WHEN s.status = 'REVOKED' THEN 1 ELSE 0 END,
                           s.invited_at DESC, s.id DESC"
            ),
            args![l.id],
        )
        .await
        .map_err(db_err)?;
    let seat_list: Vec<SeatView> = rows.into_iter().map(SeatView::from).collect();
    let used = seat_list.iter().filter(|s| s.status != "REVOKED").count();
    Ok(TeamLicence {
        id: l.id,
        product_name: l.product_name,
        seats: u32::try_from(l.seats).unwrap_or(0),
        seats_used: u32::try_from(used).unwrap_or(u32::MAX),
        status: l.status,
        seat_list,
    })
}

/// The licence `licence_id` of `owner_id`, locked until the transaction ends (invitations and
/// revocations of one licence take turns, so the seat count holds); 404 for anyone else's.
async fn lock_licence(tx: &mut Tx, owner_id: i64, licence_id: i64) -> Result<LicenceRow, AppError> {
    let sql = format!(
        "SELECT id, product_id, seats, status FROM licences
          WHERE id = $1 AND owner_user_id = $2{}",
        dialect::for_update(tx.backend())
    );
    tx.opt::<LicenceRow>(&sql, args![licence_id, owner_id])
        .await
        .map_err(db_err)?
        .ok_or_else(no_licence)
}

/// Refuses an address that already has a live seat, and a licence whose seats are all taken.
async fn check_free_seat(tx: &mut Tx, licence: &LicenceRow, email: &str) -> Result<(), AppError> {
    let same: Option<(i64,)> = tx
        .opt(
            "SELECT id FROM licence_seats
              WHERE licence_id = $1 AND email = $2 AND status <> 'REVOKED'",
            args![licence.id, email],
        )
        .await
        .map_err(db_err)?;
    if same.is_some() {
        return Err(already_invited(email));
    }
    let (live,): (i64,) = tx
        .one(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM licence_seats
              WHERE licence_id = $1 AND status <> 'REVOKED'",
            args![licence.id],
        )
        .await
        .map_err(db_err)?;
    if live >= i64::from(licence.seats) {
        return Err(AppError::Refused {
            code: "NO_SEATS_LEFT".into(),
            message: format!(
                "All {} seats of this licence are taken. Revoke a seat to invite someone else.",
                licence.seats
            ),
            link: None,
        });
    }
    Ok(())
}

/// Invites `email` to a free seat of the owner's licence: an INVITED seat and, in the same
/// transaction, the invitation mail with its one-time link. 422 (`email`) for an invalid
/// address; 409 when the licence was revoked, `NO_SEATS_LEFT`, or `ALREADY_INVITED`.
#[tracing::instrument(skip(db, email), fields(backend = db.backend().as_str()))]
pub async fn invite(
    db: &Db,
    owner_id: i64,
    licence_id: i64,
    email: &str,
) -> Result<SeatView, AppError> {
    let email =
        Email::parse(email).map_err(|e| AppError::invalid("email", format!("Email: {e}")))?;
    let email = email.as_str();
    let token = random_token();
    let hash = token_hash(&token);
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let licence = lock_licence(&mut tx, owner_id, licence_id).await?;
    if licence.status != "ACTIVE" {
        return Err(AppError::Conflict(
            "This licence was revoked (its order was refunded or cancelled): its seats can't be given out.".into(),
        ));
    }
    check_invitation_budget(&mut tx, &licence, now).await?;
    check_free_seat(&mut tx, &licence, email).await?;
    let inserted: Result<(i64,), sqlx::Error> = tx
        .one(
            "INSERT INTO licence_seats (licence_id, email, token_hash, status, invited_at)
             VALUES ($1, $2, $3, 'INVITED', $4) RETURNING id",
            args![licence.id, email, &hash, now],
        )
        .await;
    let seat_id = match inserted {
        Ok((id,)) => id,
        // Another invitation of the same address won the race (the live-email index).
        Err(e) if is_unique_violation(&e) => return Err(already_invited(email)),
        Err(e) => return Err(db_err(e)),
    };
    queue_invitation(&mut tx, owner_id, &licence, email, &token, &hash, now).await?;
    let seat: SeatRow = tx
        .one(&format!("{SEAT_SELECT} WHERE s.id = $1"), args![seat_id])
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(licence_id, seat_id, "seat invitation queued");
    Ok(seat.into())
}

/// Invitations a licence may send in a day: enough to fill and reassign every seat, not a
/// way to mail strangers in a revoke-and-invite loop.
fn invitations_per_day(seats: i64) -> i64 {
    (2 * seats).max(20)
}

async fn check_invitation_budget(
    tx: &mut Tx,
    licence: &LicenceRow,
    now: Ts,
) -> Result<(), AppError> {
    let since = now.minus(std::time::Duration::from_secs(24 * 3600));
    let (sent,): (i64,) = tx
        .one(
            "SELECT COUNT(*) FROM licence_seats WHERE licence_id = $1 AND invited_at > $2",
            args![licence.id, since],
        )
        .await
        .map_err(db_err)?;
    if sent >= invitations_per_day(i64::from(licence.seats)) {
        return Err(AppError::TooManyRequests {
            message:
                "This licence has sent as many invitations as it may today. Try again tomorrow."
                    .into(),
            retry_after: 3600,
        });
    }
    Ok(())
}

/// The invitation mail in the outbox. The payload carries the token itself (the mail's link
/// is built from it and the site's base URL); the sender drops `token` from the payload once
/// sent, and what staff see has it blanked.
async fn queue_invitation(
    tx: &mut Tx,
    owner_id: i64,
    licence: &LicenceRow,
    to: &str,
    token: &str,
    hash: &str,
    now: Ts,
) -> Result<(), AppError> {
    let (course,): (String,) = tx
        .one(
            "SELECT name FROM products WHERE id = $1",
            args![licence.product_id],
        )
        .await
        .map_err(db_err)?;
    let (owner_email, first, last): (String, Option<String>, Option<String>) = tx
        .one(
            "SELECT email, first_name, last_name FROM users WHERE id = $1",
            args![owner_id],
        )
        .await
        .map_err(db_err)?;
    let inviter = full_name(first.as_deref(), last.as_deref()).unwrap_or(owner_email);
    let payload = serde_json::json!({
        "template": "licence_invite",
        "to": to,
        "course": course,
        "inviter": inviter,
        "licence_id": licence.id,
        "token": token,
    })
    .to_string();
    let sql = crate::db::sql::outbox_insert(tx.backend());
    tx.exec(
        &sql,
        args![INVITE_TOPIC, payload, format!("licence-invite:{hash}"), now],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Revokes seat `seat_id` of the owner's licence and the access it gave; the seat is then
/// free for someone else. Returns the seat's address. Revoking a revoked seat changes
/// nothing; 404 for a seat of another licence or a licence of someone else.
#[tracing::instrument(skip(db), fields(backend = db.backend().as_str()))]
pub async fn revoke_seat(
    db: &Db,
    owner_id: i64,
    licence_id: i64,
    seat_id: i64,
) -> Result<String, AppError> {
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let licence = lock_licence(&mut tx, owner_id, licence_id).await?;
    let seat: Option<(String, String)> = tx
        .opt(
            "SELECT email, status FROM licence_seats WHERE id = $1 AND licence_id = $2",
            args![seat_id, licence.id],
        )
        .await
        .map_err(db_err)?;
    let (email, status) = seat.ok_or_else(|| AppError::NotFound(NO_SEAT.into()))?;
    if status != "REVOKED" {
        tx.exec(
            "UPDATE enrolments SET status = 'REVOKED', revoked_at = $1
              WHERE seat_id = $2 AND status = 'ACTIVE'",
            args![now, seat_id],
        )
        .await
        .map_err(db_err)?;
        tx.exec(
            "UPDATE licence_seats SET status = 'REVOKED', revoked_at = $1, token_hash = NULL
              WHERE id = $2 AND status <> 'REVOKED'",
            args![now, seat_id],
        )
        .await
        .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    tracing::info!(licence_id, seat_id, "seat revoked");
    Ok(email)
}

#[derive(sqlx::FromRow)]
struct InvitedRow {
    seat_id: i64,
    email: String,
    product_id: i64,
    product_name: String,
}

/// Accepts the invitation with `token` for `user`, who must be signed in with the invited
/// address (403 naming it otherwise, so a forwarded link is no use to someone else): the seat
/// becomes theirs and they are enrolled in every course of the licence. 404 for a link that
/// is unknown, used, or whose seat or licence was revoked.
#[tracing::instrument(skip_all, fields(backend = db.backend().as_str(), user_id = user.id))]
pub async fn accept(db: &Db, user: &CurrentUser, token: &str) -> Result<Joined, AppError> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(bad_invitation());
    }
    let hash = token_hash(token);
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let seat: InvitedRow = tx
        .opt(
            "SELECT s.id AS seat_id, s.email, l.product_id, p.name AS product_name
               FROM licence_seats s
               JOIN licences l ON l.id = s.licence_id
               JOIN products p ON p.id = l.product_id
              WHERE s.token_hash = $1 AND s.status = 'INVITED' AND l.status = 'ACTIVE'",
            args![&hash],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(bad_invitation)?;
    if !seat.email.eq_ignore_ascii_case(user.email.trim()) {
        return Err(AppError::Forbidden(format!(
            "This invitation was sent to {}. Sign in with that address to accept it (you're signed in as {}).",
            seat.email, user.email
        )));
    }
    // Conditional on INVITED: of two uses of the same link, exactly one takes the seat.
    let taken = tx
        .exec(
            "UPDATE licence_seats SET status = 'ACTIVE', user_id = $1, accepted_at = $2,
                    token_hash = NULL
              WHERE id = $3 AND status = 'INVITED'",
            args![user.id, now, seat.seat_id],
        )
        .await
        .map_err(db_err)?;
    if taken != 1 {
        return Err(bad_invitation());
    }
    let courses = super::items::courses_of(&mut tx, seat.product_id).await?;
    for course in &courses {
        tx.exec(
            "INSERT INTO enrolments (user_id, course_id, seat_id, status, granted_at)
             VALUES ($1, $2, $3, 'ACTIVE', $4) ON CONFLICT (seat_id, course_id) DO NOTHING",
            args![user.id, course.id, seat.seat_id, now],
        )
        .await
        .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    tracing::info!(seat_id = seat.seat_id, "seat taken");
    Ok(Joined {
        licence: seat.product_name,
        course_slug: courses.into_iter().next().map(|c| c.slug),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_names() {
        assert_eq!(
            full_name(Some("Ann"), Some("Lee")).as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(full_name(Some(" "), Some("Lee")).as_deref(), Some("Lee"));
        assert_eq!(full_name(None, None), None);
    }

    #[test]
    fn timestamps_of_both_engines_read_as_rfc3339() {
        assert_eq!(rfc3339("2026-01-31T12:00:00.500Z"), "2026-01-31T12:00:00Z");
        assert_eq!(rfc3339("2026-12-07 03:30:00.12+00"), "2026-12-07T03:30:00Z");
    }
}
