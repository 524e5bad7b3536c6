//! Promotions and customers in the back office (both engines): create/edit with clear
//! refusals, a sample-cart preview priced by the checkout engine, usage counts, delete only
//! while unused; customers with orders and lifetime value; role changes (admins only) that
//! sign the account out everywhere.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::order_lifecycle::{order_body, staff};
use crate::shopper::{PASSWORD, Shopper, scalar_i64, stocked_variants};

/// `base` form fields with `extra` replacing (or adding) fields of the same name.
fn form<'a>(base: &[(&'a str, &'a str)], extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = base.to_vec();
    for (k, v) in extra {
        form.retain(|(f, _)| f != k);
        form.push((k, v));
    }
    form
}

fn promo<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let base = [
        ("name", "Summer 15"),
        ("kind", "PERCENTAGE"),
        ("value", "15"),
        ("code", "summer15"),
        ("active", "on"),
        ("stackable", "on"),
    ];
    form(&base, extra)
}

async fn staff_manage_promotions_with_a_preview(app: TestApp) {
    let admin = staff(&app).await;
    let r = admin.server_fn("admin/promotions/save", &promo(&[])).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body.as_i64().unwrap();
    let ids = id.to_string();

    // Refusals, each naming the field; nothing is written.
    let count = || async { scalar_i64(&app.db, "SELECT COUNT(*) FROM promotions").await };
    let n0 = count().await;
    for (extra, status, field) in [
        (vec![("kind", "NOPE"), ("code", "XX1")], 422, "kind"),
        (vec![("value", "150"), ("code", "XX2")], 422, "value"),
        (vec![("code", "")], 422, "code"),
        (
            vec![
                ("code", "XX3"),
                ("starts", "2026-05-02"),
                ("ends", "2026-05-01"),
            ],
            422,
            "ends",
        ),
        (vec![("code", "XX4"), ("starts", "May 1")], 422, "starts"),
        (
            vec![("code", "XX5"), ("categories", "no-such-category")],
            422,
            "categories",
        ),
        (
            vec![("kind", "BUY_X_GET_Y"), ("code", "XX6"), ("buy", "")],
            422,
            "buy",
        ),
    ] {
        let r = admin
            .server_fn("admin/promotions/save", &promo(&extra))
            .await;
        assert_eq!(r.status, status, "{extra:?}: {}", r.body);
        assert_eq!(r.body["Invalid"]["field"], field, "{extra:?}: {}", r.body);
    }
    let r = admin
        .server_fn("admin/promotions/save", &promo(&[("code", "WELCOME10")]))
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(count().await, n0);

    // Preview: 15 % of a sample cart, priced by the checkout engine.
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let (sku, price): (String, i64) = app
        .db
        .one(
            "SELECT sku, price_amount FROM product_variants WHERE id = $1",
            services::args![v],
        )
        .await
        .unwrap();
    let sample = format!("{} x 2, NO-SUCH-SKU", sku.to_lowercase());
    let r = admin
        .server_fn(
            "admin/promotions/preview",
            &[("id", ids.as_str()), ("sample", sample.as_str())],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let expected = price * 2 * 15 / 100;
    let got = r.body["discount_minor"].as_i64().unwrap();
    assert!(
        (got - expected).abs() <= 1,
        "{got} vs {expected}: {}",
        r.body
    );
    assert!(
        r.body["notes"].to_string().contains("NO-SUCH-SKU"),
        "{}",
        r.body
    );
    // With a minimum spend the sample does not reach, the preview says why.
    let edit_id = ids.clone();
    let r = admin
        .server_fn(
            "admin/promotions/save",
            &promo(&[("id", edit_id.as_str()), ("min_subtotal", "100000.00")]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/promotions/preview",
            &[("id", ids.as_str()), ("sample", sku.as_str())],
        )
        .await;
    assert_eq!(r.body["discount_minor"], 0, "{}", r.body);
    assert!(r.body["notes"].to_string().contains("Spend"), "{}", r.body);
    let r = admin
        .server_fn(
            "admin/promotions/preview",
            &[("id", ids.as_str()), ("sample", "")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/promotions/save",
            &promo(&[
                ("id", edit_id.as_str()),
                ("starts", "2026-01-01"),
                ("ends", "2099-12-31"),
            ]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let got = admin
        .get(&format!("/_fn/admin/promotions/get?id={ids}"))
        .await;
    assert_eq!(got.body["ends"], "2099-12-31", "saving keeps the last day");
    assert_eq!(got.body["starts"], "2026-01-01");

    // A shopper uses the code: the usage count shows it; a used promotion cannot be deleted.
    let s = Shopper::new(&app);
    assert_eq!(s.add(v, json!(1)).await.status, 200);
    let r = s
        .post_json(
            "/api/orders",
            order_body("ann@example.com", Some("SUMMER15")),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let list = admin.get("/_fn/admin/promotions/list").await;
    let row = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(row["times_used"], 1, "{row}");
    assert_eq!(row["codes"], json!(["SUMMER15"]));
    let r = admin
        .server_fn("admin/promotions/delete", &[("id", ids.as_str())])
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    // Spend tiers: an amount-off promotion whose saving grows with the spend.
    let r = admin
        .server_fn(
            "admin/promotions/save",
            &promo(&[
                ("name", "Tiered"),
                ("code", "TIERS1"),
                ("kind", "FIXED_AMOUNT"),
                ("value", ""),
                ("tiers", "300.00=40.00; 150.00=15.00"),
            ]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let tiered = r.body.as_i64().unwrap().to_string();
    let got = admin
        .get(&format!("/_fn/admin/promotions/get?id={tiered}"))
        .await;
    assert_eq!(
        got.body["tiers"], "150.00=15.00; 300.00=40.00",
        "{}",
        got.body
    );
    let big = format!("{sku} x 100");
    let r = admin
        .server_fn(
            "admin/promotions/preview",
            &[("id", tiered.as_str()), ("sample", big.as_str())],
        )
        .await;
    assert!(
        r.body["discount_minor"].as_i64().unwrap() >= 1500,
        "{}",
        r.body
    );
    let r = admin
        .server_fn(
            "admin/promotions/save",
            &promo(&[
                ("name", "Bad tiers"),
                ("code", "TIERS2"),
                ("kind", "FIXED_AMOUNT"),
                ("tiers", "150=200"),
            ]),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["Invalid"]["field"], "tiers");
    let r = admin
        .server_fn(
            "admin/promotions/save",
            &promo(&[
                ("name", "Spare"),
                ("code", "SPARE1"),
                ("kind", "FREE_SHIPPING"),
            ]),
        )
        .await;
    let spare = r.body.as_i64().unwrap().to_string();
    let r = admin
        .server_fn("admin/promotions/delete", &[("id", spare.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let audits = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'promotion'",
    )
    .await;
    assert_eq!(audits, 6, "create, 2 updates, tiered, create, delete");
}

async fn customers_have_lifetime_value_and_admins_set_roles(app: TestApp) {
    let admin = staff(&app).await;
    // Ann registers, and also bought as a guest earlier with the same email.
    let ann = Shopper::new(&app);
    assert_eq!(ann.register("ann@example.com").await.status, 201);
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let guest = Shopper::new(&app);
    assert_eq!(guest.add(v, json!(2)).await.status, 200);
    let r = guest
        .post_json("/api/orders", order_body("ann@example.com", None))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let total = r.body["totals"]["total"]["amount"].as_i64().unwrap();
    let number = r.body["number"].as_str().unwrap().to_string();

    let list = admin.get("/_fn/admin/customers/list?q=ANN%40example").await;
    assert_eq!(list.status, 200, "{}", list.body);
    let rows = list.body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", list.body);
    assert_eq!(rows[0]["orders"], 1);
    let ann_id = rows[0]["id"].as_i64().unwrap().to_string();
    let detail = admin
        .get(&format!("/_fn/admin/customers/get?id={ann_id}"))
        .await;
    assert_eq!(detail.status, 200, "{}", detail.body);
    assert_eq!(
        detail.body["lifetime_value_minor"], total,
        "{}",
        detail.body
    );
    assert_eq!(detail.body["orders"][0]["number"], number.as_str());
    assert_eq!(
        admin
            .get("/_fn/admin/customers/list?role=NOPE")
            .await
            .status,
        422
    );
    // Cancelled orders leave the lifetime value.
    admin
        .server_fn("admin/orders/cancel", &[("number", number.as_str())])
        .await;
    let detail = admin
        .get(&format!("/_fn/admin/customers/get?id={ann_id}"))
        .await;
    assert_eq!(detail.body["lifetime_value_minor"], 0, "{}", detail.body);

    // An admin makes Ann staff: her sessions end; signed in again she can open the back office.
    assert_eq!(ann.get("/api/orders").await.status, 200);
    assert_eq!(
        ann.get("/_fn/admin/orders/list?filter[q]=x").await.status,
        403
    );
    let r = admin
        .server_fn(
            "admin/customers/role",
            &[("id", ann_id.as_str()), ("role", "staff")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        ann.get("/api/orders").await.status,
        401,
        "old session ended"
    );
    assert_eq!(ann.login("ann@example.com", PASSWORD).await.status, 200);
    let r = ann.get("/_fn/admin/customers/list").await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Staff may not change roles; nobody may change their own.
    let r = ann
        .server_fn(
            "admin/customers/role",
            &[("id", ann_id.as_str()), ("role", "ADMIN")],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let admin_id = scalar_i64(
        &app.db,
        &format!(
            "SELECT id FROM users WHERE email = '{}'",
            crate::helpers::ADMIN_EMAIL
        ),
    )
    .await
    .to_string();
    let r = admin
        .server_fn(
            "admin/customers/role",
            &[("id", admin_id.as_str()), ("role", "CUSTOMER")],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/customers/role",
            &[("id", ann_id.as_str()), ("role", "OWNER")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let audits: Vec<(String, String)> = app
        .db
        .all(
            "SELECT action, CAST(changes AS TEXT) FROM audit_events WHERE entity_type = 'user'",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!(audits.len(), 1, "{audits:?}");
    let changes: Value = serde_json::from_str(&audits[0].1).unwrap();
    assert_eq!(changes["to"], "STAFF");
}

both_backends!(
    staff_manage_promotions_with_a_preview,
    customers_have_lifetime_value_and_admins_set_roles,
);

/// Every back-office page renders on the server for staff (what a browser without
/// JavaScript gets), and says "Staff only" to a shopper.
async fn back_office_pages_render(app: TestApp) {
    let admin = staff(&app).await;
    let product = scalar_i64(&app.db, "SELECT MIN(id) FROM products").await;
    let promotion = scalar_i64(&app.db, "SELECT MIN(id) FROM promotions").await;
    let customer = scalar_i64(&app.db, "SELECT MIN(id) FROM users").await;
    let (name,): (String,) = app
        .db
        .one(
            "SELECT name FROM products WHERE id = $1",
            services::args![product],
        )
        .await
        .unwrap();
    for (path, needle) in [
        ("/admin".to_string(), "revenue-chart".to_string()),
        ("/admin/products".to_string(), "product-row".to_string()),
        (
            format!("/admin/products/{product}"),
            "stock-row".to_string(),
        ),
        (
            "/admin/products/new".to_string(),
            "save-product".to_string(),
        ),
        ("/admin/promotions".to_string(), "WELCOME10".to_string()),
        (
            format!("/admin/promotions/{promotion}"),
            "promo-preview".to_string(),
        ),
        ("/admin/customers".to_string(), "customer-row".to_string()),
        (
            format!("/admin/customers/{customer}"),
            "customer-role".to_string(),
        ),
        ("/admin/import".to_string(), "import-form".to_string()),
        ("/admin/settings".to_string(), "zone-form".to_string()),
    ] {
        let (status, html) = admin.page(&path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(&needle), "{path} lacks {needle}");
    }
    let (_, html) = admin.page(&format!("/admin/products/{product}")).await;
    assert!(
        html.contains(&name.replace('&', "&amp;")),
        "editor shows the name"
    );
    let (status, _) = admin.page("/admin/products/999999").await;
    assert_eq!(status, 404);
    let shopper = Shopper::new(&app);
    shopper.register("nosy@example.com").await;
    let (status, html) = shopper.page("/admin/products").await;
    assert_eq!(status, 403);
    assert!(html.contains("staff-only"));
}

both_backends!(back_office_pages_render);

/// Settings (administrators only) apply at once, and to another instance on the same
/// database when it starts (running instances re-read them every 10 s).
async fn settings_are_for_admins_and_apply_at_once(app: TestApp) {
    let admin = staff(&app).await;
    let general = |lines: &'static str| {
        vec![
            ("store_name", "Test Shop"),
            ("currency", "usd"),
            ("reservation_minutes", "20"),
            ("cart_max_lines", lines),
            ("cart_max_per_line", "3"),
        ]
    };
    for (field, bad) in [
        ("store_name", " "),
        ("currency", "XYZ"),
        ("reservation_minutes", "0"),
        ("cart_max_lines", "many"),
    ] {
        let bad_form = form(&general("2"), &[(field, bad)]);
        let r = admin.server_fn("admin/settings/general", &bad_form).await;
        assert_eq!(r.status, 422, "{field}: {}", r.body);
        assert_eq!(r.body["Invalid"]["field"], field);
    }
    let r = admin
        .server_fn("admin/settings/general", &general("2"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s = admin.get("/_fn/admin/settings/get").await;
    assert_eq!(s.body["store_name"], "Test Shop");
    assert_eq!(s.body["currency"], "USD");
    assert_eq!(s.body["cart_max_lines"], 2);
    // The store's name shows in page titles and the footer.
    let (_, html) = Shopper::new(&app).page("/products").await;
    assert!(html.contains("· Test Shop</title>"), "title");
    assert!(html.contains("Test Shop"), "footer");

    // The cart limits apply to the next request.
    let vs = stocked_variants(&app.db, 3, 10).await;
    let shopper = Shopper::new(&app);
    let r = shopper.add(vs[0], json!(4)).await;
    assert!((400..500).contains(&r.status), "4 > 3 per line: {}", r.body);
    assert_eq!(shopper.add(vs[0], json!(3)).await.status, 200);
    assert_eq!(shopper.add(vs[1], json!(1)).await.status, 200);
    let r = shopper.add(vs[2], json!(1)).await;
    assert!((400..500).contains(&r.status), "3 lines > 2: {}", r.body);

    // Another instance on the same database starts with them.
    let mut config = crate::helpers::test_config(app.database_url.clone());
    config.seed = server::config::SeedMode::Never;
    let other = server::Application::build(config, crate::helpers::test_leptos_options())
        .await
        .expect("second instance");
    let other_url = format!("http://127.0.0.1:{}", other.port());
    tokio::spawn(other.run_until_stopped(std::future::pending()));
    let mut elsewhere = Shopper::new(&app);
    elsewhere.base = other_url;
    assert_eq!(elsewhere.add(vs[0], json!(1)).await.status, 200);
    assert_eq!(elsewhere.add(vs[1], json!(1)).await.status, 200);
    let r = elsewhere.add(vs[2], json!(1)).await;
    assert!((400..500).contains(&r.status), "other instance: {}", r.body);

    // Tax rates.
    fn tax<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let base = [
            ("name", "Test tax"),
            ("country", "us"),
            ("region", "zz"),
            ("rate", "10"),
            ("active", "on"),
        ];
        form(&base, extra)
    }
    let r = admin
        .server_fn("admin/settings/tax", &tax(&[("country", "USA")]))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = admin
        .server_fn("admin/settings/tax", &tax(&[("rate", "101")]))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = admin.server_fn("admin/settings/tax", &tax(&[])).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = scalar_i64(&app.db, "SELECT id FROM tax_rates WHERE region = 'ZZ'").await;
    let ids = id.to_string();
    let r = admin
        .server_fn(
            "admin/settings/tax",
            &tax(&[("id", ids.as_str()), ("rate", "12.5")]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT rate_ppm FROM tax_rates WHERE region = 'ZZ'"
        )
        .await,
        125_000
    );
    let r = admin
        .server_fn(
            "admin/settings/tax",
            &[("id", ids.as_str()), ("delete", "on")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM tax_rates WHERE region = 'ZZ'"
        )
        .await,
        0
    );

    // Shipping methods.
    let zone = scalar_i64(&app.db, "SELECT MIN(id) FROM shipping_zones")
        .await
        .to_string();
    let method = |code: &'static str, price: &'static str| {
        vec![
            ("zone_id", zone.clone()),
            ("code", code.to_string()),
            ("name", "Overnight".to_string()),
            ("price", price.to_string()),
            ("currency", "USD".to_string()),
            ("active", "on".to_string()),
        ]
    };
    let send = |f: Vec<(&'static str, String)>| {
        let admin = &admin;
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin.server_fn("admin/settings/shipping", &refs).await
        }
    };
    let r = send(method("overnight", "-1")).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = send(method("overnight", "24.00")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = send(method("overnight", "25.00")).await;
    assert_eq!(r.status, 409, "same code twice: {}", r.body);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT price_amount FROM shipping_methods WHERE code = 'overnight'"
        )
        .await,
        2400
    );

    // Shipping zones: where they ship.
    let r = admin
        .server_fn(
            "admin/settings/zone",
            &[("name", "Nordics"), ("countries", "SE, NO, FI-01")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let zone_id = scalar_i64(
        &app.db,
        "SELECT id FROM shipping_zones WHERE name = 'Nordics'",
    )
    .await;
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM shipping_zone_countries WHERE shipping_zone_id = {zone_id}"
            )
        )
        .await,
        3
    );
    let zid = zone_id.to_string();
    let r = admin
        .server_fn(
            "admin/settings/zone",
            &[
                ("id", zid.as_str()),
                ("name", "Nordics"),
                ("countries", "SE"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/settings/zone",
            &[("name", "Bad"), ("countries", "Sweden")],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM shipping_zone_countries WHERE shipping_zone_id = {zone_id}"
            )
        )
        .await,
        1
    );

    // Staff (not admin) cannot read or change settings.
    let staffer = Shopper::new(&app);
    staffer.register("staffer@example.com").await;
    crate::shopper::exec(
        &app.db,
        "UPDATE users SET role = 'STAFF' WHERE email = 'staffer@example.com'",
    )
    .await;
    assert_eq!(staffer.get("/_fn/admin/settings/get").await.status, 403);
    let r = staffer
        .server_fn("admin/settings/general", &general("50"))
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let (status, html) = staffer.page("/admin/settings").await;
    assert_eq!(status, 403, "{html}");
    let audits = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('settings.update', 'tax_rate.create', 'tax_rate.update', 'tax_rate.delete', 'shipping_method.create', 'shipping_zone.create', 'shipping_zone.update')",
    )
    .await;
    assert_eq!(audits, 7);
}

both_backends!(settings_are_for_admins_and_apply_at_once);
