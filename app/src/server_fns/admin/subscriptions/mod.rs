//! Staff subscription management: the list, one subscription with its history and invoices,
//! charging a past-due one now, cancelling at once, refunding the last period, pausing and resuming; and the
//! dashboard's subscription figures. Each calls one `services::back_office::subscriptions`
//! function, like the JSON API's twins (`/api/admin/subscriptions`).

mod cancel;
mod detail;
mod list;
mod metrics;
mod pause;
mod refund;
mod retry;

pub use cancel::{AdminCancelSubscription, admin_cancel_subscription};
pub use detail::{AdminGetSubscription, admin_get_subscription};
pub use list::{AdminListSubscriptions, admin_list_subscriptions};
pub use metrics::{AdminSubscriptionMetrics, admin_subscription_metrics};
pub use pause::{AdminPauseSubscription, admin_pause_subscription};
pub use refund::{AdminRefundLastPeriod, admin_refund_last_period};
pub use retry::{AdminRetrySubscription, admin_retry_subscription};

/// Where a plain form goes back to after an action on subscription `id`.
#[cfg(feature = "ssr")]
fn subscription_page(id: &str) -> Option<String> {
    Some(format!("/admin/subscriptions/{}", id.trim()))
}

/// A success flash for what happened, a notice when the action ran but did not get its way
/// (a payment refused again, nothing due).
#[cfg(feature = "ssr")]
fn flash(o: &shared::admin_subscription::SubscriptionActionOutcome) -> shared::account::Flash {
    use shared::account::Flash;
    match o.outcome.as_str() {
        "FAILED" | "NOT_DUE" => Flash::notice(o.message.clone()),
        _ => Flash::success(o.message.clone()),
    }
}
