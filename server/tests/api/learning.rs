//! Learning products (issue 21), both engines: the cart rules with their stable codes, seat
//! tiers, fulfilment on payment (enrolments, licence, cohort place, download link) with an
//! all-digital order delivered at once, revocation on refund and cancellation, a replayed
//! confirmation granting nothing twice, and 50 buyers racing for a cohort's last 5 places.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::learning_fixtures::{code, digital_order, learner, variant};
use crate::order_lifecycle::staff;
use crate::shopper::{PASSWORD, Shopper, exec, scalar_i64};

async fn product(app: &TestApp, slug: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT id FROM products WHERE slug = '{slug}'"),
    )
    .await
}

async fn enrolled(app: &TestApp, email: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id
              WHERE u.email = '{email}' AND e.status = 'ACTIVE'"
        ),
    )
    .await
}

/// Courses once, seats 2–1000 at the tier's price, prerequisites owned or in the cart, one
/// cohort per certification; each refusal with its code and nothing changed.
async fn learning_cart_rules_have_stable_codes(app: TestApp) {
    let s = learner(&app, "rules@example.com").await;
    let rust = variant(&app, "CRS-RUST-WEB").await;
    let r = s.add(rust, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.add(rust, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "DUPLICATE_COURSE_IN_CART"),
        "{}",
        r.body
    );
    let ts = variant(&app, "CRS-TS-FUND").await;
    let r = s.add(ts, json!(2)).await;
    assert_eq!((r.status, code(&r)), (422, ""), "{}", r.body);
    assert_eq!(r.body["error"]["field"], "quantity");
    // The path bundle holds the Rust course that is already in the cart.
    let path = variant(&app, "PATH-RUST").await;
    let r = s.add(path, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "DUPLICATE_COURSE_IN_CART"),
        "{}",
        r.body
    );

    // Seats: 2–1000, beyond the per-line limit of 10, priced by tier.
    let licence = variant(&app, "LIC-RUST-WEB").await;
    let r = s.add(licence, json!(1)).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = s.add(licence, json!(1001)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = s.add(licence, json!(60)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let line = |cart: &Value, v: i64| -> Value {
        cart["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["variant_id"] == v)
            .cloned()
            .unwrap()
    };
    let cart = s.cart().await;
    let seats = line(&cart, licence);
    assert_eq!(seats["quantity"], 60);
    assert_eq!(seats["unit_price"]["amount"], 7_700, "{seats}");
    assert_eq!(seats["line_total"]["amount"], 60 * 7_700, "{seats}");
    let item = seats["item_id"].as_i64().unwrap();
    let r = s
        .put_json(&format!("/api/cart/items/{item}"), json!({"quantity": 5}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let seats = line(&s.cart().await, licence);
    assert_eq!(seats["unit_price"]["amount"], 10_900, "{seats}");
    assert!(
        seats["previous_unit_price"].is_null(),
        "a tier change is not a price change: {seats}"
    );

    // A certification needs both its courses: one is in the cart, the other not yet.
    let exam = variant(&app, "CERT-RUST-2027-03").await;
    let r = s.add(exam, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "PREREQUISITE_MISSING"),
        "{}",
        r.body
    );
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Async Rust in Practice")
    );
    let r = s.add(variant(&app, "CRS-RUST-ASYNC").await, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.add(exam, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .add(variant(&app, "CERT-RUST-2027-06").await, json!(1))
        .await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "DUPLICATE_COURSE_IN_CART"),
        "{}",
        r.body
    );

    // Removing the prerequisite afterwards is caught when the order is placed.
    let cart = s.cart().await;
    let async_item = line(&cart, variant(&app, "CRS-RUST-ASYNC").await)["item_id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        s.delete(&format!("/api/cart/items/{async_item}"))
            .await
            .status,
        200
    );
    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "PREREQUISITE_MISSING"),
        "{}",
        r.body
    );
    assert_eq!(scalar_i64(&app.db, "SELECT COUNT(*) FROM orders").await, 0);

    // The API names the kind and shows the tiers, the bundle's saving and the cohorts.
    let r = s
        .get(&format!(
            "/api/products/{}",
            product(&app, "rust-for-web-developers-team-licence").await
        ))
        .await;
    assert_eq!(r.body["kind"], "TEAM_LICENCE", "{}", r.body);
    assert_eq!(
        r.body["learning"]["seat_tiers"][2]["from_seats"], 50,
        "{}",
        r.body
    );
    let r = s
        .get(&format!(
            "/api/products/{}",
            product(&app, "rust-developer-path").await
        ))
        .await;
    assert_eq!(r.body["kind"], "COURSE_BUNDLE");
    assert_eq!(r.body["learning"]["savings"]["amount"], 7_175, "{}", r.body);
    let r = s
        .get(&format!(
            "/api/products/{}",
            product(&app, "certified-rust-web-developer").await
        ))
        .await;
    assert_eq!(
        r.body["learning"]["cohorts"].as_array().map(Vec::len),
        Some(2),
        "{}",
        r.body
    );
    assert_eq!(
        r.body["learning"]["prerequisites"].as_array().map(Vec::len),
        Some(2)
    );

    // A guest may fill a cart but must sign in to buy access.
    let guest = Shopper::new(&app);
    assert_eq!(guest.add(ts, json!(1)).await.status, 200);
    let mut body = digital_order();
    body["email"] = json!("guest@example.com");
    let r = guest.post_json("/api/orders", body).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "SIGN_IN_REQUIRED"),
        "{}",
        r.body
    );
}

/// Paying grants every course of a bundle (shares add up to the line), a licence with its
/// seats, a cohort place and a download link; the all-digital order is DELIVERED with no
/// shipping; a replayed confirmation grants nothing twice; owning a course then refuses it
/// and the bundle; a full refund revokes everything and frees the cohort place.
async fn paying_grants_access_and_refunding_takes_it_back(app: TestApp) {
    let email = "buyer@example.com";
    let s = learner(&app, email).await;
    for (sku, q) in [
        ("PATH-RUST", 1),
        ("LIC-RUST-WEB", 5),
        ("CERT-RUST-2027-06", 1),
    ] {
        let r = s.add(variant(&app, sku).await, json!(q)).await;
        assert_eq!(r.status, 200, "{sku}: {}", r.body);
    }
    let ebook = scalar_i64(
        &app.db,
        "SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
          WHERE p.kind = 'DIGITAL' AND v.is_active AND p.is_active ORDER BY v.id LIMIT 1",
    )
    .await;
    assert_eq!(s.add(ebook, json!(1)).await.status, 200);
    let cohort = variant(&app, "CERT-RUST-2027-06").await;
    let places = || async {
        scalar_i64(
            &app.db,
            &format!("SELECT CAST(on_hand AS BIGINT) FROM inventory WHERE variant_id = {cohort}"),
        )
        .await
    };
    let before = places().await;

    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let number = r.body["number"].as_str().unwrap().to_string();
    let order_id = scalar_i64(
        &app.db,
        &format!("SELECT id FROM orders WHERE number = '{number}'"),
    )
    .await;
    let status: (String, Option<String>) = app
        .db
        .one(
            "SELECT status, shipping_method_name FROM orders WHERE id = $1",
            services::args![order_id],
        )
        .await
        .unwrap();
    assert_eq!(
        status.0, "DELIVERED",
        "an all-digital order is delivered once granted"
    );
    assert_eq!(status.1, None, "no shipping");
    assert_eq!(enrolled(&app, email).await, 3, "the bundle's three courses");
    let bundle_line = scalar_i64(&app.db, &format!("SELECT total_amount FROM order_items WHERE order_id = {order_id} AND product_kind = 'COURSE_BUNDLE'")).await;
    let shares = scalar_i64(
        &app.db,
        &format!(
            "SELECT CAST(SUM(share_amount) AS BIGINT) FROM enrolments WHERE order_id = {order_id}"
        ),
    )
    .await;
    assert_eq!(
        shares, bundle_line,
        "the courses' shares add up to the bundle line"
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT CAST(seats AS BIGINT) FROM licences WHERE order_id = {order_id}")
        )
        .await,
        5
    );
    assert_eq!(scalar_i64(&app.db, &format!("SELECT COUNT(*) FROM certification_registrations WHERE order_id = {order_id} AND status = 'SCHEDULED'")).await, 1);
    assert_eq!(places().await, before - 1, "the cohort place is sold");
    let token: (String,) = app
        .db
        .one(
            "SELECT token FROM download_links WHERE order_id = $1",
            services::args![order_id],
        )
        .await
        .unwrap();
    let d = s
        .client
        .get(format!("{}/downloads/{}", s.base, token.0))
        .send()
        .await
        .unwrap();
    assert_eq!(d.status(), 200);
    assert!(
        d.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    // The link works DOWNLOADS_PER_LINK (5) times, then says why not; an expired one too.
    let download = |t: String| {
        let (client, base) = (s.client.clone(), s.base.clone());
        async move {
            client
                .get(format!("{base}/downloads/{t}"))
                .send()
                .await
                .unwrap()
        }
    };
    for _ in 1..5 {
        assert_eq!(download(token.0.clone()).await.status(), 200);
    }
    let d = download(token.0.clone()).await;
    assert_eq!(d.status(), 403);
    assert!(d.text().await.unwrap().contains("used as many times"));
    exec(
        &app.db,
        "UPDATE download_links SET download_count = 0, expires_at = '2020-01-01T00:00:00.000Z'",
    )
    .await;
    let d = download(token.0.clone()).await;
    assert_eq!(d.status(), 403);
    assert!(d.text().await.unwrap().contains("expired"));
    assert_eq!(download("f".repeat(64)).await.status(), 404);
    exec(
        &app.db,
        "UPDATE download_links SET expires_at = '2999-01-01T00:00:00.000Z'",
    )
    .await;
    let mail: (String,) = app
        .db
        .one(
            "SELECT CAST(payload AS TEXT) FROM outbox WHERE dedupe_key = $1",
            services::args![format!("order-confirmation:{order_id}")],
        )
        .await
        .unwrap();
    let mail: Value = serde_json::from_str(&mail.0).unwrap();
    assert_eq!(mail["granted"].as_array().map(Vec::len), Some(4), "{mail}");
    let cx = services::mail::render::MailContext {
        store: "Lark",
        base_url: "https://shop.example",
        links: services::mail::LinkMode::Real,
    };
    let rendered = services::mail::render(&app.db, cx, &mail).await.unwrap();
    for line in [
        "Nothing needs shipping",
        "Rust Developer Path: 3 courses",
        "5 seats",
        "exam on 2027-06-14",
        "https://shop.example/account/learning",
    ] {
        assert!(rendered.text.contains(line), "{line} in {}", rendered.text);
    }

    // A replayed confirmation (a webhook arriving late) grants nothing twice.
    exec(
        &app.db,
        &format!("UPDATE orders SET status = 'PENDING' WHERE id = {order_id}"),
    )
    .await;
    services::checkout::confirm_paid(&app.db, order_id, None)
        .await
        .unwrap();
    assert_eq!(enrolled(&app, email).await, 3);
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM licences").await,
        1
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM certification_registrations").await,
        1
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM download_links").await,
        1
    );

    // Owned now: the course and any bundle holding it are refused, with a link to it.
    let r = s.add(variant(&app, "CRS-RUST-WEB").await, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "ALREADY_ENROLLED"),
        "{}",
        r.body
    );
    assert_eq!(r.body["error"]["link"], "/learn/rust-for-web-developers");
    // A bundle holding an owned course is refused, naming it (no partial credit).
    let r = s.add(variant(&app, "PATH-RUST").await, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "BUNDLE_COURSE_OWNED"),
        "{}",
        r.body
    );
    assert!(
        r.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Rust for Web Developers")
    );
    let r = s.get("/api/me/enrolments").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["courses"].as_array().map(Vec::len),
        Some(3),
        "{}",
        r.body
    );

    // A full refund takes it all back and frees the cohort place.
    let admin = staff(&app).await;
    let r = admin
        .post_json(&format!("/api/orders/{number}/refunds"), json!({}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(enrolled(&app, email).await, 0);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM licences WHERE status = 'ACTIVE'"
        )
        .await,
        0
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM certification_registrations WHERE status = 'REVOKED'"
        )
        .await,
        1
    );
    assert_eq!(places().await, before, "the place is free again");
    let d = s
        .client
        .get(format!("{}/downloads/{}", s.base, token.0))
        .send()
        .await
        .unwrap();
    assert_eq!(d.status(), 403);
    let r = s.get("/api/me/enrolments").await;
    assert_eq!(
        r.body["courses"].as_array().map(Vec::len),
        Some(0),
        "{}",
        r.body
    );
}

/// A refund of one line revokes that line only.
async fn refunding_a_line_revokes_that_line(app: TestApp) {
    let email = "lines@example.com";
    let s = learner(&app, email).await;
    for sku in ["CRS-TS-FUND", "CRS-SEO"] {
        assert_eq!(s.add(variant(&app, sku).await, json!(1)).await.status, 200);
    }
    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let number = r.body["number"].as_str().unwrap().to_string();
    assert_eq!(enrolled(&app, email).await, 2);
    let seo = scalar_i64(
        &app.db,
        &format!(
            "SELECT oi.id FROM order_items oi JOIN orders o ON o.id = oi.order_id
          WHERE o.number = '{number}' AND oi.sku = 'CRS-SEO'"
        ),
    )
    .await;
    let admin = staff(&app).await;
    let r = admin
        .post_json(
            &format!("/api/orders/{number}/refunds"),
            json!({"lines": [{"order_item_id": seo, "quantity": 1}]}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(enrolled(&app, email).await, 1);
    let left = scalar_i64(
        &app.db,
        "SELECT e.course_id FROM enrolments e WHERE e.status = 'ACTIVE'",
    )
    .await;
    assert_eq!(left, product(&app, "typescript-fundamentals").await);
}

/// A mixed cart keeps shipping for its goods: the course is granted at payment, the order
/// waits for the parcel; cancelling it revokes the course.
async fn a_mixed_order_ships_its_goods_and_cancelling_revokes_the_course(app: TestApp) {
    let email = "mixed@example.com";
    let s = learner(&app, email).await;
    let goods = crate::shopper::stocked_variants(&app.db, 1, 10).await[0];
    assert_eq!(s.add(goods, json!(1)).await.status, 200);
    assert_eq!(
        s.add(variant(&app, "CRS-SEO").await, json!(1)).await.status,
        200
    );
    let r = s
        .post_json(
            "/api/orders",
            crate::order_lifecycle::order_body(email, None),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "CONFIRMED", "goods still to ship");
    let number = r.body["number"].as_str().unwrap().to_string();
    assert_eq!(enrolled(&app, email).await, 1, "the course is open already");
    let unshipped = scalar_i64(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id
              WHERE o.number = '{number}' AND oi.quantity_fulfilled = 0"
        ),
    )
    .await;
    assert_eq!(unshipped, 1, "only the parcel is left to fulfil");
    let r = s
        .post_json(&format!("/api/orders/{number}/cancel"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        enrolled(&app, email).await,
        0,
        "cancelling revokes the course"
    );
    let r = s.get("/learn/seo-that-lasts").await;
    assert_eq!(r.status, 403);
}

/// "Mark module done" is the learner's own: someone without access (signed in or not) is
/// refused and writes nothing; a module outside the syllabus or not a number is a 422.
async fn only_learners_mark_their_progress(app: TestApp) {
    let owner = learner(&app, "owner@example.com").await;
    assert_eq!(
        owner
            .add(variant(&app, "CRS-SEO").await, json!(1))
            .await
            .status,
        200
    );
    assert_eq!(
        owner.post_json("/api/orders", digital_order()).await.status,
        201
    );
    let mark = |m: &'static str| [("slug", "seo-that-lasts"), ("module", m), ("done", "true")];
    let r = owner.server_fn("learning/mark", &mark("0")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    for bad in ["99", "abc", "-1"] {
        let r = owner.server_fn("learning/mark", &mark(bad)).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
    }
    let stranger = learner(&app, "stranger@example.com").await;
    let r = stranger.server_fn("learning/mark", &mark("1")).await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = Shopper::new(&app)
        .server_fn("learning/mark", &mark("1"))
        .await;
    assert!(r.status == 401 || r.status == 403, "{}", r.body);
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM course_progress").await,
        1
    );
}

/// 50 buyers race for a cohort's last 5 places: exactly 5 registrations, 45 clear refusals.
async fn fifty_buyers_race_for_five_cohort_places(app: TestApp) {
    let cohort = variant(&app, "CERT-RUST-2027-06").await;
    exec(
        &app.db,
        &format!("UPDATE inventory SET on_hand = 5, reserved = 0 WHERE variant_id = {cohort}"),
    )
    .await;
    let first = learner(&app, "racer0@example.com").await;
    let (hash,): (String,) = app
        .db
        .one(
            "SELECT password_hash FROM users WHERE email = $1",
            services::args!["racer0@example.com"],
        )
        .await
        .unwrap();
    let prereqs = [
        product(&app, "rust-for-web-developers").await,
        product(&app, "async-rust-in-practice").await,
    ];
    let mut buyers = vec![first];
    for i in 1..50 {
        let email = format!("racer{i}@example.com");
        app.db
            .exec(
                "INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'CUSTOMER')",
                services::args![email.clone(), hash.clone()],
            )
            .await
            .unwrap();
        let s = Shopper::new(&app);
        assert_eq!(s.login(&email, PASSWORD).await.status, 200);
        buyers.push(s);
    }
    // Each owns the prerequisites (granted by an earlier order, say).
    exec(
        &app.db,
        &format!(
            "INSERT INTO enrolments (user_id, course_id, status, granted_at)
         SELECT u.id, p.id, 'ACTIVE', '2026-01-01T00:00:00.000Z' FROM users u, products p
          WHERE u.email LIKE 'racer%' AND p.id IN ({}, {})",
            prereqs[0], prereqs[1]
        ),
    )
    .await;
    for s in &buyers {
        let r = s.add(cohort, json!(1)).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let mut tasks = Vec::new();
    for s in buyers {
        tasks.push(tokio::spawn(async move {
            s.post_json("/api/orders", digital_order()).await
        }));
    }
    let (mut placed, mut refused) = (0, 0);
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            201 => placed += 1,
            409 => {
                assert!(
                    r.body["error"]["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("Certified Rust Web Developer"),
                    "{}",
                    r.body
                );
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    assert_eq!((placed, refused), (5, 45));
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM certification_registrations WHERE status = 'SCHEDULED'"
        )
        .await,
        5
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT CAST(on_hand AS BIGINT) FROM inventory WHERE variant_id = {cohort}")
        )
        .await,
        0
    );
}

both_backends!(
    learning_cart_rules_have_stable_codes,
    paying_grants_access_and_refunding_takes_it_back,
    refunding_a_line_revokes_that_line,
    a_mixed_order_ships_its_goods_and_cancelling_revokes_the_course,
    only_learners_mark_their_progress,
    fifty_buyers_race_for_five_cohort_places,
);
