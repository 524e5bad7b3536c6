use leptos::prelude::*;

use shared::cart::CartView;
use shared::errors::AppError;

/// The caller's cart, re-priced now.
#[server(prefix = "/_fn", endpoint = "cart/get", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_cart() -> Result<CartView, AppError> {
    let ctx = super::super::ctx::Ctx::load().await?;
    async {
        let owner = ctx.owner().await?;
        let cart = services::cart::find_cart(ctx.db(), &owner).await?;
        super::view_of(&ctx, cart.as_ref()).await
    }
    .await
    .map_err(AppError::with_status)
}
