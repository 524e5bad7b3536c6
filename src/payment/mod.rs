//! The payment lifecycle: [`PaymentStatus`], the [`PaymentEvent`]s that move it, the
//! transition table, and classification of refund amounts into partial or full refunds.

mod event;
mod refund;
mod status;
mod transition;

#[cfg(test)]
mod proptests;

pub use event::PaymentEvent;
pub use refund::RefundError;
pub use status::{PaymentStatus, UnknownPaymentStatus};
pub use transition::{InvalidTransition, TRANSITIONS, transitions};
