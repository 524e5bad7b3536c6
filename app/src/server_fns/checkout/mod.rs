//! The checkout wizard's server functions (one per step) and the order confirmation. Each
//! validates on the server and stores its step on the `checkouts` record; with JavaScript off
//! each is a plain form post answered with a redirect to the next step (or back, with the
//! reason as a flash message).

mod order;
mod steps;
mod view;

pub use order::get_order;
pub use steps::{
    ApplyCoupon, PlaceOrder, RemoveCoupon, SetAddress, SetContact, SetPayment, SetShipping,
    apply_coupon, place_order, remove_coupon, set_address, set_contact, set_payment, set_shipping,
};
pub use view::get_checkout;
