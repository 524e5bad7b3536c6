//! Finding (or starting) the cart of whoever is asking.

use storefront::Currency;
use tower_sessions::Session;

use super::db_err;
use crate::args;
use crate::db::{Db, DbCurrency, Ts, is_unique_violation};
use crate::session::SessionData;
use crate::settings::ShopSettings;
use crate::tokens::random_token;
use shared::errors::AppError;

/// Whose cart: a signed-in user's, or the session's guest cart.
#[derive(Clone, Debug)]
pub enum Owner {
    User { id: i64, email: String },
    Guest { token: Option<String> },
}

/// An open (ACTIVE or ABANDONED) cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CartRef {
    pub id: i64,
    pub currency: Currency,
}

/// The owner's open cart, if any.
pub async fn find_cart(db: &Db, owner: &Owner) -> Result<Option<CartRef>, AppError> {
    let row: Option<(i64, DbCurrency)> = match owner {
        Owner::User { id, .. } => {
            db.opt(
                "SELECT id, currency FROM carts WHERE user_id = $1 AND status IN ('ACTIVE', 'ABANDONED')",
                args![*id],
            )
            .await
        }
        Owner::Guest { token: Some(t) } => {
            db.opt(
                "SELECT id, currency FROM carts
                  WHERE token = $1 AND user_id IS NULL AND status IN ('ACTIVE', 'ABANDONED')",
                args![t],
            )
            .await
        }
        Owner::Guest { token: None } => Ok(None),
    }
    .map_err(db_err)?;
    Ok(row.map(|(id, currency)| CartRef {
        id,
        currency: currency.0,
    }))
}

/// Starts the owner's cart in `currency` (or finds the one another request of the same user
/// started a moment ago). A new guest cart's token goes into the session.
pub(super) async fn create_cart(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
    owner: &Owner,
    currency: Currency,
) -> Result<CartRef, AppError> {
    let token = random_token();
    let now = Ts::now();
    let (user_id, email) = match owner {
        Owner::User { id, email } => (Some(*id), Some(email.clone())),
        Owner::Guest { .. } => (None, None),
    };
    let created: Result<i64, sqlx::Error> = db
        .one::<(i64,)>(
            "INSERT INTO carts (token, user_id, status, currency, email, last_activity_at, created_at, updated_at)
             VALUES ($1, $2, 'ACTIVE', $3, $4, $5, $5, $5) RETURNING id",
            args![&token, user_id, currency.code(), email, now],
        )
        .await
        .map(|(id,)| id);
    match created {
        Ok(id) => {
            if matches!(owner, Owner::Guest { .. }) {
                let mut data = SessionData::load(session, settings).await?;
                data.cart = Some(token);
                data.save(session).await?;
            }
            Ok(CartRef { id, currency })
        }
        // Another request of the same user created it a moment ago.
        Err(e) if is_unique_violation(&e) => find_cart(db, owner)
            .await?
            .ok_or_else(|| AppError::internal("cart vanished after unique violation", e)),
        Err(e) => Err(db_err(e)),
    }
}

/// Units in the owner's cart (the header badge).
pub async fn item_count(db: &Db, owner: &Owner) -> Result<u32, AppError> {
    let Some(cart) = find_cart(db, owner).await? else {
        return Ok(0);
    };
    let (n,): (i64,) = db
        .one(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM cart_items WHERE cart_id = $1",
            args![cart.id],
        )
        .await
        .map_err(db_err)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Who the session belongs to, and so whose cart it works on.
pub async fn owner_of(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
) -> Result<(Option<shared::account::CurrentUser>, Owner), AppError> {
    let user = crate::session::current_user(db, session, settings).await?;
    let owner = match &user {
        Some(u) => Owner::User {
            id: u.id,
            email: u.email.clone(),
        },
        None => Owner::Guest {
            token: SessionData::load(session, settings).await?.cart,
        },
    };
    Ok((user, owner))
}
