//! Checkout through `POST /api/orders`: totals, coupons, the test gateway, idempotency,
//! stock reservation under concurrency and atomic coupon limits (both engines).

use serde_json::{Value, json};

use services::db::Backend;

use crate::helpers::TestApp;
use crate::shopper::{Shopper, exec, scalar_i64, stocked_variants};

const VISA: &str = "4242 4242 4242 4242";
const DECLINED: &str = "4000 0000 0000 0002";
const NO_FUNDS: &str = "4000000000009995";

fn order_body(email: &str, card: &str, coupon: Option<&str>) -> Value {
    json!({
        "email": email,
        "shippingAddress": {
            "recipientName": "Ann Lee", "line1": "1 Main St", "city": "Austin",
            "region": "TX", "postalCode": "78701", "country": "US"
        },
        "shippingMethod": "standard",
        "couponCode": coupon,
        "payment": {"method": "test_card", "cardNumber": card, "expMonth": "12", "expYear": "2030", "cvc": "123"},
        // Ignored: the shop computes every amount.
        "total": 1, "prices": [0]
    })
}

fn amount(v: &Value) -> i64 {
    v["amount"]
        .as_i64()
        .unwrap_or_else(|| panic!("no amount in {v}"))
}

async fn place(s: &Shopper, body: Value, key: Option<&str>) -> crate::shopper::Reply {
    let mut req = s.client.post(format!("{}/api/orders", s.base)).json(&body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    s.send(req).await
}

async fn price_of(app: &TestApp, variant: i64) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT price_amount FROM product_variants WHERE id = {variant}"),
    )
    .await
}

async fn stock(app: &TestApp, variant: i64) -> (i64, i64) {
    (
        scalar_i64(
            &app.db,
            &format!("SELECT CAST(on_hand AS BIGINT) FROM inventory WHERE variant_id = {variant}"),
        )
        .await,
        scalar_i64(
            &app.db,
            &format!("SELECT CAST(reserved AS BIGINT) FROM inventory WHERE variant_id = {variant}"),
        )
        .await,
    )
}

async fn guest_checkout_with_coupon_and_test_card(app: TestApp) {
    let v = stocked_variants(&app.db, 2, 20).await;
    let s = Shopper::new(&app);
    assert_eq!(s.add(v[0], json!(2)).await.status, 200);
    assert_eq!(s.add(v[1], json!(1)).await.status, 200);
    let subtotal = 2 * price_of(&app, v[0]).await + price_of(&app, v[1]).await;

    let r = place(
        &s,
        order_body("Ann@Example.com", VISA, Some("welcome10")),
        None,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let o = &r.body;
    assert!(o["number"].as_str().unwrap().starts_with("LC-"));
    assert_eq!(o["status"], "CONFIRMED");
    assert_eq!(o["payment_status"], "CAPTURED");
    assert_eq!(o["email"], "ann@example.com");
    assert_eq!(o["payment"], "Visa ending in 4242");
    let t = &o["totals"];
    assert_eq!(amount(&t["subtotal"]), subtotal);
    // WELCOME10: 10 % off, rounded per the engine; plus any automatic tier.
    assert!(amount(&t["discount"]) >= subtotal / 10 - 1, "{t}");
    // Texas 6.25 % on the discounted lines (shipping not taxed), added on top.
    assert_eq!(
        amount(&t["total"]),
        amount(&t["subtotal"]) - amount(&t["discount"])
            + amount(&t["shipping"])
            + amount(&t["tax"])
    );
    let lines = o["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    let line_discounts: i64 = lines.iter().map(|l| amount(&l["discount"])).sum();
    assert_eq!(
        line_discounts,
        amount(&t["discount"]),
        "discount allocated exactly"
    );
    let line_tax: i64 = lines.iter().map(|l| amount(&l["tax"])).sum();
    assert_eq!(line_tax, amount(&t["tax"]));
    assert!(
        o["savings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "WELCOME10")
    );

    // Stock left the shelf; nothing stays reserved; the cart is converted and a mail queued.
    assert_eq!(stock(&app, v[0]).await, (18, 0));
    assert_eq!(stock(&app, v[1]).await, (19, 0));
    assert_eq!(s.cart().await["items"].as_array().unwrap().len(), 0);
    let number = o["number"].as_str().unwrap();
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE topic = 'order.confirmed'"
        )
        .await,
        1
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM order_state_history").await,
        2,
        "PENDING then CONFIRMED"
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT CAST(times_used AS BIGINT) FROM coupons WHERE code = 'WELCOME10'"
        )
        .await,
        1
    );

    // The confirmation page opens with the secret link only.
    let url = o["url"].as_str().unwrap();
    let stranger = Shopper::new(&app);
    let (status, html) = stranger.page(url).await;
    assert_eq!(status, 200);
    assert!(html.contains(number), "confirmation shows the number");
    let (status, _) = stranger.page(&format!("/orders/{number}")).await;
    assert_eq!(status, 404, "no key, no order");
    let (status, _) = stranger.page(&format!("/orders/{number}?key=wrong")).await;
    assert_eq!(status, 404);

    // WELCOME10 is for a first order: the same email cannot use it again.
    assert_eq!(s.add(v[0], json!(1)).await.status, 200);
    let r = place(
        &s,
        order_body("ann+again@example.com", VISA, Some("WELCOME10")),
        None,
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["error"]["field"], "couponCode");
}

async fn declined_card_puts_everything_back_then_success(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 5).await;
    let s = Shopper::new(&app);
    assert_eq!(s.add(v[0], json!(2)).await.status, 200);
    for card in [DECLINED, NO_FUNDS] {
        let r = place(&s, order_body("bo@example.com", card, Some("SAVE5")), None).await;
        assert_eq!(r.status, 402, "{}", r.body);
        assert!(r.message().contains("not been charged"), "{}", r.message());
        assert_eq!(stock(&app, v[0]).await, (5, 0), "stock released");
        assert_eq!(
            scalar_i64(
                &app.db,
                "SELECT CAST(times_used AS BIGINT) FROM promotions WHERE name = '$5 off $40'"
            )
            .await,
            0,
            "coupon use given back"
        );
    }
    assert!(r_message_contains(&app, "CANCELLED").await >= 2);
    assert_eq!(
        s.cart().await["items"].as_array().unwrap().len(),
        1,
        "cart kept for another try"
    );
    let r = place(&s, order_body("bo@example.com", VISA, None), None).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(stock(&app, v[0]).await, (3, 0));
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM payments WHERE status = 'CAPTURED'"
        )
        .await,
        1
    );
}

async fn r_message_contains(app: &TestApp, status: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT COUNT(*) FROM orders WHERE status = '{status}'"),
    )
    .await
}

async fn idempotency_key_gives_one_order_and_one_charge(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 5).await;
    let s = Shopper::new(&app);
    assert_eq!(s.add(v[0], json!(1)).await.status, 200);
    let body = order_body("cy@example.com", VISA, None);
    // A double click: the same key twice at once, then a retry later.
    let (a, b) = tokio::join!(
        place(&s, body.clone(), Some("click-1")),
        place(&s, body.clone(), Some("click-1"))
    );
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(b.status, 201, "{}", b.body);
    assert_eq!(a.body["number"], b.body["number"]);
    let again = place(&s, body.clone(), Some("click-1")).await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.body["number"], a.body["number"]);
    assert_eq!(scalar_i64(&app.db, "SELECT COUNT(*) FROM orders").await, 1);
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM payments").await,
        1
    );
    assert_eq!(stock(&app, v[0]).await, (4, 0));
    // Another shopper's identical key is theirs, not this order.
    let other = Shopper::new(&app);
    assert_eq!(other.add(v[0], json!(1)).await.status, 200);
    let r = place(&other, body, Some("click-1")).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_ne!(r.body["number"], a.body["number"]);
}

async fn bad_input_names_the_field(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 5).await;
    let s = Shopper::new(&app);
    // The wizard's view of an empty (or just checked out) cart is a 422, not a failure.
    let r = s.server_fn("checkout/get", &[]).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = place(&s, order_body("dee@example.com", VISA, None), None).await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("cart")),
        "{}",
        r.body
    );
    assert_eq!(s.add(v[0], json!(1)).await.status, 200);
    let cases: Vec<(Value, &str)> = vec![
        (json!({"email": "x"}), "email"),
        (json!({"shippingAddress": null}), "shippingAddress"),
        (
            json!({"shippingAddress": {"line1": "1 Main St", "city": "Austin", "postalCode": "1", "country": "US"}}),
            "shippingAddress",
        ),
        (json!({"shippingAddress": "nope"}), "shippingAddress"),
        (json!({"shippingMethod": "teleport"}), "shippingMethod"),
        (json!({"couponCode": "NOSUCHCODE"}), "couponCode"),
        (json!({"couponCode": "bad code!"}), "couponCode"),
        (
            json!({"payment": {"method": "test_card", "cardNumber": "4242 4242 4242 4241", "expMonth": "12", "expYear": "2030", "cvc": "123"}}),
            "cardNumber",
        ),
        (
            json!({"payment": {"method": "test_card", "cardNumber": VISA, "expMonth": "12", "expYear": "2020", "cvc": "123"}}),
            "expYear",
        ),
        (json!({"payment": {"method": "bitcoin"}}), "payment.method"),
    ];
    for (patch, field) in cases {
        let mut body = order_body("dee@example.com", VISA, None);
        for (k, val) in patch.as_object().unwrap() {
            body[k] = val.clone();
        }
        let r = place(&s, body, None).await;
        assert_eq!(r.status, 422, "{field}: {}", r.body);
        assert_eq!(r.body["error"]["field"], field, "{}", r.body);
        assert!(!r.message().is_empty());
    }
    let r = s
        .send(
            s.client
                .post(format!("{}/api/orders", s.base))
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(scalar_i64(&app.db, "SELECT COUNT(*) FROM orders").await, 0);
    assert_eq!(stock(&app, v[0]).await.1, 0, "nothing left reserved");

    let r = s
        .get("/api/checkout/shipping-methods?country=US&region=TX")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let codes: Vec<&str> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["standard", "express"]);
    let r = s.get("/api/checkout/shipping-methods?country=USA").await;
    assert_eq!(r.status, 422);
    let r = s.get("/api/checkout/shipping-methods?country=AQ").await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(0), "nowhere to ship");
}

/// `n` shoppers, each with one unit of `variant` in the cart, place their orders at once;
/// how many got each status.
async fn race(
    app: &TestApp,
    variant: i64,
    n: usize,
    tag: &str,
    coupon: Option<&'static str>,
) -> std::collections::BTreeMap<u16, usize> {
    let mut shoppers = Vec::new();
    for _ in 0..n {
        let s = Shopper::new(app);
        assert_eq!(s.add(variant, json!(1)).await.status, 200);
        shoppers.push(s);
    }
    let mut tasks = Vec::new();
    for (i, s) in shoppers.into_iter().enumerate() {
        let email = format!("{tag}{i}@example.com");
        tasks.push(tokio::spawn(async move {
            place(&s, order_body(&email, VISA, coupon), None)
                .await
                .status
        }));
    }
    let mut by_status = std::collections::BTreeMap::new();
    for t in tasks {
        *by_status.entry(t.await.unwrap()).or_insert(0) += 1;
    }
    by_status
}

/// 200 shoppers race for 10 units: exactly 10 orders, stock 0, never negative.
async fn no_oversell_under_200_parallel_checkouts(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let by_status = race(&app, v, 200, "racer", None).await;
    assert_eq!(by_status.get(&201), Some(&10), "{by_status:?}");
    assert_eq!(by_status.get(&409), Some(&190), "{by_status:?}");
    assert_eq!(stock(&app, v).await, (0, 0));
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM orders WHERE status = 'CONFIRMED'"
        )
        .await,
        10
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM inventory_reservations WHERE status = 'ACTIVE'"
        )
        .await,
        0
    );
}

/// A coupon limited to 5 uses under 50 parallel orders: exactly 5 redemptions.
async fn coupon_limit_holds_under_50_parallel_orders(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 500).await[0];
    exec(
        &app.db,
        "UPDATE coupons SET usage_limit = 5 WHERE code = 'FREESHIP'",
    )
    .await;
    let by_status = race(&app, v, 50, "coupon", Some("FREESHIP")).await;
    assert_eq!(
        by_status.keys().copied().collect::<Vec<_>>(),
        [201, 422],
        "only placed or refused for the code: {by_status:?}"
    );
    let ok = by_status[&201];
    assert_eq!(ok, 5);
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM promotion_redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = 'FREESHIP'").await,
        5
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT CAST(times_used AS BIGINT) FROM coupons WHERE code = 'FREESHIP'"
        )
        .await,
        5
    );
}

async fn changing_the_cart_gives_back_the_hold(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 5).await[0];
    let s = Shopper::new(&app);
    assert_eq!(s.add(v, json!(2)).await.status, 200);
    for (step, form) in [
        ("checkout/contact", vec![("email", "hal@example.com")]),
        (
            "checkout/address",
            vec![
                ("recipient_name", "Hal Ng"),
                ("line1", "1 Main St"),
                ("city", "Austin"),
                ("region", "TX"),
                ("postal_code", "78701"),
                ("country", "US"),
                ("billing_same", "on"),
            ],
        ),
        ("checkout/shipping", vec![("method", "standard")]),
    ] {
        let r = s.server_fn(step, &form).await;
        assert_eq!(r.status, 200, "{step}: {}", r.body);
    }
    // On the payment step the lines are held...
    assert_eq!(stock(&app, v).await, (5, 2));
    // ...and a changed cart gives them back (the payment step holds the new lines again).
    let item = s.cart().await["items"][0]["item_id"].as_i64().unwrap();
    let r = s
        .put_json(&format!("/api/cart/items/{item}"), json!({"quantity": 1}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(stock(&app, v).await, (5, 0));
    let (status, _) = s.page("/checkout?step=payment").await;
    assert_eq!(status, 200);
    assert_eq!(stock(&app, v).await, (5, 1));
}

/// Issue 19.1: a payment stored for one contact and address never carries over: changing either
/// step clears it, and the review step asks for payment again.
async fn changing_contact_or_address_clears_the_payment(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 5).await[0];
    let s = Shopper::new(&app);
    assert_eq!(s.add(v, json!(1)).await.status, 200);
    let address = vec![
        ("recipient_name", "Hal Ng"),
        ("line1", "1 Main St"),
        ("city", "Austin"),
        ("region", "TX"),
        ("postal_code", "78701"),
        ("country", "US"),
        ("billing_same", "on"),
    ];
    let payment = vec![
        ("card_number", crate::order_lifecycle::VISA),
        ("exp_month", "12"),
        ("exp_year", "2030"),
        ("cvc", "123"),
    ];
    let stored = || async {
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM checkouts WHERE payment_token IS NOT NULL OR card_last4 IS NOT NULL",
        )
        .await
    };
    for (change, form) in [
        ("checkout/contact", vec![("email", "other@example.com")]),
        ("checkout/address", {
            let mut a = address.clone();
            a[1] = ("line1", "9 Elm St");
            a
        }),
    ] {
        for (step, form) in [
            ("checkout/contact", vec![("email", "hal@example.com")]),
            ("checkout/address", address.clone()),
            ("checkout/shipping", vec![("method", "standard")]),
            ("checkout/payment", payment.clone()),
        ] {
            let r = s.server_fn(step, &form).await;
            assert_eq!(r.status, 200, "{step}: {}", r.body);
        }
        assert_eq!(stored().await, 1);
        let r = s.server_fn(change, &form).await;
        assert_eq!(r.status, 200, "{change}: {}", r.body);
        assert_eq!(stored().await, 0, "{change} kept the stored payment");
    }
}

async fn to_payment_step(s: &Shopper) -> crate::shopper::Reply {
    for (step, form) in [
        ("checkout/contact", vec![("email", "hoard@example.com")]),
        (
            "checkout/address",
            vec![
                ("recipient_name", "Hal Ng"),
                ("line1", "1 Main St"),
                ("city", "Austin"),
                ("region", "TX"),
                ("postal_code", "78701"),
                ("country", "US"),
                ("billing_same", "on"),
            ],
        ),
    ] {
        let r = s.server_fn(step, &form).await;
        assert_eq!(r.status, 200, "{step}: {}", r.body);
    }
    s.server_fn("checkout/shipping", &[("method", "standard")])
        .await
}

/// Issue 19.8: one checkout holds at most `HOLD_MAX_UNITS`, and returning to the payment step
/// extends its holds only until they are `HOLD_MAX_MINUTES` old: then they run out and another
/// shopper buys the stock.
async fn a_hoarder_cannot_starve_other_shoppers(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, |c| {
        c.shop.checkout.max_held_units = 12;
    })
    .await;
    let v = stocked_variants(&app.db, 2, 10).await;
    let hoarder = Shopper::new(&app);
    assert_eq!(hoarder.add(v[0], json!(10)).await.status, 200);
    assert_eq!(hoarder.add(v[1], json!(5)).await.status, 200);
    // 15 units: more than one checkout may hold; nothing is held.
    let r = to_payment_step(&hoarder).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.body.to_string().contains("at most 12 items"),
        "{}",
        r.body
    );
    assert_eq!(stock(&app, v[0]).await, (10, 0));
    // 10 units: held.
    let item = hoarder.cart().await["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["variant_id"] == json!(v[1]))
        .unwrap()["item_id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        hoarder
            .delete(&format!("/api/cart/items/{item}"))
            .await
            .status,
        200
    );
    assert_eq!(to_payment_step(&hoarder).await.status, 200);
    assert_eq!(stock(&app, v[0]).await, (10, 10));
    // The holds are old now: revisiting the payment step no longer extends them.
    exec(
        &app.db,
        "UPDATE inventory_reservations SET created_at = '2000-01-01T00:00:00Z', expires_at = '2000-01-01T00:10:00Z' WHERE status = 'ACTIVE'",
    )
    .await;
    let (status, _) = hoarder.page("/checkout?step=payment").await;
    assert_eq!(status, 200);
    let extended = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM inventory_reservations WHERE status = 'ACTIVE' AND expires_at > '2001-01-01'",
    )
    .await;
    assert_eq!(extended, 0, "an old hold was extended");
    // They run out, and another shopper gets the stock.
    services::holds::release_expired(&app.db).await.unwrap();
    let other = Shopper::new(&app);
    assert_eq!(other.add(v[0], json!(10)).await.status, 200);
    let r = other
        .post_json(
            "/api/orders",
            crate::order_lifecycle::order_body("other@example.com", None),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

/// Issue 19.8: all checkouts from one address hold at most `HOLD_MAX_UNITS_PER_IP` units (IPv6
/// counted by /64), so one client with many sessions cannot hold a product's whole stock;
/// shoppers elsewhere are not affected.
async fn holds_are_capped_per_client_address(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, |c| {
        c.shop.checkout.max_held_units = 10;
        c.shop.checkout.max_held_units_per_ip = 15;
        c.shop.trusted_proxies = services::client_ip::parse_cidrs("127.0.0.1/32").unwrap();
    })
    .await;
    let v = stocked_variants(&app.db, 1, 40).await[0];
    let session = |ip: &str| Shopper::forwarded_for(&app, ip);
    // One hoarder, three sessions behind one address.
    let (a, b, c) = (
        session("203.0.113.9"),
        session("203.0.113.9"),
        session("203.0.113.9"),
    );
    for (s, n) in [(&a, 10), (&b, 10), (&c, 5)] {
        assert_eq!(s.add(v, json!(n)).await.status, 200);
    }
    assert_eq!(to_payment_step(&a).await.status, 200);
    assert_eq!(stock(&app, v).await, (40, 10));
    // 10 more would make 20 from this address: refused, nothing more held.
    let r = to_payment_step(&b).await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert!(
        r.body.to_string().contains("from your network"),
        "{}",
        r.body
    );
    assert_eq!(stock(&app, v).await, (40, 10));
    // 5 more make 15: allowed.
    assert_eq!(to_payment_step(&c).await.status, 200);
    assert_eq!(stock(&app, v).await, (40, 15));
    // The API's one-call checkout counts the same holds.
    let r = b
        .post_json(
            "/api/orders",
            crate::order_lifecycle::order_body("b@example.com", None),
        )
        .await;
    assert_eq!(r.status, 429, "{}", r.body);
    // IPv6 clients count by /64: another address in the same /64 is the same client.
    let (v6a, v6b) = (session("2001:db8:1:2::10"), session("2001:db8:1:2::99"));
    assert_eq!(v6a.add(v, json!(10)).await.status, 200);
    assert_eq!(v6b.add(v, json!(10)).await.status, 200);
    assert_eq!(to_payment_step(&v6a).await.status, 200);
    assert_eq!(to_payment_step(&v6b).await.status, 429);
    // A shopper elsewhere still buys.
    let other = session("198.51.100.7");
    assert_eq!(other.add(v, json!(5)).await.status, 200);
    let r = other
        .post_json(
            "/api/orders",
            crate::order_lifecycle::order_body("other@example.com", None),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

async fn try_code(s: &Shopper, code: &str) -> crate::shopper::Reply {
    s.server_fn("checkout/coupon", &[("code", code)]).await
}

/// Issue 19.14: unknown codes get one answer that does not echo or grade the guess, and failed
/// codes are throttled per shopper (10 per 15 min) and per IP (30).
async fn coupon_guessing_is_throttled(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 50).await[0];
    let mut shoppers = Vec::new();
    for _ in 0..4 {
        let s = Shopper::new(&app);
        assert_eq!(s.add(v, json!(1)).await.status, 200);
        shoppers.push(s);
    }
    for (n, s) in shoppers.iter().take(3).enumerate() {
        for i in 0..10 {
            let r = try_code(s, "GUESS1234").await;
            assert_eq!(r.status, 422, "shopper {n}, try {i}: {}", r.body);
            let text = r.body.to_string();
            assert!(text.contains("That code isn't valid"), "{text}");
            assert!(!text.contains("GUESS1234"), "the guess is echoed: {text}");
        }
        if n == 0 {
            // The 11th try of one shopper waits, even with a real code.
            let r = try_code(s, "WELCOME10").await;
            assert_eq!(r.status, 429, "{}", r.body);
        }
    }
    // 30 failures from this IP: a fresh shopper from it waits too.
    let r = try_code(&shoppers[3], "GUESS1234").await;
    assert_eq!(r.status, 429, "{}", r.body);
}

both_backends_own_app!(
    a_hoarder_cannot_starve_other_shoppers,
    holds_are_capped_per_client_address
);

both_backends!(
    coupon_guessing_is_throttled,
    changing_contact_or_address_clears_the_payment,
    changing_the_cart_gives_back_the_hold,
    guest_checkout_with_coupon_and_test_card,
    declined_card_puts_everything_back_then_success,
    idempotency_key_gives_one_order_and_one_charge,
    bad_input_names_the_field,
    no_oversell_under_200_parallel_checkouts,
    coupon_limit_holds_under_50_parallel_orders,
);
