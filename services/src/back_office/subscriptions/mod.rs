//! Learning subscriptions for staff: the list (`list`), one subscription with its history and
//! invoices (`detail`), what staff can do to one — charge a past-due subscription now, cancel
//! at once, refund the last paid period (`actions`), pause and resume (`pause`) — and the dashboard's figures
//! (`metrics`). The admin pages and the JSON API call these functions. Every change by staff
//! is one transaction with its `subscription_events` row (actor `staff:<email>`) and an
//! `audit_events` row; billing itself is `crate::subscriptions::renew`.

mod actions;
mod detail;
mod list;
mod metrics;
mod pause;

pub use actions::{cancel_now, refund_last_period, retry_now};
pub use detail::subscription;
pub use list::{PAGE_SIZE, list_subscriptions, parse_status};
pub use metrics::{churn, metrics};
pub use pause::set_paused;

use shared::errors::AppError;

fn not_found(id: i64) -> AppError {
    AppError::NotFound(format!("There is no subscription {id}."))
}

/// `YYYY-MM-DD HH:MM` from a timestamp read with `CAST(… AS TEXT)` (either engine).
fn minute(ts: &str) -> String {
    ts.chars().take(16).collect::<String>().replace('T', " ")
}
