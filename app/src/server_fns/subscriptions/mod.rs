//! Subscriptions: the subscriber's own (`/account/subscriptions`), cancelling at the end of
//! the period and taking that back.

mod cancel;
mod list;
mod resume;

pub use cancel::{CancelSubscription, cancel_subscription};
pub use list::{GetMySubscriptions, get_my_subscriptions};
pub use resume::{ResumeSubscription, resume_subscription};
