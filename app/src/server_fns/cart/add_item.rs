use leptos::prelude::*;

use shared::cart::CartChange;
use shared::errors::AppError;

/// Adds a variant to the caller's cart (creating the cart on first use). Without
/// JavaScript the form posts here and is redirected back with a flash message.
#[server(prefix = "/_fn", endpoint = "cart/add")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all, fields(variant_id = %variant_id)))]
pub async fn add_to_cart(variant_id: String, quantity: String) -> Result<CartChange, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let variant_id = parse_id(&variant_id, "product option")?;
        let quantity = super::parse_quantity(&quantity)?;
        let owner = ctx.owner().await?;
        let (cart, added) = services::cart::add_to_cart(
            ctx.db(),
            &ctx.session,
            &ctx.settings(),
            &owner,
            variant_id,
            quantity,
        )
        .await?;
        let mut event = services::analytics::Event::new("add_to_cart", None);
        event.variant_id = Some(variant_id);
        event.cart_id = Some(cart.id);
        event.properties = serde_json::json!({ "quantity": quantity.get() });
        crate::server_fns::visitor::record_here(&ctx.state, event);
        let (in_cart, name) = (added.line_quantity, added.name);
        let message = if in_cart == quantity.get() {
            format!("Added {quantity} × {name} to your cart.")
        } else {
            format!("Added {quantity} × {name} to your cart (now {in_cart}).")
        };
        let cart = super::view_of(&ctx, Some(&cart)).await?;
        Ok(CartChange { message, cart })
    }
    .await;
    ctx.finish(result, |c| Some(Flash::success(c.message.clone())), None)
        .await
}
