//! The whole add-to-cart step shared by the page, the wishlist and the JSON API.

use storefront::Units;
use tower_sessions::Session;

use super::items::{Added, add_item, variant_for_sale};
use super::lookup::{CartRef, Owner, create_cart, find_cart};
use crate::db::Db;
use crate::settings::ShopSettings;
use shared::errors::AppError;

/// Adds `units` of a variant (seats, for a team licence) to the owner's cart, starting the cart (in the variant's
/// currency) on first use. The variant is checked inside the add itself, so an existing cart
/// costs no extra lookup.
pub async fn add_to_cart(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
    owner: &Owner,
    variant_id: i64,
    units: Units,
) -> Result<(CartRef, Added), AppError> {
    let cart = match find_cart(db, owner).await? {
        Some(cart) => cart,
        None => {
            let (_, currency, _) = variant_for_sale(db, variant_id).await?;
            create_cart(db, session, settings, owner, currency).await?
        }
    };
    let added = add_item(db, settings.cart_limits, &cart, variant_id, units).await?;
    Ok((cart, added))
}
