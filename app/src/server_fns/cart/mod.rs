//! The shopper's cart.

mod add_item;
mod clear;
mod get_cart;
mod remove_item;
mod unsubscribe;
mod update_item;

pub use add_item::{AddToCart, add_to_cart};
pub use clear::{ClearCart, clear_cart};
pub use get_cart::{GetCart, get_cart};
pub use remove_item::{RemoveCartItem, remove_cart_item};
pub use unsubscribe::{UnsubscribeReminders, unsubscribe_reminders};
pub use update_item::{UpdateCartItem, update_cart_item};

/// The cart `cart` (or an empty one) re-priced now.
#[cfg(feature = "ssr")]
pub(crate) async fn view_of(
    ctx: &super::ctx::Ctx,
    cart: Option<&services::cart::CartRef>,
) -> Result<shared::cart::CartView, shared::errors::AppError> {
    services::cart::load_view(ctx.db(), ctx.settings().cart_limits, cart).await
}

#[cfg(feature = "ssr")]
pub(crate) fn parse_quantity(input: &str) -> Result<storefront::Units, shared::errors::AppError> {
    storefront::Units::parse(input)
        .map_err(|e| shared::errors::AppError::BadRequest(format!("Quantity: {e}")))
}
