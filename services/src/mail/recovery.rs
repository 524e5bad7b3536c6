//! Abandoned-cart reminders (seed 000: at 1 h, 3 h and 24 h, at most three).
//!
//! A cart that went ABANDONED with an email known (its account's, or the one given at guest
//! checkout) gets reminder `k` once it has been idle for `delays[k-1]`. Any change to the cart
//! makes it ACTIVE again, and an order makes it CONVERTED: both stop the reminders. After a
//! long pause of the job only the latest due reminder goes out (never a burst). Each mail
//! carries its own token: `/cart/recover?token=…` opens a page whose button copies the cart's
//! items into the opener's own cart (once, within `CART_RECOVERY_LINK_TTL`), and
//! `/unsubscribe?token=…` stops reminders to that address for good.

use std::time::Duration;

use tower_sessions::Session;

use crate::args;
use crate::cart::CartRef;
use crate::db::{Db, Ts};
use crate::session::SessionData;
use crate::settings::ShopSettings;
use crate::tokens::{looks_like_token, random_token, token_hash};
use shared::cart::CartView;
use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("cart recovery query", e)
}

/// The seed's schedule: 1 h, 3 h and 24 h after the cart's last change.
pub const DEFAULT_DELAYS: [Duration; 3] = [
    Duration::from_secs(3600),
    Duration::from_secs(3 * 3600),
    Duration::from_secs(24 * 3600),
];

const BAD_UNSUBSCRIBE: &str =
    "This unsubscribe link is not valid. Copy the whole link from the email.";
const BAD_LINK: &str =
    "This link is no longer valid. Your cart may have expired; browse the shop to start a new one.";

/// Queues the reminders due at `now` (each with its outbox mail, in one transaction per cart).
/// `delays` holds up to three idle times, in increasing order. Returns the number queued.
#[tracing::instrument(skip_all)]
pub async fn queue_reminders(db: &Db, delays: &[Duration], now: Ts) -> Result<u64, AppError> {
    let delays = &delays[..delays.len().min(3)];
    let mut queued = 0;
    // Latest step first: a cart idle long enough for reminder 3 gets only that one.
    for (i, delay) in delays.iter().enumerate().rev() {
        let step = i64::try_from(i + 1).unwrap_or(3);
        let due: Vec<(i64, String)> = db
            .all(
                "SELECT c.id, COALESCE(u.email, c.email) FROM carts c
                   LEFT JOIN users u ON u.id = c.user_id
                  WHERE c.status = 'ABANDONED' AND c.recovery_emails_sent < $1
                    AND c.last_activity_at <= $2
                    AND COALESCE(u.email, c.email) IS NOT NULL
                    AND (u.id IS NULL OR u.is_active = TRUE)
                    AND EXISTS (SELECT 1 FROM cart_items ci WHERE ci.cart_id = c.id)
                    AND NOT EXISTS (SELECT 1 FROM email_unsubscribes e
                                     WHERE e.email = COALESCE(u.email, c.email))
                  ORDER BY c.id LIMIT 500",
                args![step, now.minus(*delay)],
            )
            .await
            .map_err(db_err)?;
        for (cart_id, email) in due {
            if queue_one(db, cart_id, &email, step, now.minus(*delay), now).await? {
                queued += 1;
            }
        }
    }
    if queued > 0 {
        tracing::info!(queued, "cart reminders queued");
    }
    Ok(queued)
}

async fn queue_one(
    db: &Db,
    cart_id: i64,
    email: &str,
    step: i64,
    idle_since: Ts,
    now: Ts,
) -> Result<bool, AppError> {
    let token = random_token();
    let mut tx = db.begin_write().await.map_err(db_err)?;
    // Re-checked under the write: the cart may have changed or been reminded meanwhile.
    let claimed = tx
        .exec(
            "UPDATE carts SET recovery_emails_sent = $1, last_recovery_email_at = $2
              WHERE id = $3 AND status = 'ABANDONED' AND recovery_emails_sent < $1
                AND last_activity_at <= $4",
            args![step, now, cart_id, idle_since],
        )
        .await
        .map_err(db_err)?;
    if claimed != 1 {
        tx.rollback().await.map_err(db_err)?;
        return Ok(false);
    }
    tx.exec(
        "INSERT INTO cart_recovery_emails (cart_id, step, email, token_hash, sent_at)
         VALUES ($1, $2, $3, $4, $5)",
        args![cart_id, step, email, token_hash(&token), now],
    )
    .await
    .map_err(db_err)?;
    let payload = serde_json::json!({
        "template": "cart_recovery",
        "to": email,
        "cart_id": cart_id,
        "step": step,
        "token": token,
    });
    let sql = crate::db::sql::outbox_insert(tx.backend()) + " ON CONFLICT (dedupe_key) DO NOTHING";
    tx.exec(
        &sql,
        args![
            "cart.reminder",
            payload.to_string(),
            format!("cart-recovery:{cart_id}:{step}"),
            now
        ],
    )
    .await
    .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    Ok(true)
}

/// The cart as a reminder shows it.
pub async fn cart_for_mail(db: &Db, cart_id: i64) -> Result<CartView, AppError> {
    let currency: Option<storefront::Currency> = db
        .opt::<(crate::db::DbCurrency,)>("SELECT currency FROM carts WHERE id = $1", args![cart_id])
        .await
        .map_err(db_err)?
        .map(|r| r.0.0);
    let cart = currency.map(|currency| CartRef {
        id: cart_id,
        currency,
    });
    crate::cart::load_view(db, storefront::CartLimits::default(), cart.as_ref()).await
}

/// Why a queued reminder should no longer go out, if it should not: the address unsubscribed,
/// or the cart was ordered, changed or reminded again since (checked at sending time, since
/// a reminder may wait in the queue for a retry).
pub async fn stale_reminder(
    db: &Db,
    payload: &serde_json::Value,
) -> Result<Option<&'static str>, AppError> {
    if is_unsubscribed(db, payload.get("to").and_then(serde_json::Value::as_str)).await? {
        return Ok(Some("skipped: the address unsubscribed"));
    }
    let cart = payload.get("cart_id").and_then(serde_json::Value::as_i64);
    let step = payload.get("step").and_then(serde_json::Value::as_i64);
    let (Some(cart), Some(step)) = (cart, step) else {
        return Ok(None);
    };
    let still: Option<(String,)> = db
        .opt(
            "SELECT status FROM carts WHERE id = $1 AND status = 'ABANDONED'
                AND recovery_emails_sent = $2",
            args![cart, step],
        )
        .await
        .map_err(db_err)?;
    Ok(still
        .is_none()
        .then_some("skipped: the cart was ordered, changed or reminded again"))
}

/// Whether `email` asked for no more reminders.
pub async fn is_unsubscribed(db: &Db, email: Option<&str>) -> Result<bool, AppError> {
    let Some(email) = email else { return Ok(false) };
    let n: Option<(String,)> = db
        .opt(
            "SELECT email FROM email_unsubscribes WHERE email = $1",
            args![email.trim().to_lowercase()],
        )
        .await
        .map_err(db_err)?;
    Ok(n.is_some())
}

/// What following a restore link did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Restored {
    /// The reminded items are in this session's own cart now.
    Cart,
    /// It belongs to an account that is not signed in here: sign in to see it.
    SignIn,
    /// It was ordered already.
    AlreadyOrdered,
    /// Someone else is signed in here: their cart is left as it is.
    OtherAccount,
}

#[derive(sqlx::FromRow)]
struct Link {
    recovery_id: i64,
    email: String,
    cart_id: i64,
    user_id: Option<i64>,
    status: String,
    /// Sent within the link's lifetime.
    fresh: bool,
    /// Followed already.
    used: bool,
}

const USED_LINK: &str = "This link was already used: the cart opened on the device where it was \
     first followed. Browse the shop to start a new one.";
const EXPIRED_LINK: &str = "This link has expired. Browse the shop to start a new cart.";

/// The reminder behind `token`, if the link may still restore it: known, not used, not expired.
async fn usable_link(db: &Db, settings: &ShopSettings, token: &str) -> Result<Link, AppError> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(AppError::BadRequest(BAD_LINK.into()));
    }
    let l: Link = db
        .opt(
            "SELECT r.id AS recovery_id, r.email, c.id AS cart_id, c.user_id, c.status,
                    (r.sent_at >= $2) AS fresh, (r.restored_at IS NOT NULL) AS used
               FROM cart_recovery_emails r JOIN carts c ON c.id = r.cart_id
              WHERE r.token_hash = $1",
            args![
                token_hash(token),
                Ts::now().minus(settings.recovery_link_ttl)
            ],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(|| AppError::BadRequest(BAD_LINK.into()))?;
    if l.used {
        return Err(AppError::BadRequest(USED_LINK.into()));
    }
    if !l.fresh {
        return Err(AppError::BadRequest(EXPIRED_LINK.into()));
    }
    Ok(l)
}

/// Checks a restore link without using it (the page with the "Restore my cart" button).
pub async fn check(db: &Db, settings: &ShopSettings, token: &str) -> Result<(), AppError> {
    usable_link(db, settings, token).await.map(|_| ())
}

/// Restores the cart of reminder link `token` for whoever follows it (a POST from the page
/// the link opens). The link works once and for `recovery_link_ttl`. A guest cart is never
/// shared: its items are **copied** into the opener's own cart (a new one if the session has
/// none; the account's when the reminded address is signed in), each line checked like any
/// add to cart, and the reminded cart gets no further reminders. An account's cart needs that
/// account signed in.
#[tracing::instrument(skip_all)]
pub async fn restore(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
    token: &str,
) -> Result<Restored, AppError> {
    let l = usable_link(db, settings, token).await?;
    match l.status.as_str() {
        "CONVERTED" => return Ok(Restored::AlreadyOrdered),
        "ACTIVE" | "ABANDONED" => {}
        _ => return Err(AppError::BadRequest(BAD_LINK.into())),
    }
    let (user, owner) = crate::cart::owner_of(db, session, settings).await?;
    match (l.user_id, &user) {
        (Some(owner), Some(u)) if owner == u.id => {}
        (Some(_), _) => return Ok(Restored::SignIn),
        // Only into the account the reminder was addressed to: a link from someone else
        // never slips items into a signed-in shopper's cart.
        (None, Some(u)) if !u.email.eq_ignore_ascii_case(&l.email) => {
            return Ok(Restored::OtherAccount);
        }
        (None, _) => {}
    }
    // Used once: of two clicks racing, one restores.
    let now = Ts::now();
    let claimed = db
        .exec(
            "UPDATE cart_recovery_emails SET restored_at = $1 WHERE id = $2 AND restored_at IS NULL",
            args![now, l.recovery_id],
        )
        .await
        .map_err(db_err)?;
    if claimed != 1 {
        return Err(AppError::BadRequest(USED_LINK.into()));
    }
    // No more reminders for the reminded cart; it counts as recovered.
    db.exec(
        "UPDATE carts SET recovery_emails_sent = 3, recovered_at = COALESCE(recovered_at, $1)
          WHERE id = $2",
        args![now, l.cart_id],
    )
    .await
    .map_err(db_err)?;
    if l.user_id.is_some() {
        // The account's own cart, and its owner is signed in here.
        db.exec(
            "UPDATE carts SET status = 'ACTIVE', last_activity_at = $1, updated_at = $1
              WHERE id = $2 AND status IN ('ACTIVE', 'ABANDONED')",
            args![now, l.cart_id],
        )
        .await
        .map_err(db_err)?;
        return Ok(Restored::Cart);
    }
    let owner = copy_lines(db, session, settings, &owner, l.cart_id).await?;
    // The cart they carry on with counts as recovered (the dashboard's recovered revenue).
    if let Some(cart) = crate::cart::find_cart(db, &owner).await? {
        db.exec(
            "UPDATE carts SET recovered_at = COALESCE(recovered_at, $1) WHERE id = $2",
            args![now, cart.id],
        )
        .await
        .map_err(db_err)?;
    }
    Ok(Restored::Cart)
}

/// Adds the lines of cart `from` to `owner`'s cart, each through the normal add to cart (stock,
/// limits and currency checked); a line that cannot be added is skipped. Returns the owner
/// (a guest's new cart token included).
async fn copy_lines(
    db: &Db,
    session: &Session,
    settings: &ShopSettings,
    owner: &crate::cart::Owner,
    from: i64,
) -> Result<crate::cart::Owner, AppError> {
    let lines: Vec<(i64, i32)> = db
        .all(
            "SELECT variant_id, quantity FROM cart_items WHERE cart_id = $1 ORDER BY created_at, id",
            args![from],
        )
        .await
        .map_err(db_err)?;
    // A guest's first line starts their cart; the rest go into that same cart.
    let mut owner = owner.clone();
    for (variant_id, quantity) in lines {
        let Ok(quantity) = storefront::Units::new(u32::try_from(quantity).unwrap_or(0)) else {
            continue;
        };
        match crate::cart::add_to_cart(db, session, settings, &owner, variant_id, quantity).await {
            Ok(_) => {
                if let crate::cart::Owner::Guest { token: None } = owner {
                    owner = crate::cart::Owner::Guest {
                        token: SessionData::load(session, settings).await?.cart,
                    };
                }
            }
            Err(e) if e.is_client_error() => {
                tracing::info!(variant_id, reason = %e, "a reminded line was not restored");
            }
            Err(e) => return Err(e),
        }
    }
    Ok(owner)
}

/// Stops reminders to the address reminder `token` went to; returns that address.
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(db: &Db, token: &str) -> Result<String, AppError> {
    let token = token.trim();
    if !looks_like_token(token) {
        return Err(AppError::BadRequest(BAD_UNSUBSCRIBE.into()));
    }
    let email: Option<(String,)> = db
        .opt(
            "SELECT email FROM cart_recovery_emails WHERE token_hash = $1",
            args![token_hash(token)],
        )
        .await
        .map_err(db_err)?;
    let Some((email,)) = email else {
        return Err(AppError::BadRequest(BAD_UNSUBSCRIBE.into()));
    };
    let email = email.trim().to_lowercase();
    db.exec(
        "INSERT INTO email_unsubscribes (email, source, created_at) VALUES ($1, 'cart_recovery', $2)
         ON CONFLICT (email) DO NOTHING",
        args![email.as_str(), Ts::now()],
    )
    .await
    .map_err(db_err)?;
    tracing::info!("reminders unsubscribed");
    Ok(email)
}
