//! Usage limits of promotions and coupons, claimed atomically when an order is created and
//! given back when it is cancelled (payment failure included).
//!
//! Each claim is one conditional statement: `times_used = times_used + 1 WHERE times_used <
//! usage_limit`, and per customer an upsert whose update only happens while `uses < limit`.
//! Under any number of concurrent orders the count can never pass the limit.

use crate::args;
use crate::db::{Ts, Tx};

/// Who a per-customer limit counts: the account, else the guest's normalised email
/// (lower case, `+tag` dropped: `Ann+shop@X.com` and `ann@x.com` are one customer).
pub fn customer_key(user_id: Option<i64>, email: &str) -> String {
    match user_id {
        Some(id) => format!("user:{id}"),
        None => {
            let email = email.trim().to_lowercase();
            let normalised = match email.split_once('@') {
                Some((local, domain)) => {
                    let local = local.split('+').next().unwrap_or(local);
                    format!("{local}@{domain}")
                }
                None => email,
            };
            format!("email:{normalised}")
        }
    }
}

/// One promotion use to claim.
#[derive(Clone, Debug)]
pub struct Claim {
    pub promotion_id: i64,
    pub coupon_id: Option<i64>,
}

/// Why a claim failed (the transaction must be rolled back).
#[derive(Debug)]
pub enum ClaimError {
    UsedUp,
    PerCustomer,
    Db(sqlx::Error),
}

impl From<sqlx::Error> for ClaimError {
    fn from(e: sqlx::Error) -> Self {
        ClaimError::Db(e)
    }
}

/// Claims one use of each promotion (and coupon) for `customer`.
pub async fn claim(
    tx: &mut Tx,
    claims: &[Claim],
    customer: &str,
    now: Ts,
) -> Result<(), ClaimError> {
    for c in claims {
        let n = tx
            .exec(
                "UPDATE promotions SET times_used = times_used + 1, updated_at = $1
                  WHERE id = $2 AND is_active AND (usage_limit IS NULL OR times_used < usage_limit)",
                args![now, c.promotion_id],
            )
            .await?;
        if n != 1 {
            return Err(ClaimError::UsedUp);
        }
        if let Some(coupon) = c.coupon_id {
            let n = tx
                .exec(
                    "UPDATE coupons SET times_used = times_used + 1, updated_at = $1
                      WHERE id = $2 AND is_active AND (usage_limit IS NULL OR times_used < usage_limit)",
                    args![now, coupon],
                )
                .await?;
            if n != 1 {
                return Err(ClaimError::UsedUp);
            }
        }
        let per: Option<(Option<i32>,)> = tx
            .opt(
                "SELECT usage_limit_per_customer FROM promotions WHERE id = $1",
                args![c.promotion_id],
            )
            .await?;
        if let Some((Some(limit),)) = per {
            let got: Option<(i32,)> = tx
                .opt(
                    "INSERT INTO promotion_customer_uses (promotion_id, customer_key, uses)
                     VALUES ($1, $2, 1)
                     ON CONFLICT (promotion_id, customer_key)
                     DO UPDATE SET uses = promotion_customer_uses.uses + 1
                      WHERE promotion_customer_uses.uses < $3
                     RETURNING uses",
                    args![c.promotion_id, customer, limit],
                )
                .await?;
            if got.is_none_or(|(uses,)| uses > limit) {
                return Err(ClaimError::PerCustomer);
            }
        }
    }
    Ok(())
}

/// Gives back the uses an order claimed (its redemption rows say which).
pub async fn give_back(
    tx: &mut Tx,
    order_id: i64,
    customer: &str,
    now: Ts,
) -> Result<(), sqlx::Error> {
    let rows: Vec<(i64, Option<i64>)> = tx
        .all(
            "SELECT promotion_id, coupon_id FROM promotion_redemptions WHERE order_id = $1",
            args![order_id],
        )
        .await?;
    for (promotion, coupon) in rows {
        tx.exec(
            "UPDATE promotions SET times_used = times_used - 1, updated_at = $1
              WHERE id = $2 AND times_used > 0",
            args![now, promotion],
        )
        .await?;
        if let Some(c) = coupon {
            tx.exec(
                "UPDATE coupons SET times_used = times_used - 1, updated_at = $1
                  WHERE id = $2 AND times_used > 0",
                args![now, c],
            )
            .await?;
        }
        tx.exec(
            "UPDATE promotion_customer_uses SET uses = uses - 1
              WHERE promotion_id = $1 AND customer_key = $2 AND uses > 0",
            args![promotion, customer],
        )
        .await?;
    }
    tx.exec(
        "DELETE FROM promotion_redemptions WHERE order_id = $1",
        args![order_id],
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::customer_key;

    #[test]
    fn guests_are_counted_by_normalised_email() {
        assert_eq!(
            customer_key(None, " Ann+Shop@Example.COM "),
            "email:ann@example.com"
        );
        assert_eq!(
            customer_key(None, "ann@example.com"),
            "email:ann@example.com"
        );
        assert_eq!(customer_key(Some(7), "ann@example.com"), "user:7");
    }
}
