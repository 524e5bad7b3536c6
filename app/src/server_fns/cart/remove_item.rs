use leptos::prelude::*;

use shared::cart::CartChange;
use shared::errors::AppError;

/// Removes a line from the caller's cart.
#[server(prefix = "/_fn", endpoint = "cart/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_cart_item(item_id: String) -> Result<CartChange, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let item_id = parse_id(&item_id, "cart item")?;
        let owner = ctx.owner().await?;
        let cart = services::cart::find_cart(ctx.db(), &owner)
            .await?
            .ok_or_else(|| AppError::NotFound("That item is not in your cart.".into()))?;
        services::cart::remove_item(ctx.db(), &cart, item_id).await?;
        let cart = super::view_of(&ctx, Some(&cart)).await?;
        Ok(CartChange {
            message: "Item removed.".into(),
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
