//! Who may use the staff-only routes outside `/_fn/admin/` (JSON API writes, CSV, uploads).

use services::state::AppState;
use shared::account::CurrentUser;
use shared::errors::AppError;
use tower_sessions::Session;

use super::api::ApiError;

/// The signed-in staff member: 401 when signed out, 403 for a shopper.
pub async fn staff(state: &AppState, session: &Session) -> Result<CurrentUser, ApiError> {
    match services::session::current_user(&state.db, session, &state.settings.get()).await? {
        Some(u) if u.is_staff() => Ok(u),
        Some(_) => Err(AppError::Forbidden("This is for shop staff only.".into()).into()),
        None => Err(AppError::Unauthorized("Please sign in first.".into()).into()),
    }
}
