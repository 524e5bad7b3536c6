//! Learning subscriptions: plans and billing periods, the subscription state machine (a
//! transition table, like the order's), dunning retries, plan-switch proration and the cart
//! rules for subscriptions. Pure functions over plain values; the clock is always a parameter.

mod date;
mod dunning;
mod plan;
mod proration;
mod rules;
mod status;

pub use date::{Date, DateError};
pub use dunning::{DunningSchedule, Retry};
pub use plan::{Interval, Period, UnknownInterval};
pub use proration::{Switch, SwitchError, switch_plan};
pub use rules::{SubscriptionRejection, check_subscription_add};
pub use status::{
    InvalidSubscriptionTransition, SUBSCRIPTION_TRANSITIONS, SubscriptionEvent, SubscriptionStatus,
    UnknownSubscriptionStatus,
};

#[cfg(test)]
mod proptests;
