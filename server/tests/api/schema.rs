//! The schema's guarantees hold on both engines.

use services::with_db;

use crate::helpers::TestApp;

async fn first_variant(app: &TestApp) -> i64 {
    with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT variant_id FROM inventory ORDER BY id LIMIT 1").fetch_one(pool).await
    })
    .unwrap()
}

async fn inventory_can_never_go_negative_or_over_reserved(app: TestApp) {
    let v = first_variant(&app).await;
    for sql in [
        "UPDATE inventory SET on_hand = -1 WHERE variant_id = $1",
        "UPDATE inventory SET reserved = -1 WHERE variant_id = $1",
        "UPDATE inventory SET reserved = on_hand + 1 WHERE variant_id = $1",
    ] {
        let res = with_db!(&app.db, pool => sqlx::query(sql).bind(v).execute(pool).await.map(|r| r.rows_affected()));
        assert!(res.is_err(), "{sql} was accepted");
    }
}

async fn cart_items_are_unique_per_variant_and_need_a_cart(app: TestApp) {
    let v = first_variant(&app).await;
    let cart: i64 = with_db!(&app.db, pool => {
        sqlx::query_scalar(
            "INSERT INTO carts (token, session_id, status, currency) VALUES ('t1', 's1', 'ACTIVE', 'USD') RETURNING id",
        )
        .fetch_one(pool)
        .await
    })
    .unwrap();
    let insert =
        "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency)
                  VALUES ($1, $2, 1, 1000, 'USD')";
    with_db!(&app.db, pool => sqlx::query(insert).bind(cart).bind(v).execute(pool).await.map(|r| r.rows_affected())).unwrap();
    let dup = with_db!(&app.db, pool => sqlx::query(insert).bind(cart).bind(v).execute(pool).await.map(|r| r.rows_affected()));
    assert!(dup.is_err(), "duplicate cart line accepted");
    // Upsert is the way to add more of the same variant.
    with_db!(&app.db, pool => {
        sqlx::query(
            "INSERT INTO cart_items (cart_id, variant_id, quantity, unit_price_amount, currency)
             VALUES ($1, $2, 2, 1000, 'USD')
             ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + excluded.quantity",
        )
        .bind(cart)
        .bind(v)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })
    .unwrap();
    let qty: i32 = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT quantity FROM cart_items WHERE cart_id = $1").bind(cart).fetch_one(pool).await
    })
    .unwrap();
    assert_eq!(qty, 3);
    let orphan = with_db!(&app.db, pool => sqlx::query(insert).bind(999_999_i64).bind(v).execute(pool).await.map(|r| r.rows_affected()));
    assert!(orphan.is_err(), "cart line without a cart accepted");
    let bad_status = with_db!(&app.db, pool => {
        sqlx::query("UPDATE carts SET status = 'LOST' WHERE id = $1").bind(cart).execute(pool).await.map(|r| r.rows_affected())
    });
    assert!(bad_status.is_err(), "unknown cart status accepted");
}

async fn money_columns_hold_large_minor_amounts(app: TestApp) {
    let v = first_variant(&app).await;
    let big: i64 = 9_000_000_000_000; // beyond i32
    with_db!(&app.db, pool => {
        sqlx::query("UPDATE product_variants SET price_amount = $1 WHERE id = $2").bind(big).bind(v).execute(pool).await.map(|r| r.rows_affected())
    })
    .unwrap();
    let back: i64 = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT price_amount FROM product_variants WHERE id = $1").bind(v).fetch_one(pool).await
    })
    .unwrap();
    assert_eq!(back, big);
}

async fn webhook_events_are_deduplicated(app: TestApp) {
    let insert = "INSERT INTO webhook_events (provider, event_id, event_type, payload)
                  VALUES ('STRIPE', 'evt_1', 'payment_intent.succeeded', $1)
                  ON CONFLICT (provider, event_id) DO NOTHING";
    let payload = sqlx::types::Json(serde_json::json!({"id": "evt_1"}));
    let first = with_db!(&app.db, pool => sqlx::query(insert).bind(&payload).execute(pool).await.map(|r| r.rows_affected())).unwrap();
    let second = with_db!(&app.db, pool => sqlx::query(insert).bind(&payload).execute(pool).await.map(|r| r.rows_affected())).unwrap();
    assert_eq!(first, 1);
    assert_eq!(second, 0);
}

both_backends!(
    inventory_can_never_go_negative_or_over_reserved,
    cart_items_are_unique_per_variant_and_need_a_cart,
    money_columns_hold_large_minor_amounts,
    webhook_events_are_deduplicated,
);
