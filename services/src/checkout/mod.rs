//! Checkout: the `checkouts` record the wizard and the API fill in step by step, stock
//! reservations, promotions' usage limits, payment gateways and the order placement saga.
//!
//! Amounts are never taken from the client: every view and every order is priced by the
//! domain core's [`storefront::pricing::quote`] over what is loaded here.
//!
//! Placement (see [`place`]) follows the saga of seed 004:
//! reserve stock → create the order (PENDING, usage limits claimed atomically) → charge →
//! CONFIRMED (stock taken, cart CONVERTED, confirmation mail in the outbox) or, when the
//! payment fails, compensate (stock released, usage given back, order CANCELLED with the
//! reason, checkout open again for another try).

mod flow;
mod lines;
mod order_view;
mod place;
mod promotions;
mod rates;
mod record;
pub(crate) mod reserve;
pub(crate) mod settle;
pub(crate) mod usage;
mod view;
mod webhooks;

pub use flow::{Current, PaymentInput, cart_shipping_options};
pub use lines::{CheckoutLine, load_lines, sample_lines};
pub use order_view::{load_order, order_for_viewer};
pub use place::{PlaceOutcome, Placer, next_action, next_action_for, place_order};
pub use promotions::by_id as promotion_by_id;
pub use promotions::{attach_coupon, detach_coupon};
pub use settle::{OrderPayment, Settled, confirm as confirm_paid, reconcile, sweep_stale_pending};
pub use webhooks::{WebhookReply, handle_webhook};
pub mod steps {
    //! The steps, as the wizard and the API call them.
    pub use super::flow::*;
}
pub use rates::{shipping_options_for, shipping_options_list};
pub use record::{
    CheckoutRecord, open_checkout, set_address, set_contact, set_payment_token, set_shipping,
};
pub use view::{Priced, build_view, priced};

use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("checkout query", e)
}
