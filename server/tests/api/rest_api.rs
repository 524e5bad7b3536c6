//! The public JSON API and its OpenAPI document.

use serde_json::Value;
use services::with_db;

use crate::helpers::TestApp;

async fn json(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    assert!(
        ct.as_deref()
            .is_some_and(|c| c.starts_with("application/json")),
        "{path}: {ct:?}"
    );
    (status, res.json().await.unwrap())
}

async fn openapi_document_and_routes_agree(app: TestApp) {
    let (status, doc) = json(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    let mut expected = vec![
        "/api/products",
        "/api/products/category/{slug}",
        "/api/products/search",
        "/api/products/{id}",
        "/api/products/{id}/images",
        "/api/products/{id}/stock",
        "/api/cart",
        "/api/cart/clear",
        "/api/cart/items",
        "/api/cart/items/{item_id}",
        "/api/users/confirm",
        "/api/users/login",
        "/api/users/logout",
        "/api/users/register",
        "/api/orders",
        "/api/orders/{number}",
        "/api/orders/{number}/cancel",
        "/api/orders/{number}/refunds",
        "/api/orders/{number}/status",
        "/api/checkout/shipping-methods",
        "/api/me/enrolments",
        "/api/me/licences/{id}/seats",
        "/api/me/licences/{id}/seats/{seat_id}",
        "/api/me/subscriptions",
        "/api/me/subscriptions/{id}/cancel",
        "/api/me/subscriptions/{id}/resume",
        "/api/me/subscriptions/{id}/switch",
        "/api/me/subscriptions/{id}/card",
        "/api/me/subscriptions/{id}/portal",
        "/api/me/invoices/{number}",
        "/api/admin/subscriptions",
        "/api/admin/subscriptions/metrics",
        "/api/admin/subscriptions/{id}",
        "/api/admin/subscriptions/{id}/retry",
        "/api/admin/subscriptions/{id}/cancel",
        "/api/admin/subscriptions/{id}/pause",
        "/api/admin/subscriptions/{id}/resume",
        "/api/admin/subscriptions/{id}/refund-last",
    ];
    expected.sort();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(sorted, expected, "documented paths");
    let id: i64 = with_db!(&app.db, pool => {
        sqlx::query_scalar("SELECT MIN(id) FROM products").fetch_one(pool).await
    })
    .unwrap();
    // Every documented operation is routed and answers as documented.
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with("/api/products") {
            continue; // cart and users: see cart.rs and accounts.rs
        }
        for (method, op) in item.as_object().unwrap() {
            if method != "get" {
                // Staff writes: documented as such, refused for a visitor.
                assert!(
                    op["responses"]["401"].is_object(),
                    "{method} {path}: 401 documented"
                );
                assert!(
                    op["responses"]["403"].is_object(),
                    "{method} {path}: 403 documented"
                );
                let url = format!("{}{}", app.address, path.replace("{id}", &id.to_string()));
                let req = match method.as_str() {
                    "post" => app.client.post(url),
                    "put" => app.client.put(url),
                    "delete" => app.client.delete(url),
                    other => panic!("{other} {path}"),
                };
                let res = req.json(&serde_json::json!({})).send().await.unwrap();
                assert_eq!(res.status().as_u16(), 401, "{method} {path}");
                continue;
            }
            let url = path
                .replace("{id}", &id.to_string())
                .replace("{slug}", "clothing")
                + if path.ends_with("/search") {
                    "?q=tee"
                } else {
                    ""
                };
            let (status, body) = json(&app, &url).await;
            assert_eq!(status, 200, "{url}: {body}");
            assert!(op["responses"]["200"].is_object(), "{path}: 200 documented");
            assert!(op["responses"]["400"].is_object(), "{path}: 400 documented");
        }
    }
    // Unknown API paths get a JSON 404, not the HTML page.
    for path in ["/api/nope", "/api/products/1/variants", "/api"] {
        let (status, body) = json(&app, path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"]["status"], 404);
    }
}

async fn api_listing_matches_the_pages_and_paginates(app: TestApp) {
    let (_, first) = json(
        &app,
        "/api/products?category=clothing&sort=price_asc&per_page=5",
    )
    .await;
    let q = shared::listing::ListingQuery::parse(
        &[
            ("category".into(), "clothing".into()),
            ("sort".into(), "price_asc".into()),
        ],
        None,
    )
    .unwrap();
    let page = services::catalog::list_products(&app.db, &q).await.unwrap();
    assert_eq!(first["total"], page.total);
    assert_eq!(first["products"].as_array().unwrap().len(), 5);
    let p0 = &first["products"][0];
    assert!(p0["price"]["amount"].is_i64());
    assert_eq!(p0["price"]["currency"], "USD");
    assert!(p0["price"]["formatted"].as_str().unwrap().starts_with('$'));
    let cursor = first["next_cursor"].as_str().unwrap();
    let (status, second) = json(
        &app,
        &format!(
            "/api/products?category=clothing&sort=price_asc&per_page=5&after={}",
            shared::listing::url_encode(cursor)
        ),
    )
    .await;
    assert_eq!(status, 200);
    let ids = |v: &Value| {
        v["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect::<Vec<_>>()
    };
    assert!(ids(&second).iter().all(|i| !ids(&first).contains(i)));
    // Search and category endpoints.
    let (_, s) = json(&app, "/api/products/search?q=headph").await;
    assert!(s["total"].as_i64().unwrap() >= 1);
    let (_, c) = json(&app, "/api/products/category/clothing").await;
    assert_eq!(c["total"], page.total);
    // Product detail.
    let id = p0["id"].as_i64().unwrap();
    let (status, product) = json(&app, &format!("/api/products/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(product["id"], id);
    assert!(!product["variants"].as_array().unwrap().is_empty());
}

/// Issue 20: every JSON request body in the OpenAPI document has a schema naming its fields
/// (a typed struct the handler deserializes into), not a bare `Object`.
async fn request_bodies_have_schemas(app: TestApp) {
    let (_, doc) = json(&app, "/api/openapi.json").await;
    let mut untyped = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else {
                continue;
            };
            let named = schema.get("$ref").is_some() || schema.get("properties").is_some();
            if !named {
                untyped.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    untyped.sort();
    assert_eq!(
        untyped,
        Vec::<String>::new(),
        "request bodies without a schema"
    );
    for name in [
        "AddItemBody",
        "SetQuantityBody",
        "RegisterBody",
        "ConfirmBody",
        "LoginBody",
        "PlaceOrderBody",
        "AddressBody",
        "PaymentBody",
        "CancelBody",
        "StatusBody",
        "RefundBody",
        "InviteSeatBody",
        "SwitchPlanBody",
        "SubscriptionCardBody",
        "AdminSubscriptionActionBody",
    ] {
        assert!(
            doc.pointer(&format!("/components/schemas/{name}/properties"))
                .is_some(),
            "{name} is documented with its fields"
        );
    }
}

async fn api_bad_input_is_a_clear_4xx(app: TestApp) {
    for (path, want) in [
        ("/api/products?sort=cheapest", 400),
        ("/api/products?min_price=-1", 400),
        ("/api/products?after=%%%", 400),
        ("/api/products/search", 400),
        ("/api/products/abc", 400),
        ("/api/products/999999999", 404),
        ("/api/products/category/no-such-thing", 404),
        ("/api/products/category/NOT%20A%20SLUG", 404),
    ] {
        let (status, body) = json(&app, path).await;
        assert_eq!(status, want, "{path}: {body}");
        assert_eq!(body["error"]["status"], want, "{path}");
        assert!(
            !body["error"]["message"].as_str().unwrap().is_empty(),
            "{path}"
        );
    }
    // Odd but valid input is fine.
    for path in [
        "/api/products/search?q=%F0%9F%A7%A6",
        "/api/products?per_page=100000",
        "/api/products/search?q=%22a%22%20OR%20*",
    ] {
        let (status, _) = json(&app, path).await;
        assert_eq!(status, 200, "{path}");
    }
}

both_backends!(
    request_bodies_have_schemas,
    openapi_document_and_routes_agree,
    api_listing_matches_the_pages_and_paginates,
    api_bad_input_is_a_clear_4xx,
);
