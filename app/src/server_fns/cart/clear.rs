use leptos::prelude::*;

use shared::cart::CartChange;
use shared::errors::AppError;

/// Empties the caller's cart.
#[server(prefix = "/_fn", endpoint = "cart/clear")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn clear_cart() -> Result<CartChange, AppError> {
    use crate::server_fns::ctx::Ctx;
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let owner = ctx.owner().await?;
        let cart = services::cart::find_cart(ctx.db(), &owner).await?;
        if let Some(c) = &cart {
            services::cart::clear(ctx.db(), c).await?;
        }
        let cart = super::view_of(&ctx, cart.as_ref()).await?;
        Ok(CartChange {
            message: "Your cart is empty.".into(),
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
