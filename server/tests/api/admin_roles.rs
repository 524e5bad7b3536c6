//! Role checks on every back-office function (both engines): the test lists every server
//! function registered under `/_fn/admin/` and calls each as a visitor (401), a shopper
//! (403) and staff; the shopper's calls change nothing. The staff-only JSON endpoints are
//! checked the same way.

use serde_json::json;

use crate::helpers::TestApp;
use crate::order_lifecycle::{buy, staff};
use crate::shopper::{Shopper, exec, scalar_i64, stocked_variants};

fn admin_functions() -> Vec<(String, axum::http::Method)> {
    let mut paths: Vec<(String, axum::http::Method)> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(p, _)| p.starts_with(server::http::middleware::staff_guard::ADMIN_FN_PREFIX))
        .map(|(p, m)| (p.to_string(), m))
        .collect();
    paths.sort_by(|a, b| a.0.cmp(&b.0));
    paths
}

async fn call(s: &Shopper, path: &str, method: &axum::http::Method, number: &str) -> u16 {
    let url = format!("{}{path}", s.base);
    let form = [
        ("number", number),
        ("action", "start_processing"),
        ("carrier", "UPS"),
        ("tracking_number", "1Z999"),
        ("reason", "test"),
        ("body", "note"),
        ("return_id", "1"),
        ("id", "999999"),
        ("product_id", "999999"),
        ("variant_id", "999999"),
        ("image_id", "999999"),
        ("delta", "1"),
        ("threshold", "3"),
        ("name", "Refused"),
        ("role", "ADMIN"),
        ("sample", "X x 1"),
    ];
    let req = if *method == axum::http::Method::GET {
        s.client.get(format!("{url}?number={number}"))
    } else {
        s.client.post(url).form(&form)
    };
    req.send().await.unwrap().status().as_u16()
}

/// Functions only an ADMIN may call (a STAFF account gets 403).
const ADMIN_ONLY: [&str; 6] = [
    "/_fn/admin/settings/zone",
    "/_fn/admin/customers/role",
    "/_fn/admin/settings/get",
    "/_fn/admin/settings/general",
    "/_fn/admin/settings/tax",
    "/_fn/admin/settings/shipping",
];

async fn every_admin_function_checks_the_role(app: TestApp) {
    let fns = admin_functions();
    let names: Vec<&str> = fns.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "/_fn/admin/orders/list",
        "/_fn/admin/orders/get",
        "/_fn/admin/orders/action",
        "/_fn/admin/orders/fulfil",
        "/_fn/admin/orders/cancel",
        "/_fn/admin/orders/refund",
        "/_fn/admin/orders/return",
        "/_fn/admin/orders/note",
        "/_fn/admin/products/list",
        "/_fn/admin/products/editor",
        "/_fn/admin/products/save",
        "/_fn/admin/products/archive",
        "/_fn/admin/products/image_remove",
        "/_fn/admin/products/stock",
        "/_fn/admin/products/threshold",
        "/_fn/admin/dashboard",
        "/_fn/admin/import/report",
        "/_fn/admin/promotions/list",
        "/_fn/admin/promotions/get",
        "/_fn/admin/promotions/save",
        "/_fn/admin/promotions/delete",
        "/_fn/admin/promotions/preview",
        "/_fn/admin/customers/list",
        "/_fn/admin/customers/get",
        "/_fn/admin/customers/role",
        "/_fn/admin/settings/get",
        "/_fn/admin/settings/general",
        "/_fn/admin/settings/tax",
        "/_fn/admin/settings/shipping",
        "/_fn/admin/settings/zone",
        "/_fn/admin/outbox/list",
        "/_fn/admin/outbox/get",
        "/_fn/admin/outbox/retry",
        "/_fn/admin/jobs",
    ] {
        assert!(names.contains(&expected), "{expected} not in {names:?}");
    }
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let (_, order) = buy(&app, &[(v, 1)], None).await;
    let number = order["number"].as_str().unwrap().to_string();
    let product = scalar_i64(
        &app.db,
        &format!("SELECT product_id FROM product_variants WHERE id = {v}"),
    )
    .await;
    let audit = || async { scalar_i64(&app.db, "SELECT COUNT(*) FROM audit_events").await };
    let state = || async {
        scalar_i64(
            &app.db,
            "SELECT (SELECT COUNT(*) FROM order_state_history) * 1000 + (SELECT COUNT(*) FROM order_notes)
               + (SELECT COUNT(*) FROM refunds) * 100000",
        )
        .await
    };
    let (audit0, state0) = (audit().await, state().await);

    let visitor = Shopper::new(&app);
    let shopper = Shopper::new(&app);
    shopper.register("shopper@example.com").await;
    for (path, method) in &fns {
        assert_eq!(
            call(&visitor, path, method, &number).await,
            401,
            "{path} as a visitor"
        );
        assert_eq!(
            call(&shopper, path, method, &number).await,
            403,
            "{path} as a shopper"
        );
    }
    // The staff-only JSON endpoints.
    let n = number.as_str();
    for (who, code) in [(&visitor, 401), (&shopper, 403)] {
        let r = who
            .put_json(
                &format!("/api/orders/{n}/status"),
                json!({"status": "PROCESSING"}),
            )
            .await;
        assert_eq!(r.status, code, "{}", r.body);
        let r = who
            .post_json(&format!("/api/orders/{n}/refunds"), json!({}))
            .await;
        assert_eq!(r.status, code, "{}", r.body);
        // Catalogue writes, stock, images, CSV.
        let r = who
            .post_json("/api/products", json!({"name": "X", "variants": []}))
            .await;
        assert_eq!(r.status, code, "{}", r.body);
        let r = who
            .put_json(
                &format!("/api/products/{product}"),
                json!({"name": "X", "variants": []}),
            )
            .await;
        assert_eq!(r.status, code, "{}", r.body);
        let r = who.delete(&format!("/api/products/{product}")).await;
        assert_eq!(r.status, code, "{}", r.body);
        let r = who
            .post_json(
                &format!("/api/products/{product}/stock"),
                json!({"sku": "X", "delta": -1, "reason": "damage"}),
            )
            .await;
        assert_eq!(r.status, code, "{}", r.body);
        let r = crate::catalog_admin::upload(
            who,
            &format!("/api/products/{product}/images"),
            "image",
            b"GIF89a",
            &[],
        )
        .await;
        assert_eq!(r.status, code, "{}", r.body);
        let r = crate::catalog_admin::upload(
            who,
            "/admin/import/products",
            "file",
            b"product_slug\n",
            &[],
        )
        .await;
        assert_eq!(r.status, code, "{}", r.body);
        for path in ["/admin/export/products.csv", "/admin/export/orders.csv"] {
            assert_eq!(who.get(path).await.status, code, "{path}");
        }
    }
    let active = scalar_i64(
        &app.db,
        &format!("SELECT COUNT(*) FROM products WHERE is_active = TRUE AND id = {product}"),
    )
    .await;
    assert_eq!(active, 1, "a refused call archived the product");
    assert_eq!(audit().await, audit0, "a refused call left an audit row");
    assert_eq!(state().await, state0, "a refused call changed an order");
    let (status,): (String,) = app
        .db
        .one(
            "SELECT status FROM orders WHERE number = $1",
            services::args![n],
        )
        .await
        .unwrap();
    assert_eq!(status, "CONFIRMED");

    // A STAFF account (not admin) may work on orders; the same calls now pass the guard.
    exec(
        &app.db,
        "UPDATE users SET role = 'STAFF' WHERE email = 'shopper@example.com'",
    )
    .await;
    for (path, method) in &fns {
        let code = call(&shopper, path, method, &number).await;
        if ADMIN_ONLY.contains(&path.as_str()) {
            assert_eq!(code, 403, "{path} is for administrators only");
        } else {
            assert!(
                code != 401 && code != 403,
                "{path} as staff answered {code}"
            );
        }
    }
    let (role,): (String,) = app
        .db
        .one(
            "SELECT role FROM users WHERE email = 'shopper@example.com'",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!(role, "STAFF", "a staff member changed a role");
    let admin = staff(&app).await;
    assert_eq!(
        call(&admin, "/_fn/admin/orders/get", &axum::http::Method::GET, n).await,
        200
    );
}

both_backends!(every_admin_function_checks_the_role);
