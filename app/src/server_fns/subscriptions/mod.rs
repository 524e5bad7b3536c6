//! Subscriptions: the subscriber's own (`/account/subscriptions`), cancelling at the end of
//! the period and taking that back.

mod billing;
mod cancel;
mod card;
mod invoice;
mod list;
mod resume;
mod switch;

pub use billing::{GetSubscriptionBilling, get_subscription_billing};
pub use cancel::{CancelSubscription, cancel_subscription};
pub use card::{UpdateSubscriptionCard, update_subscription_card};
pub use invoice::{GetInvoice, get_invoice};
pub use list::{GetMySubscriptions, get_my_subscriptions};
pub use resume::{ResumeSubscription, resume_subscription};
pub use switch::{SwitchPlan, switch_plan};
