//! Staff order management: list, detail, moves of the state machine, fulfilment,
//! cancellation, refunds, returns and notes.

mod actions;
mod get;
mod list;
mod notes;
mod refunds;
mod returns;

pub use actions::{
    AdminCancelOrder, AdminFulfil, AdminOrderAction, admin_cancel_order, admin_fulfil,
    admin_order_action,
};
pub use get::{AdminGetOrder, admin_get_order};
pub use list::{AdminListOrders, admin_list_orders};
pub use notes::{AdminAddNote, admin_add_note};
pub use refunds::{AdminRefund, admin_refund};
pub use returns::{AdminReturnAction, admin_return_action};
