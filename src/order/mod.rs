//! The order lifecycle: [`OrderStatus`], the [`OrderEvent`]s that move it, and the
//! transition table that is the single source of truth for which moves are allowed.

mod event;
mod lines;
mod returns;
mod status;
mod transition;

#[cfg(test)]
mod proptests;

pub use event::OrderEvent;
pub use lines::{
    LinePick, LinePickError, LineState, plan_fulfilment, plan_line_refund, unit_refund,
};
pub use returns::{InvalidReturnTransition, ReturnEvent, ReturnStatus};
pub use status::{OrderStatus, UnknownOrderStatus};
pub use transition::{InvalidTransition, TRANSITIONS, transitions};
