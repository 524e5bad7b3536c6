//! After checkout (both engines): every move of the order state machine through the admin
//! server functions and the staff API, illegal moves refused with the reason and nothing
//! changed, the cancellation saga (idempotent under retry, also through a payment outage),
//! partial refunds that sum exactly, returns, and the shopper's own order API.

use serde_json::{Value, json};

use crate::helpers::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use crate::shopper::{Reply, Shopper, exec, scalar_i64, stocked_variants};

pub const VISA: &str = "4242 4242 4242 4242";

pub fn order_body(email: &str, coupon: Option<&str>) -> Value {
    json!({
        "email": email,
        "shippingAddress": {
            "recipientName": "Ann Lee", "line1": "1 Main St", "city": "Austin",
            "region": "TX", "postalCode": "78701", "country": "US"
        },
        "shippingMethod": "standard",
        "couponCode": coupon,
        "payment": {"method": "test_card", "cardNumber": VISA, "expMonth": "12", "expYear": "2030", "cvc": "123"}
    })
}

/// A shopper who bought `lines` (variant, quantity); returns them and the order.
pub async fn buy(app: &TestApp, lines: &[(i64, u32)], coupon: Option<&str>) -> (Shopper, Value) {
    let s = Shopper::new(app);
    for (v, q) in lines {
        let r = s.add(*v, json!(q)).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let r = s
        .post_json("/api/orders", order_body("ann@example.com", coupon))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "CONFIRMED");
    (s, r.body)
}

pub async fn staff(app: &TestApp) -> Shopper {
    let s = Shopper::new(app);
    let r = s.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(r.status, 200, "{}", r.body);
    s
}

fn number(order: &Value) -> String {
    order["number"].as_str().unwrap().to_string()
}

/// The guest link's secret from a placed order's `url`.
pub fn key(order: &Value) -> String {
    order["url"]
        .as_str()
        .unwrap()
        .split_once("key=")
        .map(|(_, k)| k.to_string())
        .unwrap_or_default()
}

async fn status(app: &TestApp, number: &str) -> (String, String, String) {
    app.db
        .one(
            "SELECT status, payment_status, fulfillment_status FROM orders WHERE number = $1",
            services::args![number],
        )
        .await
        .unwrap()
}

async fn on_hand(app: &TestApp, v: i64) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT CAST(on_hand AS BIGINT) FROM inventory WHERE variant_id = {v}"),
    )
    .await
}

async fn history_rows(app: &TestApp, number: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM order_state_history h JOIN orders o ON o.id = h.order_id WHERE o.number = '{number}'"
        ),
    )
    .await
}

async fn action(s: &Shopper, number: &str, action: &str) -> Reply {
    s.server_fn(
        "admin/orders/action",
        &[("number", number), ("action", action)],
    )
    .await
}

async fn fulfil(s: &Shopper, number: &str, lines: &[(i64, u32)], tracking: &str) -> Reply {
    let mut form: Vec<(String, String)> = vec![
        ("number".into(), number.into()),
        ("carrier".into(), "UPS".into()),
        ("tracking_number".into(), tracking.into()),
    ];
    for (i, (id, q)) in lines.iter().enumerate() {
        form.push((format!("item[{i}]"), id.to_string()));
        form.push((format!("qty[{i}]"), q.to_string()));
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    s.server_fn("admin/orders/fulfil", &form).await
}

async fn items(s: &Shopper, number: &str) -> Vec<Value> {
    items_with_key(s, number, "").await
}

async fn items_with_key(s: &Shopper, number: &str, key: &str) -> Vec<Value> {
    let r = s.get(&format!("/api/orders/{number}?key={key}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

/// Simulates a crash between authorisation and capture: the order is PENDING with an
/// authorised payment, as the sweep or staff find it.
async fn make_pending(app: &TestApp, number: &str) {
    exec(
        &app.db,
        &format!("UPDATE orders SET status = 'PENDING', payment_status = 'AUTHORIZED' WHERE number = '{number}'"),
    )
    .await;
    exec(
        &app.db,
        &format!(
            "UPDATE payments SET status = 'AUTHORIZED', captured_amount = 0
              WHERE order_id = (SELECT id FROM orders WHERE number = '{number}')"
        ),
    )
    .await;
}

async fn every_transition_through_the_admin_functions(app: TestApp) {
    let v = stocked_variants(&app.db, 2, 10).await;
    let admin = staff(&app).await;

    // A: PENDING → CONFIRMED → PROCESSING → SHIPPED (in two parcels) → DELIVERED → REFUNDED.
    let (shopper, a) = buy(&app, &[(v[0], 2), (v[1], 1)], None).await;
    let a_key = key(&a);
    let a = number(&a);
    make_pending(&app, &a).await;
    let r = action(&admin, &a, "confirm").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(status(&app, &a).await.0, "CONFIRMED");
    assert_eq!(status(&app, &a).await.1, "CAPTURED");
    let r = action(&admin, &a, "start_processing").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let lines = items(&admin, &a).await;
    let first = lines[0]["id"].as_i64().unwrap();
    let second = lines[1]["id"].as_i64().unwrap();
    let r = fulfil(&admin, &a, &[(first, 1)], "1Z999AA10123456784").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        status(&app, &a).await,
        (
            "PROCESSING".into(),
            "CAPTURED".into(),
            "PARTIALLY_FULFILLED".into()
        )
    );
    let r = fulfil(&admin, &a, &[(first, 1), (second, 1)], "1Z999AA10123456785").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(status(&app, &a).await.0, "SHIPPED");
    assert_eq!(status(&app, &a).await.2, "FULFILLED");
    // The shopper sees the parcels with their tracking links.
    let mine = shopper.get(&format!("/api/orders/{a}?key={a_key}")).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    assert_eq!(mine.body["status"], "SHIPPED");
    assert_eq!(mine.body["shipments"].as_array().unwrap().len(), 2);
    assert_eq!(
        mine.body["shipments"][1]["tracking_url"],
        "https://www.ups.com/track?tracknum=1Z999AA10123456785"
    );
    let r = action(&admin, &a, "deliver").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/orders/refund",
            &[("number", a.as_str()), ("reason", "Damaged")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        status(&app, &a).await,
        ("REFUNDED".into(), "REFUNDED".into(), "FULFILLED".into())
    );
    let timeline: Vec<String> = mine_timeline(&shopper, &format!("{a}?key={a_key}")).await;
    for s in [
        "CONFIRMED",
        "PROCESSING",
        "SHIPPED",
        "DELIVERED",
        "REFUNDED",
    ] {
        assert!(timeline.contains(&s.to_string()), "{s} in {timeline:?}");
    }

    // B: CONFIRMED → CANCELLED → REFUNDED (the cancellation refunds the capture).
    let (_, b) = buy(&app, &[(v[0], 1)], None).await;
    let b = number(&b);
    let r = admin
        .server_fn(
            "admin/orders/cancel",
            &[("number", b.as_str()), ("reason", "Out of stock")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        status(&app, &b).await,
        ("REFUNDED".into(), "REFUNDED".into(), "UNFULFILLED".into())
    );

    // C: PENDING → CANCELLED (authorisation voided, nothing to refund).
    let (_, c) = buy(&app, &[(v[1], 1)], None).await;
    let c = number(&c);
    make_pending(&app, &c).await;
    let r = admin
        .server_fn("admin/orders/cancel", &[("number", c.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        status(&app, &c).await,
        ("CANCELLED".into(), "VOIDED".into(), "UNFULFILLED".into())
    );

    // D: PROCESSING → CANCELLED, through the staff API.
    let (_, d) = buy(&app, &[(v[1], 1)], None).await;
    let d = number(&d);
    let r = admin
        .put_json(
            &format!("/api/orders/{d}/status"),
            json!({"status": "PROCESSING"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "PROCESSING");
    let r = admin
        .put_json(
            &format!("/api/orders/{d}/status"),
            json!({"status": "CANCELLED", "reason": "Customer called"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "REFUNDED");
    // Placed, confirmed, processing, cancelled, refunded.
    assert_eq!(r.body["timeline"].as_array().unwrap().len(), 5);

    // Every move is in the audit log with who did it.
    let audited = scalar_i64(
        &app.db,
        &format!("SELECT COUNT(*) FROM audit_events WHERE actor = 'staff:{ADMIN_EMAIL}'"),
    )
    .await;
    assert!(audited >= 10, "{audited} audit rows");
}

async fn mine_timeline(s: &Shopper, number: &str) -> Vec<String> {
    let r = s.get(&format!("/api/orders/{number}")).await;
    r.body["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["to_status"].as_str().unwrap().to_string())
        .collect()
}

async fn illegal_moves_are_refused_and_change_nothing(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let admin = staff(&app).await;
    let (_, o) = buy(&app, &[(v, 2)], None).await;
    let n = number(&o);
    let total = o["totals"]["total"]["amount"].as_i64().unwrap();
    let before = history_rows(&app, &n).await;

    let refused = |r: &Reply, code: u16, text: &str| {
        assert_eq!(r.status, code, "{}", r.body);
        assert!(
            r.message().contains(text),
            "{} should say {text:?}",
            r.message()
        );
    };
    // Deliver or ship a CONFIRMED order; confirm it again.
    refused(
        &action(&admin, &n, "deliver").await,
        409,
        "Cannot deliver an order that is CONFIRMED.",
    );
    refused(
        &fulfil(&admin, &n, &[], "1Z999").await,
        409,
        "Cannot ship an order that is CONFIRMED.",
    );
    refused(
        &action(&admin, &n, "confirm").await,
        409,
        "Cannot confirm an order that is CONFIRMED.",
    );
    refused(&action(&admin, &n, "teleport").await, 422, "Unknown action");
    // Refund more than was captured.
    let r = admin
        .post_json(
            &format!("/api/orders/{n}/refunds"),
            json!({"amount": total + 1}),
        )
        .await;
    refused(&r, 422, "You can refund at most");
    let r = admin
        .post_json(&format!("/api/orders/{n}/refunds"), json!({"amount": -5}))
        .await;
    refused(&r, 422, "greater than zero");
    let lines = items(&admin, &n).await;
    let id = lines[0]["id"].as_i64().unwrap();
    let r = admin
        .post_json(
            &format!("/api/orders/{n}/refunds"),
            json!({"lines": [{"orderItemId": id, "quantity": 3}]}),
        )
        .await;
    refused(&r, 422, "Only 2 of item");
    // A field of the wrong shape is named, wherever it is.
    for (body, field) in [
        (
            json!({"lines": [{"orderItemId": id, "quantity": "two"}]}),
            "lines[0].quantity",
        ),
        (json!({"amount": "lots"}), "amount"),
        (json!({"lines": {"orderItemId": id}}), "lines"),
    ] {
        let r = admin
            .post_json(&format!("/api/orders/{n}/refunds"), body)
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.body["error"]["field"], field, "{}", r.body);
    }
    let r = admin
        .put_json(&format!("/api/orders/{n}/status"), json!({"status": 7}))
        .await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("status"))
    );
    let r = admin
        .put_json(
            &format!("/api/orders/{n}/status"),
            json!({"status": "LOST"}),
        )
        .await;
    refused(&r, 422, "Unknown status");
    let r = admin
        .put_json(
            &format!("/api/orders/{n}/status"),
            json!({"status": "PENDING"}),
        )
        .await;
    refused(&r, 409, "cannot be moved back");
    assert_eq!(history_rows(&app, &n).await, before);
    assert_eq!(status(&app, &n).await.0, "CONFIRMED");

    // Ship it; then it cannot be cancelled, and bad shipments are refused.
    assert_eq!(action(&admin, &n, "start_processing").await.status, 200);
    refused(
        &fulfil(&admin, &n, &[(id, 3)], "1Z999AA1").await,
        422,
        "Only 2 of item",
    );
    refused(&fulfil(&admin, &n, &[], "x").await, 422, "tracking number");
    assert_eq!(fulfil(&admin, &n, &[], "1Z999AA1").await.status, 200);
    let r = admin
        .server_fn("admin/orders/cancel", &[("number", n.as_str())])
        .await;
    refused(&r, 409, "already shipped");
    assert_eq!(status(&app, &n).await.0, "SHIPPED");
    assert_eq!(on_hand(&app, v).await, 8);

    // A cancelled (and refunded) order cannot ship or be refunded again.
    let (_, c) = buy(&app, &[(v, 1)], None).await;
    let c = number(&c);
    assert_eq!(
        admin
            .server_fn("admin/orders/cancel", &[("number", c.as_str())])
            .await
            .status,
        200
    );
    refused(
        &action(&admin, &c, "start_processing").await,
        409,
        "Cannot start processing an order that is REFUNDED.",
    );
    let r = admin
        .post_json(&format!("/api/orders/{c}/refunds"), json!({}))
        .await;
    refused(&r, 409, "Nothing has been captured");
    let r = admin.get("/api/orders/LC-999999").await;
    refused(&r, 404, "couldn't find");
}

async fn cancellation_is_one_idempotent_saga(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let code = "WELCOME10".to_string();
    let coupon = Some(code.as_str());
    let uses = || async {
        scalar_i64(
            &app.db,
            &format!(
                "SELECT CAST(COALESCE(SUM(times_used), 0) AS BIGINT) FROM coupons WHERE code = '{code}'"
            ),
        )
        .await
    };
    let uses_before = uses().await;
    let (s, o) = buy(&app, &[(v, 3)], coupon).await;
    let n = number(&o);
    let k = key(&o);
    let total = o["totals"]["total"]["amount"].as_i64().unwrap();
    assert_eq!(on_hand(&app, v).await, 7);
    assert_eq!(uses().await, uses_before + 1);

    // The shopper cancels; the answer says what comes back.
    let r = s
        .post_json(
            &format!("/api/orders/{n}/cancel"),
            json!({"reason": "Ordered twice", "key": k}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "REFUNDED");
    assert_eq!(r.body["refunded"]["amount"], total);
    assert_eq!(on_hand(&app, v).await, 10);
    assert_eq!(uses().await, uses_before);
    let rows = history_rows(&app, &n).await;

    // Retried (a double click, a lost answer): same answer, nothing given back twice.
    for _ in 0..2 {
        let again = s
            .post_json(&format!("/api/orders/{n}/cancel"), json!({"key": k}))
            .await;
        assert_eq!(again.status, 200, "{}", again.body);
        assert_eq!(again.body["refunded"]["amount"], total);
    }
    assert_eq!(on_hand(&app, v).await, 10);
    assert_eq!(uses().await, uses_before);
    assert_eq!(history_rows(&app, &n).await, rows);
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = r.order_id WHERE o.number = '{n}'"),
        )
        .await,
        1
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT COUNT(*) FROM outbox WHERE topic = 'order.cancelled' AND CAST(payload AS TEXT) LIKE '%{n}%'"),
        )
        .await,
        1
    );
    // The timeline names the customer and the reason.
    let (actor, reason): (String, Option<String>) = app
        .db
        .one(
            "SELECT h.actor, h.reason FROM order_state_history h JOIN orders o ON o.id = h.order_id
              WHERE o.number = $1 AND h.to_status = 'CANCELLED'",
            services::args![n.as_str()],
        )
        .await
        .unwrap();
    assert_eq!(
        (actor.as_str(), reason.as_deref()),
        ("customer", Some("Ordered twice"))
    );
    // Someone else cannot cancel it (404, not told it exists).
    let other = Shopper::new(&app);
    let r = other
        .post_json(&format!("/api/orders/{n}/cancel"), json!({}))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
}

async fn partial_refunds_sum_to_what_was_paid(app: TestApp) {
    let v = stocked_variants(&app.db, 2, 10).await;
    let admin = staff(&app).await;
    let (_, o) = buy(&app, &[(v[0], 3), (v[1], 1)], None).await;
    let n = number(&o);
    let total = o["totals"]["total"]["amount"].as_i64().unwrap();
    let lines = items(&admin, &n).await;
    let (a, a_total) = (
        lines[0]["id"].as_i64().unwrap(),
        lines[0]["total"]["amount"].as_i64().unwrap(),
    );
    let b = lines[1]["id"].as_i64().unwrap();
    let refund = |body: Value, key: &'static str| {
        let admin = &admin;
        let n = n.clone();
        async move {
            admin
                .send(
                    admin
                        .client
                        .post(format!("{}/api/orders/{n}/refunds", admin.base))
                        .header("Idempotency-Key", key)
                        .json(&body),
                )
                .await
        }
    };
    // One unit of line A, then the two others: exactly line A's total.
    let r = refund(json!({"lines": [{"orderItemId": a, "quantity": 1}]}), "r1").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let one = r.body["refunded"]["amount"].as_i64().unwrap();
    // The same request again (same key) refunds nothing more.
    let r = refund(json!({"lines": [{"orderItemId": a, "quantity": 1}]}), "r1").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["refunded"]["amount"], one);
    let r = refund(json!({"lines": [{"orderItemId": a, "quantity": 2}]}), "r2").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["refunded"]["amount"], a_total);
    assert_eq!(r.body["payment_status"], "PARTIALLY_REFUNDED");
    let r = refund(json!({"lines": [{"orderItemId": a, "quantity": 1}]}), "r3").await;
    assert_eq!(r.status, 422, "{}", r.body);
    // Then 1.00 by amount, then more than is left, then everything left.
    let r = refund(json!({"amount": 100, "reason": "Goodwill"}), "r4").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let left = total - a_total - 100;
    let r = refund(json!({"amount": left + 1}), "r5").await;
    assert_eq!(r.status, 422, "{}", r.body);
    let shown = storefront::Money::new(left, storefront::Currency::Usd);
    assert!(
        r.message().contains(&format!("at most {shown}")),
        "{}",
        r.message()
    );
    let r = refund(
        json!({"lines": [{"orderItemId": b, "quantity": 1}], "amount": 5}),
        "r6",
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = refund(json!({}), "r7").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["refunded"]["amount"], total);
    assert_eq!(r.body["payment_status"], "REFUNDED");
    // A confirmed (not delivered) order keeps its status; the money is all back.
    assert_eq!(r.body["status"], "CONFIRMED");
    let sum = scalar_i64(
        &app.db,
        &format!(
            "SELECT CAST(SUM(r.amount) AS BIGINT) FROM refunds r JOIN orders o ON o.id = r.order_id
              WHERE o.number = '{n}' AND r.status = 'SUCCEEDED'"
        ),
    )
    .await;
    assert_eq!(sum, total);
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT refunded_amount FROM orders WHERE number = '{n}'")
        )
        .await,
        total
    );
}

async fn returns_are_requested_received_and_refunded(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let admin = staff(&app).await;
    let (s, o) = buy(&app, &[(v, 2)], None).await;
    let n = number(&o);
    let k = key(&o);
    let id = items_with_key(&s, &n, &k).await[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let ask = |qty: &'static str| {
        let (s, n, id, k) = (&s, n.clone(), id.clone(), k.clone());
        async move {
            s.server_fn(
                "orders/return",
                &[
                    ("number", n.as_str()),
                    ("key", k.as_str()),
                    ("item[0]", id.as_str()),
                    ("qty[0]", qty),
                    ("reason", "Too small"),
                ],
            )
            .await
        }
    };
    // Not delivered yet.
    let r = ask("1").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(action(&admin, &n, "start_processing").await.status, 200);
    assert_eq!(fulfil(&admin, &n, &[], "1Z1234").await.status, 200);
    assert_eq!(action(&admin, &n, "deliver").await.status, 200);
    assert_eq!(on_hand(&app, v).await, 8);
    assert_eq!(ask("3").await.status, 422);
    let r = ask("1").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let rid = scalar_i64(&app.db, "SELECT MAX(id) FROM returns")
        .await
        .to_string();
    let step = |what: &'static str| {
        let (admin, n, rid) = (&admin, n.clone(), rid.clone());
        async move {
            admin
                .server_fn(
                    "admin/orders/return",
                    &[
                        ("number", n.as_str()),
                        ("return_id", rid.as_str()),
                        ("action", what),
                    ],
                )
                .await
        }
    };
    assert_eq!(step("refund").await.status, 409);
    assert_eq!(step("approve").await.status, 200);
    assert_eq!(step("receive").await.status, 200);
    assert_eq!(on_hand(&app, v).await, 9);
    let r = step("refund").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status_now,): (String,) = app
        .db
        .one(
            "SELECT status FROM returns WHERE id = $1",
            services::args![rid.parse::<i64>().unwrap()],
        )
        .await
        .unwrap();
    assert_eq!(status_now, "REFUNDED");
    assert_eq!(status(&app, &n).await.1, "PARTIALLY_REFUNDED");
    assert_eq!(status(&app, &n).await.2, "PARTIALLY_RETURNED");
    // One unit is left to return.
    assert_eq!(ask("2").await.status, 422);
}

async fn shoppers_see_their_orders_and_staff_notes_stay_internal(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let s = Shopper::new(&app);
    s.register("owner@example.com").await;
    assert_eq!(s.add(v, json!(1)).await.status, 200);
    let r = s
        .post_json("/api/orders", order_body("owner@example.com", None))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let n = number(&r.body);
    let list = s.get("/api/orders").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.body[0]["number"], n.as_str());
    assert_eq!(Shopper::new(&app).get("/api/orders").await.status, 401);
    let admin = staff(&app).await;
    let r = admin
        .server_fn(
            "admin/orders/note",
            &[("number", n.as_str()), ("body", "Gift wrap, please")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/orders/note",
            &[("number", n.as_str()), ("body", " ")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let (code, html) = s.page(&format!("/orders/{n}")).await;
    assert_eq!(code, 200);
    assert!(!html.contains("Gift wrap"));
    let (code, html) = admin.page(&format!("/admin/orders/{n}")).await;
    assert_eq!(code, 200);
    assert!(html.contains("Gift wrap, please"));
    // The admin list finds it by number and by email, and pages by keyset.
    let r = admin
        .get(&format!("/_fn/admin/orders/list?filter[q]={n}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["rows"].as_array().unwrap().len(), 1);
    let r = admin
        .get("/_fn/admin/orders/list?filter[q]=owner%40example")
        .await;
    assert_eq!(r.body["rows"][0]["number"], n.as_str());
    let r = admin
        .get("/_fn/admin/orders/list?filter[from]=2026-13-01")
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    // A shopper opening the back office gets 403.
    let (code, html) = s.page("/admin/orders").await;
    assert_eq!(code, 403);
    assert!(html.contains("Staff only"));
}

both_backends!(
    every_transition_through_the_admin_functions,
    illegal_moves_are_refused_and_change_nothing,
    cancellation_is_one_idempotent_saga,
    partial_refunds_sum_to_what_was_paid,
    returns_are_requested_received_and_refunded,
    shoppers_see_their_orders_and_staff_notes_stay_internal,
);
