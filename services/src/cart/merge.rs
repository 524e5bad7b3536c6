//! Folding a guest cart into the shopper's own cart at sign-in.

use storefront::CartLimits;
use storefront::cart::{MergeLine, MergeNotice, plan_merge};

use super::db_err;
use crate::db::{Db, Ts, is_unique_violation};
use crate::with_db;
use shared::errors::AppError;

type Line = (i64, i32, i64, String, bool, Option<i32>, String);

const LINES: &str =
    "SELECT ci.variant_id, ci.quantity, ci.unit_price_amount, ci.currency, v.track_inventory,
        i.on_hand - i.reserved, p.name
   FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id
   JOIN products p ON p.id = v.product_id LEFT JOIN inventory i ON i.variant_id = v.id
  WHERE ci.cart_id = $1 ORDER BY ci.created_at, ci.id";

fn merge_line(l: &Line) -> MergeLine {
    MergeLine {
        variant_id: l.0,
        quantity: l.1.max(0) as u32,
        available: l.4.then(|| l.5.unwrap_or(0).max(0) as u32),
    }
}

/// Merges the guest cart `token` into `user_id`'s cart: same variant → quantities add, capped
/// by the limits and stock; new lines while there is room. The guest cart is closed. Returns
/// a notice for every line that was capped or left out.
pub async fn merge_into_user(
    db: &Db,
    limits: CartLimits,
    token: &str,
    user_id: i64,
) -> Result<Vec<String>, AppError> {
    let guest: Option<(i64, String)> = with_db!(db, pool => {
        sqlx::query_as(
            "SELECT id, currency FROM carts WHERE token = $1 AND user_id IS NULL AND status IN ('ACTIVE', 'ABANDONED')",
        )
        .bind(token)
        .fetch_optional(pool)
        .await
    })
    .map_err(db_err)?;
    let Some((guest_id, _)) = guest else {
        return Ok(Vec::new());
    };
    let now = Ts::now();
    let email: Option<String> = with_db!(db, pool => {
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_optional(pool).await
    })
    .map_err(db_err)?;
    // No cart of their own yet: the guest cart simply becomes theirs.
    let adopted: Result<u64, sqlx::Error> = with_db!(db, pool => {
        sqlx::query(
            "UPDATE carts SET user_id = $1, email = $2, updated_at = $3, last_activity_at = $3
              WHERE id = $4 AND user_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM carts o WHERE o.user_id = $1 AND o.status IN ('ACTIVE', 'ABANDONED'))",
        )
        .bind(user_id)
        .bind(&email)
        .bind(now)
        .bind(guest_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    });
    match adopted {
        Ok(1) => return Ok(Vec::new()),
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => {}
        Err(e) => return Err(db_err(e)),
    }

    let outcome: Result<Vec<String>, sqlx::Error> = with_db!(db, pool => async {
        let mut tx = pool.begin().await?;
        let _turn = db.write_turn().await;
        let own_id: Option<(i64, String)> = sqlx::query_as(
            "UPDATE carts SET last_activity_at = $1, updated_at = $1, status = 'ACTIVE'
              WHERE user_id = $2 AND status IN ('ACTIVE', 'ABANDONED') RETURNING id, currency",
        )
        .bind(now)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((own_id, currency)) = own_id else {
            return Ok(Vec::new());
        };
        let own: Vec<Line> = sqlx::query_as(LINES).bind(own_id).fetch_all(&mut *tx).await?;
        let guest: Vec<Line> = sqlx::query_as(LINES).bind(guest_id).fetch_all(&mut *tx).await?;
        let (same, other): (Vec<&Line>, Vec<&Line>) = guest.iter().partition(|l| l.3 == currency);
        let own_lines: Vec<MergeLine> = own.iter().map(merge_line).collect();
        let guest_lines: Vec<MergeLine> = same.iter().map(|l| merge_line(l)).collect();
        let plan = plan_merge(limits, &own_lines, &guest_lines);
        for (variant_id, q) in &plan.update {
            sqlx::query("UPDATE cart_items SET quantity = $1, updated_at = $2 WHERE cart_id = $3 AND variant_id = $4")
                .bind(*q as i32)
                .bind(now)
                .bind(own_id)
                .bind(variant_id)
                .execute(&mut *tx)
                .await?;
        }
        for (variant_id, q) in &plan.insert {
            let g = same.iter().find(|l| l.0 == *variant_id).expect("planned from guest lines");
            sqlx::query(
                "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6)",
            )
            .bind(own_id)
            .bind(variant_id)
            .bind(*q as i32)
            .bind(g.2)
            .bind(&g.3)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM cart_items WHERE cart_id = $1").bind(guest_id).execute(&mut *tx).await?;
        sqlx::query("UPDATE carts SET status = 'EXPIRED', expires_at = $1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(guest_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let name = |v: i64| guest.iter().find(|l| l.0 == v).map_or_else(String::new, |l| l.6.clone());
        let mut notices: Vec<String> = plan
            .notices
            .iter()
            .map(|n| match n {
                MergeNotice::Capped { variant_id, wanted, kept } => format!(
                    "{}: your carts together had {wanted}; we kept {kept} (the most you can buy now).",
                    name(*variant_id)
                ),
                MergeNotice::Dropped { variant_id, .. } => format!(
                    "{}: not added from your earlier cart (cart full or out of stock).",
                    name(*variant_id)
                ),
            })
            .collect();
        notices.extend(other.iter().map(|l| format!("{}: not added (priced in another currency).", l.6)));
        Ok(notices)
    }.await);
    outcome.map_err(db_err)
}
