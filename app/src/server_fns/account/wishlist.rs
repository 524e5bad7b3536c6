use leptos::prelude::*;

use shared::account::WishlistEntry;
use shared::errors::AppError;

/// The signed-in user's wishlist.
#[server(prefix = "/_fn", endpoint = "account/wishlist", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_wishlist() -> Result<Vec<WishlistEntry>, AppError> {
    let ctx = crate::server_fns::ctx::Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        services::account::wishlist::list(ctx.db(), user.id).await
    }
    .await;
    result.map_err(AppError::with_status)
}

/// Saves a product (optionally the chosen variant) to the wishlist. Signed-out shoppers
/// are asked to sign in.
#[server(prefix = "/_fn", endpoint = "account/wishlist/add")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn add_to_wishlist(
    product_id: String,
    #[server(default)] variant_id: Option<String>,
) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, back_path, is_form_post, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    if is_form_post() && ctx.user().await?.is_none() {
        let back = back_path("/");
        services::session::set_flash(
            &ctx.session,
            Flash::notice("Sign in to save items to your wishlist."),
        )
        .await?;
        let next: String = url_escape(&back);
        leptos_axum::redirect(&format!("/account/login?next={next}"));
        return Err(AppError::Unauthorized(
            "Sign in to save items to your wishlist.".into(),
        ));
    }
    let result = async {
        let user = ctx.require_user().await.map_err(|_| {
            AppError::Unauthorized("Sign in to save items to your wishlist.".into())
        })?;
        let product_id = parse_id(&product_id, "product")?;
        let variant_id = match variant_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(v) => Some(parse_id(v, "product option")?),
            None => None,
        };
        let name =
            services::account::wishlist::add(ctx.db(), user.id, product_id, variant_id).await?;
        Ok(format!("Saved {name} to your wishlist."))
    }
    .await;
    ctx.finish(result, |m| Some(Flash::success(m.clone())), None)
        .await
}

#[cfg(feature = "ssr")]
fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Removes a product from the wishlist.
#[server(prefix = "/_fn", endpoint = "account/wishlist/remove")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_from_wishlist(product_id: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let product_id = parse_id(&product_id, "product")?;
        services::account::wishlist::remove(ctx.db(), user.id, product_id).await?;
        Ok("Removed from your wishlist.".to_string())
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/wishlist".into()),
    )
    .await
}

/// Adds one of the saved variant to the cart and takes it off the wishlist.
#[server(prefix = "/_fn", endpoint = "account/wishlist/move")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn move_to_cart(product_id: String) -> Result<String, AppError> {
    use crate::server_fns::ctx::{Ctx, parse_id};
    use shared::account::Flash;

    let ctx = Ctx::load().await?;
    let result = async {
        let user = ctx.require_user().await?;
        let product_id = parse_id(&product_id, "product")?;
        let entry = services::account::wishlist::list(ctx.db(), user.id)
            .await?
            .into_iter()
            .find(|e| e.product_id == product_id)
            .ok_or_else(|| AppError::NotFound("That product is not in your wishlist.".into()))?;
        let variant_id = entry
            .variant_id
            .ok_or_else(|| AppError::bad(format!("{} can't be bought right now.", entry.name)))?;
        let owner = services::cart::Owner::User {
            id: user.id,
            email: user.email.clone(),
        };
        services::cart::add_to_cart(
            ctx.db(),
            &ctx.session,
            &ctx.settings(),
            &owner,
            variant_id,
            storefront::Units::ONE,
        )
        .await?;
        services::account::wishlist::remove(ctx.db(), user.id, product_id).await?;
        Ok(format!("Moved {} to your cart.", entry.name))
    }
    .await;
    ctx.finish(
        result,
        |m| Some(Flash::success(m.clone())),
        Some("/account/wishlist".into()),
    )
    .await
}
