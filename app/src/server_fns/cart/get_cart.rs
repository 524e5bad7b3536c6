use leptos::prelude::*;

use crate::cart_view::CartView;
use crate::errors::AppError;

/// The caller's cart, re-priced now.
#[server(prefix = "/_fn", endpoint = "cart/get", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_cart() -> Result<CartView, AppError> {
    let ctx = super::super::ctx::Ctx::load().await?;
    async {
        let owner = ctx.owner().await?;
        let cart = crate::cart::find_cart(ctx.db(), &owner).await?;
        super::view_of(&ctx, cart.as_ref()).await
    }
    .await
    .map_err(AppError::with_status)
}
