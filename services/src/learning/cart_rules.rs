//! The learning cart rules (`storefront::learning`) applied with what the database knows:
//! on add (inside the cart's write transaction) and, over the whole cart, at placement.

use storefront::learning::{LearningRejection, check_add, check_cart};

use super::items::{cart_learning, item};
use crate::db::{Db, Tx};
use shared::errors::AppError;

/// A refused rule as the shopper and API clients see it: a bad quantity is a 422 on
/// `quantity`; anything else a 409 with the rule's stable code.
pub fn refusal(r: LearningRejection) -> AppError {
    if r.is_bad_quantity() {
        return AppError::invalid("quantity", r.to_string());
    }
    AppError::Refused {
        code: r.code().to_string(),
        message: r.to_string(),
        link: r.link().map(str::to_string),
    }
}

/// Adding `requested` of a learning product's variant to `cart_id`, whose line of that
/// variant holds `in_cart`: the line's new quantity, or `None` when the product is not a
/// learning product (the ordinary limits apply).
pub async fn plan_learning_add(
    tx: &mut Tx,
    cart_id: i64,
    user: Option<i64>,
    product_id: i64,
    in_cart: u32,
    requested: u32,
) -> Result<Option<u32>, AppError> {
    let Some(learning) = item(tx, product_id).await? else {
        return Ok(None);
    };
    let mut cart = cart_learning(tx, cart_id, user).await?;
    // The rules see the other lines; the line being added to is `in_cart`.
    if in_cart > 0 {
        cart.lines.retain(|(i, _)| i.product_id != product_id);
    }
    check_add(&learning, in_cart, requested, &cart)
        .map(Some)
        .map_err(refusal)
}

/// The whole cart before an order is placed: learning lines need an account (access is
/// granted to one) and every rule must still hold (a prerequisite removed, a course bought
/// meanwhile in another order).
pub async fn check_before_order(
    tx: &mut Tx,
    cart_id: i64,
    user: Option<i64>,
) -> Result<(), AppError> {
    let cart = cart_learning(tx, cart_id, user).await?;
    if cart.lines.is_empty() {
        return Ok(());
    }
    if user.is_none() {
        return Err(sign_in_required());
    }
    check_cart(&cart).map_err(refusal)
}

fn sign_in_required() -> AppError {
    AppError::Refused {
        code: "SIGN_IN_REQUIRED".into(),
        message:
            "Sign in to buy courses, licences, certifications and subscriptions: they are added to your account."
                .into(),
        link: Some("/account/login?next=/checkout".into()),
    }
}

/// A guest's checkout of a cart with learning lines: refused up front (access is granted to
/// an account), so nobody fills in the steps to be told at the end.
pub async fn require_account(db: &Db, cart_id: i64) -> Result<(), AppError> {
    let (n,): (i64,) = db
        .one(
            "SELECT COUNT(*) FROM cart_items ci
               JOIN product_variants v ON v.id = ci.variant_id
               JOIN products p ON p.id = v.product_id
              WHERE ci.cart_id = $1
                AND p.kind IN ('COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION', 'SUBSCRIPTION')",
            crate::args![cart_id],
        )
        .await
        .map_err(super::db_err)?;
    if n > 0 {
        return Err(sign_in_required());
    }
    Ok(())
}
