//! Adding, changing, removing and clearing lines.

use storefront::cart::{plan_add, plan_set};
use storefront::{CartLimits, Currency, Quantity};

use super::db_err;
use super::lookup::CartRef;
use crate::db::{Db, DbCurrency, Ts};
use crate::with_db;
use shared::errors::AppError;

/// Marks the cart active now; in a transaction this also takes the cart's write lock.
const TOUCH: &str = "UPDATE carts SET last_activity_at = $1, updated_at = $1, status = 'ACTIVE',
        recovered_at = CASE WHEN status = 'ABANDONED' THEN $1 ELSE recovered_at END
  WHERE id = $2 AND status IN ('ACTIVE', 'ABANDONED')";

fn gone() -> AppError {
    AppError::Conflict("Your cart changed in another window. Reload the page and try again.".into())
}

fn not_in_cart() -> AppError {
    AppError::NotFound("That item is not in your cart.".into())
}

/// A purchasable variant's price, currency and product name, or a 404.
pub async fn variant_for_sale(
    db: &Db,
    variant_id: i64,
) -> Result<(i64, Currency, String), AppError> {
    let row: Option<(i64, DbCurrency, String, bool)> = with_db!(db, pool => {
        sqlx::query_as(
            "SELECT v.price_amount, v.currency, p.name, (v.is_active AND p.is_active)
               FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = $1",
        )
        .bind(variant_id)
        .fetch_optional(pool)
        .await
    })
    .map_err(db_err)?;
    match row {
        Some((price, currency, name, true)) => Ok((price, currency.0, name)),
        Some((_, _, name, false)) => Err(AppError::BadRequest(format!(
            "{name} is no longer available."
        ))),
        None => Err(AppError::NotFound(
            "We couldn't find that product option.".into(),
        )),
    }
}

type VariantRow = (
    i64,
    DbCurrency,
    String,
    bool,
    Option<i32>,
    bool,
    Option<i32>,
    i64,
);

/// What an add did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    /// The line's quantity now.
    pub line_quantity: u32,
    /// The product's name, for the confirmation.
    pub name: String,
}

/// Adds `quantity` of a variant to `cart`; the same variant adds to its line. Refusals
/// (unknown or withdrawn item, other currency, limits, stock) change nothing.
pub async fn add_item(
    db: &Db,
    limits: CartLimits,
    cart: &CartRef,
    variant_id: i64,
    quantity: Quantity,
) -> Result<Added, AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let outcome: Result<Result<Added, AppError>, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        let touched = sqlx::query(TOUCH).bind(now).bind(cart.id).execute(&mut *tx).await?;
        if touched.rows_affected() == 0 {
            return Ok(Err(gone()));
        }
        let row: Option<VariantRow> = sqlx::query_as(
            "SELECT v.price_amount, v.currency, p.name, v.track_inventory, i.on_hand - i.reserved,
                    (v.is_active AND p.is_active),
                    (SELECT quantity FROM cart_items WHERE cart_id = $1 AND variant_id = $2),
                    (SELECT COUNT(*) FROM cart_items WHERE cart_id = $1)
               FROM product_variants v JOIN products p ON p.id = v.product_id
               LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE v.id = $2",
        )
        .bind(cart.id)
        .bind(variant_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((price, currency, name, tracked, available, active, in_cart, lines)) = row else {
            return Ok(Err(AppError::NotFound("We couldn't find that product option.".into())));
        };
        if !active {
            return Ok(Err(AppError::BadRequest(format!("{name} is no longer available."))));
        }
        let currency = currency.0;
        if currency != cart.currency {
            return Ok(Err(AppError::BadRequest(format!(
                "Your cart is in {}; this item is priced in {currency}.",
                cart.currency
            ))));
        }
        let available = tracked.then(|| available.unwrap_or(0).max(0) as u32);
        let in_cart = in_cart.unwrap_or(0).max(0) as u32;
        let lines = u32::try_from(lines).unwrap_or(u32::MAX);
        let new_qty = match plan_add(limits, lines, in_cart, quantity, available) {
            Ok(q) => q,
            Err(r) => return Ok(Err(AppError::BadRequest(r.to_string()))),
        };
        sqlx::query(
            "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)
             ON CONFLICT (cart_id, variant_id) DO UPDATE
                SET quantity = excluded.quantity, unit_price_amount = excluded.unit_price_amount,
                    updated_at = excluded.updated_at",
        )
        .bind(cart.id)
        .bind(variant_id)
        .bind(new_qty as i32)
        .bind(price)
        .bind(currency.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Ok(Added { line_quantity: new_qty, name }))
    }.await);
    outcome.map_err(db_err)?
}

/// Sets a line of the caller's cart to exactly `quantity`. Another cart's line is a 404.
pub async fn set_quantity(
    db: &Db,
    limits: CartLimits,
    cart: &CartRef,
    item_id: i64,
    quantity: Quantity,
) -> Result<u32, AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let outcome: Result<Result<u32, AppError>, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        let touched = sqlx::query(TOUCH).bind(now).bind(cart.id).execute(&mut *tx).await?;
        if touched.rows_affected() == 0 {
            return Ok(Err(gone()));
        }
        let row: Option<(bool, Option<i32>)> = sqlx::query_as(
            "SELECT v.track_inventory, i.on_hand - i.reserved
               FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id
               LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE ci.id = $1 AND ci.cart_id = $2",
        )
        .bind(item_id)
        .bind(cart.id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((tracked, available)) = row else {
            return Ok(Err(not_in_cart()));
        };
        let available = tracked.then(|| available.unwrap_or(0).max(0) as u32);
        let q = match plan_set(limits, quantity, available) {
            Ok(q) => q,
            Err(r) => return Ok(Err(AppError::BadRequest(r.to_string()))),
        };
        sqlx::query("UPDATE cart_items SET quantity = $1, updated_at = $2 WHERE id = $3 AND cart_id = $4")
            .bind(q as i32)
            .bind(now)
            .bind(item_id)
            .bind(cart.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Ok(q))
    }.await);
    outcome.map_err(db_err)?
}

/// Removes a line of the caller's cart. Another cart's line is a 404.
pub async fn remove_item(db: &Db, cart: &CartRef, item_id: i64) -> Result<(), AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let outcome: Result<Result<(), AppError>, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        sqlx::query(TOUCH).bind(now).bind(cart.id).execute(&mut *tx).await?;
        let deleted = sqlx::query("DELETE FROM cart_items WHERE id = $1 AND cart_id = $2")
            .bind(item_id)
            .bind(cart.id)
            .execute(&mut *tx)
            .await?;
        if deleted.rows_affected() == 0 {
            return Ok(Err(not_in_cart()));
        }
        tx.commit().await?;
        Ok(Ok(()))
    }.await);
    outcome.map_err(db_err)?
}

/// Empties the cart.
pub async fn clear(db: &Db, cart: &CartRef) -> Result<(), AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        sqlx::query(TOUCH).bind(now).bind(cart.id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM cart_items WHERE cart_id = $1")
            .bind(cart.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }.await)
    .map_err(db_err)
}
