use serde_json::json;
use services::db::Backend;

use crate::helpers::{TestApp, spawn_app_with};
use crate::shopper::{Shopper, exec, qty, scalar_i64, stocked_variants};

async fn add_change_remove_and_bad_input(app: TestApp) {
    let v = stocked_variants(&app.db, 2, 50).await;
    let s = Shopper::new(&app);
    let empty = s.cart().await;
    assert_eq!(empty["items"].as_array().unwrap().len(), 0);
    assert_eq!(empty["total"]["amount"], 0);

    let r = s.add(v[0], json!(2)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.add(v[0], json!(3)).await;
    assert_eq!(qty(&r.body, v[0]), 5, "same variant adds to its line");
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1);
    let r = s.add(v[1], json!(1)).await;
    assert_eq!(r.body["item_count"], 6);
    let unit = r.body["items"][0]["unit_price"]["amount"].as_i64().unwrap();
    let unit2 = r.body["items"][1]["unit_price"]["amount"].as_i64().unwrap();
    assert_eq!(
        r.body["subtotal"]["amount"].as_i64().unwrap(),
        unit * 5 + unit2
    );

    // Bad input: clear 4xx, nothing changes.
    for (quantity, want) in [
        (json!(0), "between 1 and 99"),
        (json!(-1), "between 1 and 99"),
        (json!(1_000_000_000_000i64), "between 1 and 99"),
        (json!("abc"), "whole number"),
        (json!(2.5), "whole number"),
        (json!(6), "at most 10"),
    ] {
        let r = s.add(v[0], quantity.clone()).await;
        assert_eq!(r.status, 400, "{quantity}: {}", r.body);
        assert!(r.message().contains(want), "{quantity}: {}", r.message());
    }
    let r = s.add(999_999_999, json!(1)).await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = s.post_json("/api/cart/items", json!({"quantity": 1})).await;
    assert_eq!(r.status, 400);
    let r = s
        .send(
            s.client
                .post(format!("{}/api/cart/items", s.base))
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    exec(
        &app.db,
        &format!(
            "UPDATE product_variants SET is_active = FALSE WHERE id = {}",
            v[1]
        ),
    )
    .await;
    let r = s.add(v[1], json!(1)).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.message().contains("no longer available"),
        "{}",
        r.message()
    );
    exec(
        &app.db,
        &format!(
            "UPDATE product_variants SET is_active = TRUE WHERE id = {}",
            v[1]
        ),
    )
    .await;
    let cart = s.cart().await;
    assert_eq!(qty(&cart, v[0]), 5);
    assert_eq!(qty(&cart, v[1]), 1);

    // Change and remove by line id.
    let item = cart["items"][0]["item_id"].as_i64().unwrap();
    let r = s
        .put_json(&format!("/api/cart/items/{item}"), json!({"quantity": 7}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(qty(&r.body, v[0]), 7);
    for bad in [json!(0), json!(11), json!("x")] {
        let r = s
            .put_json(&format!("/api/cart/items/{item}"), json!({"quantity": bad}))
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
    }
    let r = s
        .put_json("/api/cart/items/abc", json!({"quantity": 1}))
        .await;
    assert_eq!(r.status, 404);
    let r = s.delete(&format!("/api/cart/items/{item}")).await;
    assert_eq!(r.status, 200);
    assert_eq!(qty(&r.body, v[0]), 0);
    let r = s.delete(&format!("/api/cart/items/{item}")).await;
    assert_eq!(r.status, 404);
    let r = s.post_json("/api/cart/clear", json!({})).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0);
}

async fn limits_and_stock_are_enforced(backend: Backend) {
    let app_small = spawn_app_with(backend, |c| {
        c.shop.cart_limits = storefront::CartLimits::new(2, 4);
    })
    .await;
    let v = stocked_variants(&app_small.db, 3, 3).await;
    let s = Shopper::new(&app_small);
    assert_eq!(s.add(v[0], json!(1)).await.status, 200);
    assert_eq!(s.add(v[1], json!(1)).await.status, 200);
    let r = s.add(v[2], json!(1)).await;
    assert_eq!(r.status, 400);
    assert!(
        r.message().contains("at most 2 different items"),
        "{}",
        r.message()
    );
    let r = s.add(v[0], json!(4)).await;
    assert_eq!(r.status, 400);
    assert!(r.message().contains("at most 4"), "{}", r.message());
    exec(
        &app_small.db,
        &format!(
            "UPDATE inventory SET reserved = 1 WHERE variant_id = {}",
            v[0]
        ),
    )
    .await;
    let r = s.add(v[0], json!(2)).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.message(),
        "Only 2 left in stock, and your cart already has 1."
    );
    assert_eq!(qty(&s.cart().await, v[0]), 1);
}

async fn price_change_is_noticed(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await;
    let s = Shopper::new(&app);
    let r = s.add(v[0], json!(2)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let was = r.body["items"][0]["unit_price"]["amount"]
        .as_i64()
        .unwrap_or_else(|| panic!("{}", r.body));
    exec(
        &app.db,
        &format!(
            "UPDATE product_variants SET price_amount = price_amount - 100 WHERE id = {}",
            v[0]
        ),
    )
    .await;
    let cart = s.cart().await;
    let line = &cart["items"][0];
    assert_eq!(line["unit_price"]["amount"].as_i64().unwrap(), was - 100);
    assert_eq!(line["previous_unit_price"]["amount"].as_i64().unwrap(), was);
    assert!(
        line["price_notice"]
            .as_str()
            .unwrap()
            .starts_with("Price changed from $")
    );
    assert_eq!(
        cart["subtotal"]["amount"].as_i64().unwrap(),
        (was - 100) * 2
    );
    let (_, html) = s.page("/cart").await;
    assert!(
        html.contains("Price changed from"),
        "cart page shows the notice"
    );
}

async fn concurrent_adds_sum_without_lost_updates(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.shop.cart_limits = storefront::CartLimits::new(50, 99);
    })
    .await;
    let v = stocked_variants(&app.db, 1, 500).await;
    let s = std::sync::Arc::new(Shopper::new(&app));
    assert_eq!(s.add(v[0], json!(1)).await.status, 200);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let s = s.clone();
            let id = v[0];
            tokio::spawn(async move { s.add(id, json!(1)).await.status })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let cart = s.cart().await;
    assert_eq!(cart["items"].as_array().unwrap().len(), 1, "one line");
    assert_eq!(qty(&cart, v[0]), 51, "no lost update");
}

async fn concurrent_adds_stop_cleanly_at_the_limit(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 500).await;
    let s = std::sync::Arc::new(Shopper::new(&app));
    assert_eq!(s.add(v[0], json!(1)).await.status, 200);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let s = s.clone();
            let id = v[0];
            tokio::spawn(async move {
                let r = s.add(id, json!(1)).await;
                (r.status, r.message())
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            (200, _) => ok += 1,
            (400, m) => assert!(m.contains("at most 10"), "{m}"),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ok, 9);
    assert_eq!(qty(&s.cart().await, v[0]), 10);
    let lines = scalar_i64(&app.db, "SELECT COUNT(*) FROM cart_items").await;
    assert_eq!(lines, 1);
}

async fn another_shoppers_items_are_404(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await;
    let ann = Shopper::new(&app);
    ann.register("ann@example.com").await;
    let r = ann.add(v[0], json!(2)).await;
    let item = r.body["items"][0]["item_id"].as_i64().unwrap();
    let bob = Shopper::new(&app);
    bob.register("bob@example.com").await;
    bob.add(v[0], json!(1)).await;
    let r = bob
        .put_json(&format!("/api/cart/items/{item}"), json!({"quantity": 5}))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(
        bob.delete(&format!("/api/cart/items/{item}")).await.status,
        404
    );
    let guest = Shopper::new(&app);
    assert_eq!(
        guest
            .delete(&format!("/api/cart/items/{item}"))
            .await
            .status,
        404
    );
    let r = bob
        .server_fn("cart/remove", &[("item_id", &item.to_string())])
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(qty(&ann.cart().await, v[0]), 2, "Ann's cart untouched");

    // Addresses likewise.
    let r = ann
        .server_fn(
            "account/address/save",
            &[
                ("recipient_name", "Ann Lee"),
                ("line1", "1 Main St"),
                ("city", "Springfield"),
                ("postal_code", "12345"),
                ("country", "us"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = scalar_i64(&app.db, "SELECT id FROM addresses")
        .await
        .to_string();
    assert_eq!(
        bob.get(&format!("/_fn/account/address?id={id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        bob.server_fn("account/address/delete", &[("id", &id)])
            .await
            .status,
        404
    );
    assert_eq!(
        bob.server_fn(
            "account/address/save",
            &[
                ("id", &id),
                ("recipient_name", "X"),
                ("line1", "x"),
                ("city", "x"),
                ("postal_code", "1"),
                ("country", "US")
            ]
        )
        .await
        .status,
        404
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM addresses WHERE recipient_name = 'Ann Lee'"
        )
        .await,
        1
    );
}

async fn cross_site_posts_are_refused(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await;
    let s = Shopper::new(&app);
    let url = format!("{}/api/cart/items", s.base);
    let body = json!({"variant_id": v[0], "quantity": 1});
    let r = s
        .send(
            s.client
                .post(&url)
                .header("origin", "https://evil.example")
                .json(&body),
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = s
        .send(
            s.client
                .post(&url)
                .header("sec-fetch-site", "cross-site")
                .json(&body),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = s
        .send(
            s.client
                .post(&url)
                .header("origin", s.base.clone())
                .header("sec-fetch-site", "same-origin")
                .json(&body),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(qty(&s.cart().await, v[0]), 1);
}

async fn js_off_add_to_cart_redirects_back_with_a_flash(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await;
    let slug: String = services::with_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT p.slug FROM products p JOIN product_variants v ON v.product_id = p.id WHERE v.id = $1")
        .bind(v[0]).fetch_one(pool).await).unwrap();
    let s = Shopper::new(&app);
    let page = format!("/p/{slug}");
    let r = s
        .form_post(
            "cart/add",
            &[("variant_id", &v[0].to_string()), ("quantity", "2")],
            &page,
        )
        .await;
    assert_eq!(r.status, 302, "{:?}", r.body);
    assert_eq!(r.location.as_deref(), Some(page.as_str()));
    let (status, html) = s.page(&page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Added 2 ×"), "flash shown");
    assert!(html.contains(r#"data-testid="cart-count""#));
    let summary = s.get("/_fn/session/summary").await;
    assert_eq!(summary.body["cart_count"], 2);
    let (_, again) = s.page(&page).await;
    assert!(!again.contains("Added 2 ×"), "flash shown once");
    // A refused add comes back with the reason.
    let r = s
        .form_post(
            "cart/add",
            &[("variant_id", &v[0].to_string()), ("quantity", "0")],
            &page,
        )
        .await;
    assert_eq!(r.status, 302);
    let (_, html) = s.page(&page).await;
    assert!(
        html.contains("Quantity: Enter a quantity between 1 and 99."),
        "error flash"
    );
}

async fn lifecycle_marks_abandoned_then_expired(app: TestApp) {
    let v = stocked_variants(&app.db, 1, 10).await;
    let guest = Shopper::new(&app);
    guest.add(v[0], json!(1)).await;
    let user = Shopper::new(&app);
    user.register("cara@example.com").await;
    user.add(v[0], json!(1)).await;
    let hour = std::time::Duration::from_secs(3600);
    let old = services::db::Ts::now().minus(hour * 2);
    let set_old = |t: services::db::Ts| match app.backend {
        services::db::Backend::Sqlite => format!(
            "UPDATE carts SET last_activity_at = '{}'",
            t.to_sqlite_text()
        ),
        services::db::Backend::Postgres => {
            format!("UPDATE carts SET last_activity_at = '{}'", t.0.to_rfc3339())
        }
    };
    exec(&app.db, &set_old(old)).await;
    assert_eq!(
        services::cart::sweep(&app.db, hour, hour * 72)
            .await
            .unwrap(),
        (2, 0)
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM carts WHERE status = 'ABANDONED'"
        )
        .await,
        2
    );
    // Coming back reactivates the cart.
    user.add(v[0], json!(1)).await;
    assert_eq!(qty(&user.cart().await, v[0]), 2);
    exec(&app.db, &set_old(services::db::Ts::now().minus(hour * 73))).await;
    assert_eq!(
        services::cart::sweep(&app.db, hour, hour * 72)
            .await
            .unwrap(),
        (1, 1)
    );
    assert_eq!(qty(&guest.cart().await, v[0]), 0, "guest cart expired");
    assert_eq!(
        qty(&user.cart().await, v[0]),
        2,
        "a signed-in shopper's cart persists"
    );
}

both_backends_own_app!(
    limits_and_stock_are_enforced,
    concurrent_adds_sum_without_lost_updates
);

both_backends!(
    add_change_remove_and_bad_input,
    price_change_is_noticed,
    concurrent_adds_stop_cleanly_at_the_limit,
    another_shoppers_items_are_404,
    cross_site_posts_are_refused,
    js_off_add_to_cart_redirects_back_with_a_flash,
    lifecycle_marks_abandoned_then_expired,
);

async fn unreadable_server_fn_arguments_are_400(app: TestApp) {
    let s = Shopper::new(&app);
    for (name, form) in [
        ("cart/add", vec![("variant_id", "1")]),
        ("account/login", vec![("email", "a@b.co")]),
    ] {
        let r = s.server_fn(name, &form).await;
        assert_eq!(r.status, 400, "{name}: {}", r.body);
        assert!(r.body.to_string().contains("missing field"), "{}", r.body);
    }
}

both_backends!(unreadable_server_fn_arguments_are_400);
