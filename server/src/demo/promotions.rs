//! Demo promotions, so checkout has codes to try (printed in the README):
//! `WELCOME10` (10 % off a first order), `SAVE5` ($5 off $40 or more), `FREESHIP` (free
//! shipping), and an automatic tiered offer (spend $150 save $15, spend $300 save $40).

use services::args;
use services::db::Db;

/// (name, description, kind, value, min subtotal, first order only, stackable, code)
type DemoCoupon = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    Option<i64>,
    bool,
    bool,
    &'static str,
);

/// The coupon promotions, one code each.
const COUPONS: [DemoCoupon; 3] = [
    (
        "Welcome 10% off",
        "10% off your first order.",
        "PERCENTAGE",
        1000,
        None,
        true,
        true,
        "WELCOME10",
    ),
    (
        "$5 off $40",
        "$5 off orders of $40 or more.",
        "FIXED_AMOUNT",
        500,
        Some(4000),
        false,
        true,
        "SAVE5",
    ),
    (
        "Free shipping",
        "Free standard shipping.",
        "FREE_SHIPPING",
        0,
        None,
        false,
        true,
        "FREESHIP",
    ),
];

pub async fn seed_if_empty(db: &Db, currency: &str) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    let (n,): (i64,) = tx.one("SELECT COUNT(*) FROM promotions", args![]).await?;
    if n > 0 {
        tx.rollback().await?;
        return Ok(());
    }
    for (name, description, kind, value, min, first, stackable, code) in COUPONS {
        // The column is INTEGER; a BIGINT parameter is assigned to it on both engines.
        let per_customer: Option<i64> = first.then_some(1);
        let (id,): (i64,) = tx
            .one(
                "INSERT INTO promotions (name, description, kind, value, currency, min_subtotal_amount,
                        first_order_only, stackable, usage_limit_per_customer)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                args![
                    name,
                    description,
                    kind,
                    value,
                    currency,
                    min,
                    first,
                    stackable,
                    per_customer,
                ],
            )
            .await?;
        tx.exec(
            "INSERT INTO coupons (promotion_id, code) VALUES ($1, $2)",
            args![id, code],
        )
        .await?;
    }
    let (tiered,): (i64,) = tx
        .one(
            "INSERT INTO promotions (name, description, kind, value, currency, is_automatic, stackable, priority)
             VALUES ('Spend more, save more', 'Spend $150, save $15; spend $300, save $40.',
                     'FIXED_AMOUNT', 0, $1, TRUE, TRUE, 10) RETURNING id",
            args![currency],
        )
        .await?;
    for (min, off) in [(15_000i64, 1_500i64), (30_000, 4_000)] {
        tx.exec(
            "INSERT INTO promotion_tiers (promotion_id, min_spend_amount, discount_amount) VALUES ($1, $2, $3)",
            args![tiered, min, off],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
