use leptos::prelude::*;

use shared::cart::CartChange;
use shared::errors::AppError;

/// Sets a line of the caller's cart to a quantity (1 to the per-line limit).
#[server(prefix = "/_fn", endpoint = "cart/update")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn update_cart_item(item_id: String, quantity: String) -> Result<CartChange, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let item_id = parse_id(&item_id, "cart item")?;
        let quantity = super::parse_quantity(&quantity)?;
        let owner = ctx.owner().await?;
        let cart = services::cart::find_cart(ctx.db(), &owner)
            .await?
            .ok_or_else(|| AppError::NotFound("That item is not in your cart.".into()))?;
        services::cart::set_quantity(
            ctx.db(),
            ctx.settings().cart_limits,
            &cart,
            item_id,
            quantity,
        )
        .await?;
        let cart = super::view_of(&ctx, Some(&cart)).await?;
        Ok(CartChange {
            message: "Cart updated.".into(),
            cart,
        })
    }
    .await;
    ctx.finish(
        result,
        |c| Some(Flash::success(c.message.clone())),
        Some("/cart".into()),
    )
    .await
}
