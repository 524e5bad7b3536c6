//! Holding stock for a checkout's lines at the payment step (seed 004); the holds themselves —
//! ending, releasing and converting them — are `crate::holds`.

use std::collections::BTreeMap;

use super::db_err;
use super::lines::CheckoutLine;
use crate::args;
use crate::db::{Db, Ts, Tx};
use crate::holds::{Hold, end_hold};
use shared::errors::{AppError, StockShortage};
use storefront::pricing::ProductKind;

/// What must be held: quantity per variant (bundles count as their components).
async fn needs(db: &Db, lines: &[CheckoutLine]) -> Result<BTreeMap<i64, (i64, String)>, AppError> {
    let mut out: BTreeMap<i64, (i64, String)> = BTreeMap::new();
    for l in lines {
        if matches!(
            l.priced.kind,
            ProductKind::Bundle | ProductKind::CourseBundle
        ) {
            let parts: Vec<(i64, i32, bool, String)> = db
                .all(
                    "SELECT b.component_variant_id, b.quantity, v.track_inventory, p.name
                       FROM bundle_items b
                       JOIN product_variants v ON v.id = b.component_variant_id
                       JOIN products p ON p.id = v.product_id
                      WHERE b.bundle_product_id = $1",
                    args![l.product_id],
                )
                .await
                .map_err(db_err)?;
            if !parts.is_empty() {
                for (variant, per, tracked, name) in parts {
                    if tracked {
                        let e = out.entry(variant).or_insert((0, name));
                        e.0 += i64::from(per) * i64::from(l.quantity);
                    }
                }
                continue;
            }
        }
        if l.track_inventory {
            let e = out.entry(l.variant_id).or_insert((0, l.name.clone()));
            e.0 += i64::from(l.quantity);
        }
    }
    Ok(out)
}

/// The holds match the cart already: extends them to `until` while they are younger than
/// `max_hold` (commits `tx`). Returns when they run out and how many there are.
async fn extend(
    db: &Db,
    mut tx: Tx,
    checkout_id: i64,
    held: usize,
    (until, now): (Ts, Ts),
    max_hold: std::time::Duration,
) -> Result<(Ts, usize), AppError> {
    let extended = tx
        .exec(
            "UPDATE inventory_reservations SET expires_at = $1, updated_at = $2
              WHERE checkout_id = $3 AND status = 'ACTIVE' AND order_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM inventory_reservations o
                                 WHERE o.checkout_id = $3 AND o.status = 'ACTIVE'
                                   AND o.order_id IS NULL AND o.created_at <= $4)",
            args![until, now, checkout_id, now.minus(max_hold)],
        )
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    if extended > 0 || held == 0 {
        return Ok((until, held));
    }
    let (until,): (String,) = db
        .one(
            "SELECT CAST(MIN(expires_at) AS TEXT) FROM inventory_reservations
              WHERE checkout_id = $1 AND status = 'ACTIVE' AND order_id IS NULL",
            args![checkout_id],
        )
        .await
        .map_err(db_err)?;
    let until = Ts::parse_text(&until).unwrap_or(now);
    Ok((until, held))
}

/// True when `units` more for `client` would pass what one network may hold at once.
async fn over_client_cap(
    tx: &mut Tx,
    client: &str,
    checkout_id: i64,
    units: i64,
    now: Ts,
    max_units_per_ip: u32,
) -> Result<bool, AppError> {
    // What this client's other checkouts hold now, plus this one's new holds.
    let (others,): (i64,) = tx
        .one(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM inventory_reservations
              WHERE client_key = $1 AND checkout_id <> $2 AND status = 'ACTIVE'
                AND order_id IS NULL AND expires_at > $3",
            args![client.to_string(), checkout_id, now],
        )
        .await
        .map_err(db_err)?;
    Ok(others + units > i64::from(max_units_per_ip))
}

/// Who holds: the cart, its checkout and the client's throttle key.
struct Holder<'a> {
    cart_id: i64,
    checkout_id: i64,
    client: Option<&'a str>,
}

/// Holds each variant's units (one guarded UPDATE each); returns the lines that were short.
async fn hold_all(
    tx: &mut Tx,
    needs: &BTreeMap<i64, (i64, String)>,
    who: &Holder<'_>,
    (until, now): (Ts, Ts),
) -> Result<Vec<StockShortage>, AppError> {
    let mut short = Vec::new();
    for (variant, (qty, name)) in needs {
        let qty32 = i32::try_from(*qty).unwrap_or(i32::MAX);
        let got = tx
            .exec(
                "UPDATE inventory SET reserved = reserved + $1, version = version + 1, updated_at = $2
                  WHERE variant_id = $3 AND on_hand - reserved >= $1",
                args![qty32, now, *variant],
            )
            .await
            .map_err(db_err)?;
        if got == 1 {
            tx.exec(
                "INSERT INTO inventory_reservations (token, variant_id, cart_id, checkout_id, quantity,
                        status, expires_at, created_at, updated_at, client_key)
                 VALUES ($1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $7, $8)",
                args![crate::tokens::random_token(), *variant, who.cart_id, who.checkout_id, qty32, until, now, who.client.map(str::to_string)],
            )
            .await
            .map_err(db_err)?;
        } else {
            let left: Option<(i32,)> = tx
                .opt(
                    "SELECT on_hand - reserved FROM inventory WHERE variant_id = $1",
                    args![*variant],
                )
                .await
                .map_err(db_err)?;
            short.push(StockShortage {
                variant_id: *variant,
                name: name.clone(),
                requested: u32::try_from(*qty).unwrap_or(u32::MAX),
                available: left.map_or(0, |l| u32::try_from(l.0).unwrap_or(0)),
            });
        }
    }
    Ok(short)
}

/// Holds stock for the checkout's lines until `now + ttl` (returns then and how many holds):
/// keeps (and extends) the holds it already has when they match the cart, else releases them
/// and holds afresh. When any line is short, nothing stays held and the error lists what is
/// left. A hoarder is bounded: at most `max_units` held per checkout, at most
/// `max_units_per_ip` by all checkouts of one `client` (its throttle key: the address, IPv6 by
/// /64), and holds older than `max_hold` are no longer extended (they run out, and the stock
/// goes back to everyone).
pub async fn ensure_reserved(
    db: &Db,
    checkout_id: i64,
    cart_id: i64,
    lines: &[CheckoutLine],
    client: Option<&str>,
    policy: crate::settings::HoldPolicy,
) -> Result<(Ts, usize), AppError> {
    let needs = needs(db, lines).await?;
    let units: i64 = needs.values().map(|(q, _)| *q).sum();
    if units > i64::from(policy.max_units) {
        return Err(AppError::invalid(
            "cart",
            format!(
                "One order can hold at most {} items at a time; you have {units}. Split the order, or contact us for a large one.",
                policy.max_units
            ),
        ));
    }
    let now = Ts::now();
    let until = now.plus(policy.ttl);
    let mut tx = db.begin_write().await.map_err(db_err)?;
    // Lock the checkout row first: concurrent requests for one checkout (a double click)
    // take turns here instead of both holding stock. A checkout no longer OPEN is being
    // placed and its holds belong to the order: hold nothing.
    let open = tx
        .exec(
            "UPDATE checkouts SET updated_at = $1 WHERE id = $2 AND status = 'OPEN'",
            args![now, checkout_id],
        )
        .await
        .map_err(db_err)?;
    if open != 1 {
        tx.rollback().await.map_err(db_err)?;
        return Ok((now, 0));
    }
    let held: Vec<Hold> = tx
        .all(
            "SELECT id, variant_id, quantity FROM inventory_reservations
              WHERE checkout_id = $1 AND status = 'ACTIVE' AND order_id IS NULL ORDER BY variant_id",
            args![checkout_id],
        )
        .await
        .map_err(db_err)?;
    let mut have: BTreeMap<i64, i64> = BTreeMap::new();
    for (_, v, q) in &held {
        *have.entry(*v).or_default() += i64::from(*q);
    }
    let want: BTreeMap<i64, i64> = needs.iter().map(|(v, (q, _))| (*v, *q)).collect();
    if have == want {
        return extend(
            db,
            tx,
            checkout_id,
            held.len(),
            (until, now),
            policy.max_hold,
        )
        .await;
    }
    if let Some(client) = client
        && over_client_cap(
            &mut tx,
            client,
            checkout_id,
            units,
            now,
            policy.max_units_per_ip,
        )
        .await?
    {
        tx.rollback().await.map_err(db_err)?;
        return Err(AppError::TooManyRequests {
            message: "Too many items are on hold for checkouts from your network right now. Finish or leave one of them, or try again in a few minutes.".into(),
            retry_after: policy.ttl.as_secs().max(60),
        });
    }
    for (rid, variant, qty) in &held {
        end_hold(&mut tx, *rid, *variant, *qty, "RELEASED", now)
            .await
            .map_err(db_err)?;
    }
    let who = Holder {
        cart_id,
        checkout_id,
        client,
    };
    let short = hold_all(&mut tx, &needs, &who, (until, now)).await?;
    if short.is_empty() {
        tx.commit().await.map_err(db_err)?;
        return Ok((until, needs.len()));
    }
    tx.rollback().await.map_err(db_err)?;
    // Nothing stays held: the rollback kept the old holds, so end them now.
    let mut tx = db.begin_write().await.map_err(db_err)?;
    for (rid, variant, qty) in &held {
        end_hold(&mut tx, *rid, *variant, *qty, "RELEASED", now)
            .await
            .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Err(shortage_error(short))
}

fn shortage_error(items: Vec<StockShortage>) -> AppError {
    let parts: Vec<String> = items
        .iter()
        .map(|s| match s.available {
            0 => format!("{} is sold out", s.name),
            n => format!("only {n} left of {}", s.name),
        })
        .collect();
    let mut message = parts.join("; ");
    if let Some(first) = message.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    message.push_str(". Update your cart to continue; nothing has been reserved.");
    AppError::OutOfStock { message, items }
}
