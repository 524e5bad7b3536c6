//! Adding, changing, removing and clearing lines.

use storefront::cart::{CartRejection, plan_add, plan_set};
use storefront::learning::{LearningRejection, Seats};
use storefront::pricing::ProductKind;
use storefront::{CartLimits, Currency, Units};

use super::db_err;
use super::lookup::CartRef;
use crate::args;
use crate::db::{Db, DbCurrency, Parsed, Ts, Tx};
use crate::learning::cart_rules::{plan_learning_add, refusal};
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
    let row: Option<(i64, DbCurrency, String, bool)> = db
        .opt(
            "SELECT v.price_amount, v.currency, p.name, (v.is_active AND p.is_active)
               FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = $1",
            args![variant_id],
        )
        .await
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

/// The variant being added, its stock and what the cart already holds.
#[derive(sqlx::FromRow)]
struct VariantRow {
    price_amount: i64,
    currency: DbCurrency,
    name: String,
    track_inventory: bool,
    /// On hand minus reserved (no inventory row: `None`).
    available: Option<i32>,
    /// Variant and product both active.
    active: bool,
    /// This variant's quantity in the cart already.
    in_cart: Option<i32>,
    /// Lines in the cart.
    line_count: i64,
    product_id: i64,
    kind: Parsed<ProductKind>,
    /// The cart's account, for the learning rules (what the buyer owns).
    cart_user: Option<i64>,
}

fn quantity_of(units: Units) -> Result<storefront::Quantity, AppError> {
    units
        .quantity()
        .map_err(|e| AppError::BadRequest(format!("Quantity: {e}")))
}

/// The line's new quantity for a learning product: the learning rules (seats, courses bought
/// once, prerequisites), the cart's line count, and places left (a course's or cohort's
/// capacity is its stock).
async fn plan_learning_line(
    tx: &mut Tx,
    limits: CartLimits,
    cart: &CartRef,
    row: &VariantRow,
    units: Units,
) -> Result<u32, AppError> {
    let in_cart = row.in_cart.unwrap_or(0).max(0) as u32;
    let lines = u32::try_from(row.line_count).unwrap_or(u32::MAX);
    if in_cart == 0 && lines >= limits.max_lines {
        return Err(AppError::BadRequest(
            CartRejection::TooManyLines {
                max: limits.max_lines,
            }
            .to_string(),
        ));
    }
    let wanted = plan_learning_add(
        tx,
        cart.id,
        row.cart_user,
        row.product_id,
        in_cart,
        units.get(),
    )
    .await?
    .unwrap_or(in_cart);
    if row.track_inventory {
        let available = row.available.unwrap_or(0).max(0) as u32;
        if wanted > available {
            let message = if available == 0 {
                format!("Sorry, {} is full.", row.name)
            } else {
                format!("Only {available} places left on {}.", row.name)
            };
            return Err(AppError::BadRequest(message));
        }
    }
    Ok(wanted)
}

/// The line being changed.
#[derive(sqlx::FromRow)]
struct SetRow {
    track_inventory: bool,
    available: Option<i32>,
    kind: Parsed<ProductKind>,
    name: String,
    product_id: i64,
    price_amount: i64,
}

/// What an add did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    /// The line's quantity now.
    pub line_quantity: u32,
    /// The product's name, for the confirmation.
    pub name: String,
}

/// Adds `units` of a variant to `cart` (seats, for a team licence); the same variant adds to
/// its line. Refusals (unknown or withdrawn item, other currency, limits, stock, the learning
/// rules) change nothing.
pub async fn add_item(
    db: &Db,
    limits: CartLimits,
    cart: &CartRef,
    variant_id: i64,
    units: Units,
) -> Result<Added, AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let touched = tx.exec(TOUCH, args![now, cart.id]).await.map_err(db_err)?;
    if touched == 0 {
        return Err(gone());
    }
    let row: Option<VariantRow> = tx
        .opt(
            "SELECT v.price_amount AS price_amount, v.currency AS currency, p.name AS name,
                    v.track_inventory AS track_inventory, i.on_hand - i.reserved AS available,
                    (v.is_active AND p.is_active) AS active,
                    (SELECT quantity FROM cart_items WHERE cart_id = $1 AND variant_id = $2)
                      AS in_cart,
                    (SELECT COUNT(*) FROM cart_items WHERE cart_id = $1) AS line_count,
                    p.id AS product_id, p.kind AS kind,
                    (SELECT user_id FROM carts WHERE id = $1) AS cart_user
               FROM product_variants v JOIN products p ON p.id = v.product_id
               LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE v.id = $2",
            args![cart.id, variant_id],
        )
        .await
        .map_err(db_err)?;
    let Some(row) = row else {
        return Err(AppError::NotFound(
            "We couldn't find that product option.".into(),
        ));
    };
    let name = row.name.clone();
    if !row.active {
        return Err(AppError::BadRequest(format!(
            "{name} is no longer available."
        )));
    }
    let currency = row.currency.0;
    if currency != cart.currency {
        return Err(AppError::BadRequest(format!(
            "Your cart is in {}; this item is priced in {currency}.",
            cart.currency
        )));
    }
    let new_qty = if row.kind.0.is_learning() {
        plan_learning_line(&mut tx, limits, cart, &row, units).await?
    } else if row.kind.0.is_subscription() {
        crate::subscriptions::cart_rules::plan_subscription_add(
            &mut tx,
            cart.id,
            row.cart_user,
            row.product_id,
            &row.name,
            row.in_cart.unwrap_or(0).max(0) as u32,
            units.get(),
        )
        .await?
    } else {
        let available = row
            .track_inventory
            .then(|| row.available.unwrap_or(0).max(0) as u32);
        let in_cart = row.in_cart.unwrap_or(0).max(0) as u32;
        let lines = u32::try_from(row.line_count).unwrap_or(u32::MAX);
        plan_add(limits, lines, in_cart, quantity_of(units)?, available)
            .map_err(|r| AppError::BadRequest(r.to_string()))?
    };
    // What the line costs now (a seat tier, a free trial), so the cart shows no price change.
    let price = crate::learning::line_unit_price(
        &mut tx,
        row.product_id,
        row.kind.0,
        new_qty,
        row.price_amount,
    )
    .await?;
    tx.exec(
        "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (cart_id, variant_id) DO UPDATE
            SET quantity = excluded.quantity, unit_price_amount = excluded.unit_price_amount,
                updated_at = excluded.updated_at",
        args![
            cart.id,
            variant_id,
            new_qty as i32,
            price,
            currency.code(),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(Added {
        line_quantity: new_qty,
        name,
    })
}

/// Sets a line of the caller's cart to exactly `units` (seats, for a team licence; a course
/// or certification stays at 1). Another cart's line is a 404.
pub async fn set_quantity(
    db: &Db,
    limits: CartLimits,
    cart: &CartRef,
    item_id: i64,
    units: Units,
) -> Result<u32, AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let touched = tx.exec(TOUCH, args![now, cart.id]).await.map_err(db_err)?;
    if touched == 0 {
        return Err(gone());
    }
    let row: Option<SetRow> = tx
        .opt(
            "SELECT v.track_inventory AS track_inventory, i.on_hand - i.reserved AS available,
                    p.kind AS kind, p.name AS name, p.id AS product_id, v.price_amount AS price_amount
               FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
               LEFT JOIN inventory i ON i.variant_id = v.id
              WHERE ci.id = $1 AND ci.cart_id = $2",
            args![item_id, cart.id],
        )
        .await
        .map_err(db_err)?;
    let Some(SetRow {
        track_inventory,
        available,
        kind,
        name,
        product_id,
        price_amount,
    }) = row
    else {
        return Err(not_in_cart());
    };
    let available = track_inventory.then(|| available.unwrap_or(0).max(0) as u32);
    let q = match kind.0 {
        ProductKind::TeamLicence => Seats::new(units.get())
            .map(Seats::get)
            .map_err(|_| refusal(LearningRejection::SeatsOutOfRange))?,
        k if (k.is_learning() || k.is_subscription()) && units.get() != 1 => {
            return Err(refusal(LearningRejection::QuantityIsOne { name }));
        }
        k if k.is_learning() || k.is_subscription() => 1,
        _ => plan_set(limits, quantity_of(units)?, available)
            .map_err(|r| AppError::BadRequest(r.to_string()))?,
    };
    if kind.0 == ProductKind::TeamLicence {
        // The snapshot follows the seat tier, so a tier change is not shown as a price change.
        let price = crate::learning::seat_price(&mut tx, product_id, q, price_amount).await?;
        tx.exec(
            "UPDATE cart_items SET unit_price_amount = $1 WHERE id = $2 AND cart_id = $3",
            args![price, item_id, cart.id],
        )
        .await
        .map_err(db_err)?;
    }
    tx.exec(
        "UPDATE cart_items SET quantity = $1, updated_at = $2 WHERE id = $3 AND cart_id = $4",
        args![q as i32, now, item_id, cart.id],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(q)
}

/// Removes a line of the caller's cart. Another cart's line is a 404.
pub async fn remove_item(db: &Db, cart: &CartRef, item_id: i64) -> Result<(), AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    tx.exec(TOUCH, args![now, cart.id]).await.map_err(db_err)?;
    let deleted = tx
        .exec(
            "DELETE FROM cart_items WHERE id = $1 AND cart_id = $2",
            args![item_id, cart.id],
        )
        .await
        .map_err(db_err)?;
    if deleted == 0 {
        return Err(not_in_cart());
    }
    tx.commit().await.map_err(db_err)
}

/// Empties the cart.
pub async fn clear(db: &Db, cart: &CartRef) -> Result<(), AppError> {
    // A changed cart gives back what its checkout held; the payment step holds again.
    crate::holds::release_for_cart(db, cart.id).await?;
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    tx.exec(TOUCH, args![now, cart.id]).await.map_err(db_err)?;
    tx.exec("DELETE FROM cart_items WHERE cart_id = $1", args![cart.id])
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)
}
