//! The `checkouts` row of a cart: what each wizard step stored. One OPEN (or PROCESSING)
//! checkout per cart (unique index); steps overwrite their own fields only.

use super::db_err;
use crate::args;
use crate::cart::CartRef;
use crate::db::dialect;
use crate::db::{Db, Ts, is_unique_violation};
use crate::tokens::random_token;
use shared::account::Address;
use shared::errors::AppError;

/// A checkout as stored.
#[derive(Clone, Debug)]
pub struct CheckoutRecord {
    pub id: i64,
    pub token: String,
    pub cart_id: i64,
    pub user_id: Option<i64>,
    pub email: Option<String>,
    pub status: String,
    pub shipping_address: Option<Address>,
    pub billing_address: Option<Address>,
    pub billing_same_as_shipping: bool,
    pub shipping_method_id: Option<i64>,
    pub payment_method: Option<String>,
    pub payment_token: Option<String>,
    pub card_brand: Option<String>,
    pub card_last4: Option<String>,
    pub last_error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    token: String,
    cart_id: i64,
    user_id: Option<i64>,
    email: Option<String>,
    status: String,
    shipping_address: Option<String>,
    billing_address: Option<String>,
    billing_same_as_shipping: bool,
    shipping_method_id: Option<i64>,
    payment_method: Option<String>,
    payment_token: Option<String>,
    card_brand: Option<String>,
    card_last4: Option<String>,
    last_error: Option<String>,
}

const COLUMNS: &str = "id, token, cart_id, user_id, email, status,
    CAST(shipping_address AS TEXT) AS shipping_address,
    CAST(billing_address AS TEXT) AS billing_address, billing_same_as_shipping,
    shipping_method_id, payment_method, payment_token, card_brand, card_last4, last_error";

fn from_row(r: Row) -> CheckoutRecord {
    let addr = |j: Option<String>| j.and_then(|j| serde_json::from_str::<Address>(&j).ok());
    CheckoutRecord {
        id: r.id,
        token: r.token,
        cart_id: r.cart_id,
        user_id: r.user_id,
        email: r.email,
        status: r.status,
        shipping_address: addr(r.shipping_address),
        billing_address: addr(r.billing_address),
        billing_same_as_shipping: r.billing_same_as_shipping,
        shipping_method_id: r.shipping_method_id,
        payment_method: r.payment_method,
        payment_token: r.payment_token,
        card_brand: r.card_brand,
        card_last4: r.card_last4,
        last_error: r.last_error,
    }
}

async fn find_open(db: &Db, cart_id: i64) -> Result<Option<CheckoutRecord>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM checkouts WHERE cart_id = $1 AND status IN ('OPEN', 'PROCESSING')"
    );
    let row: Option<Row> = db.opt(&sql, args![cart_id]).await.map_err(db_err)?;
    Ok(row.map(from_row))
}

/// The cart's open checkout, started now if there is none. A signed-in shopper's account
/// and email are (re)attached, so signing in half-way keeps what was entered.
pub async fn open_checkout(
    db: &Db,
    cart: &CartRef,
    user: Option<(i64, &str)>,
) -> Result<CheckoutRecord, AppError> {
    if let Some(mut found) = find_open(db, cart.id).await? {
        if let Some((uid, email)) = user
            && (found.user_id != Some(uid) || found.email.as_deref() != Some(email))
        {
            db.exec(
                "UPDATE checkouts SET user_id = $1, email = $2, updated_at = $3 WHERE id = $4",
                args![uid, email, Ts::now(), found.id],
            )
            .await
            .map_err(db_err)?;
            found.user_id = Some(uid);
            found.email = Some(email.to_string());
        }
        return Ok(found);
    }
    let now = Ts::now();
    let inserted = db
        .exec(
            "INSERT INTO checkouts (token, cart_id, user_id, email, currency, created_at, updated_at)
             SELECT $1, $2, $3, $4, $5, $6, $6
              WHERE EXISTS (SELECT 1 FROM carts WHERE id = $2 AND status IN ('ACTIVE', 'ABANDONED'))",
            args![
                random_token(),
                cart.id,
                user.map(|u| u.0),
                user.map(|u| u.1),
                cart.currency.code(),
                now
            ],
        )
        .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {} // another request started it
        Err(e) => return Err(db_err(e)),
    }
    // Nothing inserted and nothing open: the cart was checked out a moment ago.
    find_open(db, cart.id).await?.ok_or_else(|| {
        AppError::Conflict("This cart has just been checked out. Check your orders.".into())
    })
}

fn ensure_open(c: &CheckoutRecord) -> Result<(), AppError> {
    if c.status == "OPEN" {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "Your order is being placed. Wait a moment, then reload the page.".into(),
        ))
    }
}

/// What a payment step stored, cleared whenever the contact or the address changes: a payment
/// authorised for one person and address never carries over to another. `unchanged` is an SQL
/// condition on the row as it is before the update: when it holds (the same value sent again,
/// e.g. by a double click or an API retry), the payment stays. Decided inside the `UPDATE`, so a
/// concurrent repeat never clears a payment the other request just stored.
fn clear_payment_unless(unchanged: &str) -> String {
    [
        "payment_method",
        "payment_token",
        "card_brand",
        "card_last4",
    ]
    .iter()
    .map(|col| format!("{col} = CASE WHEN {unchanged} THEN {col} END"))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Step 1 for guests: the email the confirmation goes to (also kept on the cart, for
/// abandoned-cart reminders). Clears any stored payment.
pub async fn set_contact(db: &Db, c: &CheckoutRecord, email: &str) -> Result<String, AppError> {
    ensure_open(c)?;
    let email =
        storefront::Email::parse(email).map_err(|e| AppError::invalid("email", e.to_string()))?;
    let email = email.as_str().to_string();
    let now = Ts::now();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    tx.exec(
        &format!(
            "UPDATE checkouts SET email = $1, {}, updated_at = $2 WHERE id = $3",
            clear_payment_unless("email = $1")
        ),
        args![email.as_str(), now, c.id],
    )
    .await
    .map_err(db_err)?;
    tx.exec(
        "UPDATE carts SET email = $1 WHERE id = $2 AND user_id IS NULL",
        args![email.as_str(), c.cart_id],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(email)
}

/// Step 2: where to ship, and the billing address (`None`: same as shipping). Clears any
/// stored payment.
/// A billing address alone, for a cart with nothing to ship.
pub async fn set_billing_only(
    db: &Db,
    c: &CheckoutRecord,
    billing: &Address,
) -> Result<(), AppError> {
    ensure_open(c)?;
    let bill = serde_json::to_string(billing).map_err(|e| AppError::internal("address json", e))?;
    let bill_param = dialect::json_param(db.backend(), 1);
    let unchanged = format!(
        "shipping_address IS NULL AND billing_same_as_shipping = FALSE AND billing_address = {bill_param}"
    );
    let sql = format!(
        "UPDATE checkouts SET shipping_address = NULL, billing_address = {bill_param},
                billing_same_as_shipping = FALSE, {}, updated_at = $2
          WHERE id = $3",
        clear_payment_unless(&unchanged)
    );
    db.exec(&sql, args![bill, Ts::now(), c.id])
        .await
        .map_err(db_err)?;
    Ok(())
}

pub async fn set_address(
    db: &Db,
    c: &CheckoutRecord,
    shipping: &Address,
    billing: Option<&Address>,
) -> Result<(), AppError> {
    ensure_open(c)?;
    let ship =
        serde_json::to_string(shipping).map_err(|e| AppError::internal("address json", e))?;
    let bill = billing
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| AppError::internal("address json", e))?;
    let (ship_param, bill_param) = (
        dialect::json_param(db.backend(), 1),
        dialect::json_param(db.backend(), 2),
    );
    let unchanged = format!(
        "shipping_address = {ship_param} AND billing_same_as_shipping = $3
         AND (billing_address = {bill_param} OR (billing_address IS NULL AND {bill_param} IS NULL))"
    );
    let sql = format!(
        "UPDATE checkouts SET shipping_address = {ship_param}, billing_address = {bill_param},
                billing_same_as_shipping = $3, {}, updated_at = $4
          WHERE id = $5",
        clear_payment_unless(&unchanged)
    );
    db.exec(&sql, args![ship, bill, billing.is_none(), Ts::now(), c.id])
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Step 3: the chosen method (the caller checked it is offered for the address).
pub async fn set_shipping(db: &Db, c: &CheckoutRecord, method_id: i64) -> Result<(), AppError> {
    ensure_open(c)?;
    db.exec(
        "UPDATE checkouts SET shipping_method_id = $1, updated_at = $2 WHERE id = $3",
        args![method_id, Ts::now(), c.id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Step 4: the gateway's token for what the shopper entered (never the card itself).
pub async fn set_payment_token(
    db: &Db,
    c: &CheckoutRecord,
    method: &str,
    token: &str,
    brand: Option<&str>,
    last4: Option<&str>,
) -> Result<(), AppError> {
    ensure_open(c)?;
    db.exec(
        "UPDATE checkouts SET payment_method = $1, payment_token = $2, card_brand = $3,
                card_last4 = $4, last_error = NULL, updated_at = $5
          WHERE id = $6",
        args![method, token, brand, last4, Ts::now(), c.id],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}
