//! Categories and brands in the back office (both engines): staff create, rename, re-slug and
//! move categories (never under themselves) and brands; archiving takes them out of the shop
//! (menu, category pages, filters) and restoring brings them back; a parent with active
//! sub-categories cannot be archived; slugs are unique; shoppers are refused and change
//! nothing.

use serde_json::Value;

use crate::helpers::TestApp;
use crate::order_lifecycle::staff;
use crate::shopper::{Reply, Shopper, scalar_i64};

async fn category_id(app: &TestApp, slug: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT id FROM categories WHERE slug = '{slug}'"),
    )
    .await
}

async fn brand_id(app: &TestApp, slug: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT id FROM brands WHERE slug = '{slug}'"),
    )
    .await
}

/// 1 when the category (`table` = categories) or brand with `slug` is active, else 0.
async fn active(app: &TestApp, table: &str, slug: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!(
            "SELECT CAST(CASE WHEN is_active THEN 1 ELSE 0 END AS BIGINT) FROM {table} WHERE slug = '{slug}'"
        ),
    )
    .await
}

/// `admin/taxonomy/save_category` or `save_brand` (`what`).
async fn save(s: &Shopper, what: &str, form: &[(&str, &str)]) -> Reply {
    s.server_fn(&format!("admin/taxonomy/save_{what}"), form)
        .await
}

/// Archives (`action` = "archive") or restores category or brand (`what`) `id`.
async fn archive(s: &Shopper, what: &str, id: &str, action: &str) -> Reply {
    s.server_fn(
        &format!("admin/taxonomy/archive_{what}"),
        &[("id", id), ("action", action)],
    )
    .await
}

async fn taxonomy(s: &Shopper) -> Value {
    let r = s.get("/_fn/admin/taxonomy/list").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
}

/// The row of `section` ("categories" or "brands") with `id`.
fn row(list: &Value, section: &str, id: i64) -> Value {
    list[section]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no {section} row {id} in {list}"))
}

/// The values (slugs) the listing answer offers as filter `param` ("category", "brand").
fn facet(list: &Value, param: &str) -> Vec<String> {
    list["facets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["param"] == param)
        .flat_map(|f| f["values"].as_array().unwrap().iter())
        .map(|v| v["value"].as_str().unwrap().to_string())
        .collect()
}

/// The slugs in the shop's "Shop by category" menu.
async fn menu(s: &Shopper) -> Vec<String> {
    let r = s.server_fn("catalog/categories", &[]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap().to_string())
        .collect()
}

fn invalid_field(r: &Reply) -> &str {
    r.body["Invalid"]["field"].as_str().unwrap_or_default()
}

fn conflict(r: &Reply) -> &str {
    r.body["Conflict"].as_str().unwrap_or_default()
}

async fn staff_create_rename_and_move_categories(app: TestApp) {
    let admin = staff(&app).await;
    let learning_id = category_id(&app, "learning").await;
    let learning = learning_id.to_string();

    // Under "Learning", the slug made from the name, last among its siblings.
    let r = save(
        &admin,
        "category",
        &[("name", "  Cloud & Ops "), ("parent", learning.as_str())],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["slug"], "cloud-ops", "{}", r.body);
    let cloud_id = r.body["id"].as_i64().unwrap();
    let cloud = cloud_id.to_string();
    let c = row(&taxonomy(&admin).await, "categories", cloud_id);
    assert_eq!(c["name"], "Cloud & Ops", "{c}");
    assert_eq!(c["parent_id"], learning_id, "{c}");
    assert_eq!(c["depth"], 1, "{c}");
    assert_eq!(c["is_active"], true, "{c}");
    let siblings_last = scalar_i64(
        &app.db,
        &format!(
            "SELECT CAST(MAX(position) AS BIGINT) FROM categories
              WHERE parent_id = {learning_id} AND id <> {cloud_id}"
        ),
    )
    .await;
    assert!(c["position"].as_i64().unwrap() > siblings_last, "{c}");

    // Renamed and re-slugged: the shop answers at the new address only.
    let r = save(
        &admin,
        "category",
        &[
            ("id", cloud.as_str()),
            ("name", "Cloud operations"),
            ("slug", "Cloud-Operations"),
            ("parent", learning.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["slug"], "cloud-operations", "{}", r.body);
    assert_eq!(
        admin
            .get("/api/products/category/cloud-operations")
            .await
            .status,
        200
    );
    assert_eq!(
        admin.get("/api/products/category/cloud-ops").await.status,
        404
    );

    // Moved under "Programming", then to the top level.
    let programming_id = category_id(&app, "learning-programming").await;
    let programming = programming_id.to_string();
    let r = save(
        &admin,
        "category",
        &[
            ("id", cloud.as_str()),
            ("name", "Cloud operations"),
            ("slug", "cloud-operations"),
            ("parent", programming.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = row(&taxonomy(&admin).await, "categories", cloud_id);
    assert_eq!(c["parent_id"], programming_id, "{c}");
    assert_eq!(c["depth"], 2, "{c}");
    let top = [
        ("id", cloud.as_str()),
        ("name", "Cloud operations"),
        ("slug", "cloud-operations"),
        ("parent", ""),
    ];
    let r = save(&admin, "category", &top).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = row(&taxonomy(&admin).await, "categories", cloud_id);
    assert_eq!(c["parent_id"], Value::Null, "{c}");
    assert_eq!(c["depth"], 0, "{c}");

    // Never under itself or one of its own sub-categories; never under an unknown parent.
    let r = save(
        &admin,
        "category",
        &[("name", "Kubernetes"), ("parent", cloud.as_str())],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let kubernetes = r.body["id"].as_i64().unwrap().to_string();
    for parent in [kubernetes.as_str(), cloud.as_str(), "999999", "abc"] {
        let r = save(
            &admin,
            "category",
            &[
                ("id", cloud.as_str()),
                ("name", "Cloud operations"),
                ("slug", "cloud-operations"),
                ("parent", parent),
            ],
        )
        .await;
        assert_eq!(r.status, 422, "parent {parent}: {}", r.body);
        assert_eq!(invalid_field(&r), "parent", "{}", r.body);
    }
    let r = save(
        &admin,
        "category",
        &[
            ("id", cloud.as_str()),
            ("name", "Cloud operations"),
            ("parent", kubernetes.as_str()),
        ],
    )
    .await;
    assert!(
        r.body["Invalid"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("cannot be moved under itself"),
        "{}",
        r.body
    );
    let c = row(&taxonomy(&admin).await, "categories", cloud_id);
    assert_eq!(
        c["parent_id"],
        Value::Null,
        "a refused move changed nothing: {c}"
    );

    // Names of 1–120 characters, valid slugs, each slug once (409 naming it).
    let long = "x".repeat(121);
    for (form, field) in [
        (vec![("name", "   ")], "name"),
        (vec![("name", long.as_str())], "name"),
        (vec![("name", "Fine"), ("slug", "two words")], "slug"),
    ] {
        let r = save(&admin, "category", &form).await;
        assert_eq!(r.status, 422, "{form:?}: {}", r.body);
        assert_eq!(invalid_field(&r), field, "{}", r.body);
    }
    let r = save(
        &admin,
        "category",
        &[("name", "Learning again"), ("slug", "learning")],
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(conflict(&r).contains("“learning”"), "{}", r.body);
    let r = save(
        &admin,
        "category",
        &[
            ("id", cloud.as_str()),
            ("name", "Cloud operations"),
            ("slug", "learning-design"),
        ],
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(conflict(&r).contains("“learning-design”"), "{}", r.body);

    // The page lists the tree; every change left one audit row.
    let (status, html) = admin.page("/admin/catalogue").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-testid="category-row""#));
    assert!(html.contains("Cloud operations") && html.contains("Kubernetes"));
    let audits = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'category'",
    )
    .await;
    assert_eq!(audits, 5, "create, rename, 2 moves, create");
}

async fn staff_create_and_rename_brands(app: TestApp) {
    let admin = staff(&app).await;
    let r = save(&admin, "brand", &[("name", "Acme Academy")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["slug"], "acme-academy", "{}", r.body);
    let acme_id = r.body["id"].as_i64().unwrap();
    let acme = acme_id.to_string();
    let r = save(
        &admin,
        "brand",
        &[
            ("id", acme.as_str()),
            ("name", "Acme Learning Co."),
            ("slug", ""),
        ],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["slug"], "acme-learning-co", "{}", r.body);
    let b = row(&taxonomy(&admin).await, "brands", acme_id);
    assert_eq!(b["name"], "Acme Learning Co.", "{b}");
    assert_eq!(b["is_active"], true, "{b}");
    assert_eq!(b["product_count"], 0, "{b}");
    let northwind = row(
        &taxonomy(&admin).await,
        "brands",
        brand_id(&app, "northwind").await,
    );
    assert!(
        northwind["product_count"].as_i64().unwrap() > 0,
        "{northwind}"
    );

    // Each slug once: 409 naming it, nothing written.
    let r = save(
        &admin,
        "brand",
        &[
            ("id", acme.as_str()),
            ("name", "Acme"),
            ("slug", "northwind"),
        ],
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(conflict(&r).contains("“northwind”"), "{}", r.body);
    let r = save(&admin, "brand", &[("name", "Northwind")]).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = save(&admin, "brand", &[("name", "")]).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(invalid_field(&r), "name");

    // A plain form post (JavaScript off) comes back to the page with the message.
    let r = admin
        .form_post(
            "admin/taxonomy/save_brand",
            &[("name", "Fernhill Outdoors")],
            "/admin/catalogue",
        )
        .await;
    assert!((300..400).contains(&r.status), "{} {}", r.status, r.body);
    assert_eq!(r.location.as_deref(), Some("/admin/catalogue"));
    let (status, html) = admin.page("/admin/catalogue").await;
    assert_eq!(status, 200);
    assert!(html.contains("Created the brand"), "the flash is shown");
    assert!(html.contains(r#"data-testid="brand-row""#) && html.contains("Fernhill Outdoors"));
    let audits = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'brand'",
    )
    .await;
    assert_eq!(audits, 3, "create, rename, create");
}

async fn archiving_takes_categories_and_brands_out_of_the_shop(app: TestApp) {
    let admin = staff(&app).await;
    let visitor = Shopper::new(&app);
    let clothing = category_id(&app, "clothing").await.to_string();
    let tees = category_id(&app, "t-shirts").await.to_string();

    // A parent with active sub-categories stays.
    let r = archive(&admin, "category", &clothing, "archive").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(conflict(&r).contains("sub-categor"), "{}", r.body);
    assert_eq!(active(&app, "categories", "clothing").await, 1);

    // A leaf leaves its parent's filter and its page answers 404; restored, it is back.
    let filter = || async {
        let r = visitor.get("/api/products/category/clothing").await;
        assert_eq!(r.status, 200, "{}", r.body);
        facet(&r.body, "category")
    };
    assert!(filter().await.contains(&"t-shirts".to_string()));
    assert_eq!(
        visitor.get("/api/products/category/t-shirts").await.status,
        200
    );
    let r = archive(&admin, "category", &tees, "archive").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(active(&app, "categories", "t-shirts").await, 0);
    assert!(!filter().await.contains(&"t-shirts".to_string()));
    assert_eq!(
        visitor.get("/api/products/category/t-shirts").await.status,
        404
    );
    assert_eq!(visitor.page("/c/t-shirts").await.0, 404);
    let r = archive(&admin, "category", &tees, "restore").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(filter().await.contains(&"t-shirts".to_string()));
    assert_eq!(visitor.page("/c/t-shirts").await.0, 200);

    // The menu: a new top-level category is in it, archived it is not.
    let r = save(&admin, "category", &[("name", "Seasonal")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let seasonal = r.body["id"].as_i64().unwrap().to_string();
    assert!(menu(&visitor).await.contains(&"seasonal".to_string()));
    let r = archive(&admin, "category", &seasonal, "archive").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!menu(&visitor).await.contains(&"seasonal".to_string()));
    // Nothing new goes under an archived category; nothing comes back under one.
    let gifts = [("name", "Winter gifts"), ("parent", seasonal.as_str())];
    let r = save(&admin, "category", &gifts).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(invalid_field(&r), "parent");
    assert_eq!(
        archive(&admin, "category", &seasonal, "restore")
            .await
            .status,
        200
    );
    assert!(menu(&visitor).await.contains(&"seasonal".to_string()));
    let r = save(&admin, "category", &gifts).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let gifts = r.body["id"].as_i64().unwrap().to_string();
    assert_eq!(
        archive(&admin, "category", &gifts, "archive").await.status,
        200
    );
    assert_eq!(
        archive(&admin, "category", &seasonal, "archive")
            .await
            .status,
        200
    );
    let r = archive(&admin, "category", &gifts, "restore").await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = archive(&admin, "category", &gifts, "pause").await;
    assert_eq!(r.status, 422, "{}", r.body);

    // An archived brand is no longer offered as a filter; its products stay on sale.
    let brands = || async {
        let r = visitor.get("/api/products").await;
        assert_eq!(r.status, 200, "{}", r.body);
        facet(&r.body, "brand")
    };
    assert!(brands().await.contains(&"northwind".to_string()));
    let northwind = brand_id(&app, "northwind").await.to_string();
    let r = archive(&admin, "brand", &northwind, "archive").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(active(&app, "brands", "northwind").await, 0);
    assert!(!brands().await.contains(&"northwind".to_string()));
    let r = visitor.get("/api/products?brand=northwind").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["total"].as_i64().unwrap() > 0, "{}", r.body);
    let r = archive(&admin, "brand", &northwind, "restore").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(brands().await.contains(&"northwind".to_string()));

    let audits: Vec<(String,)> = app
        .db
        .all(
            "SELECT action FROM audit_events WHERE action LIKE 'brand.%' ORDER BY id",
            services::args![],
        )
        .await
        .unwrap();
    let audits: Vec<&str> = audits.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(audits, ["brand.archive", "brand.restore"]);
}

async fn shoppers_cannot_change_categories_or_brands(app: TestApp) {
    let shopper = Shopper::new(&app);
    shopper.register("shopper@example.com").await;
    let visitor = Shopper::new(&app);
    let learning = category_id(&app, "learning").await.to_string();
    let design = category_id(&app, "learning-design").await.to_string();
    let northwind = brand_id(&app, "northwind").await.to_string();
    let state = || async {
        scalar_i64(
            &app.db,
            "SELECT (SELECT COUNT(*) FROM categories) * 100000000
                  + (SELECT COUNT(*) FROM categories WHERE is_active = TRUE) * 1000000
                  + (SELECT COUNT(*) FROM brands) * 10000
                  + (SELECT COUNT(*) FROM brands WHERE is_active = TRUE) * 100
                  + (SELECT COUNT(*) FROM audit_events)",
        )
        .await
    };
    let before = state().await;
    let calls: [(&str, Vec<(&str, &str)>); 6] = [
        ("save_category", vec![("name", "Hacked")]),
        (
            "save_category",
            vec![
                ("id", learning.as_str()),
                ("name", "Hacked"),
                ("slug", "hacked"),
            ],
        ),
        (
            "archive_category",
            vec![("id", design.as_str()), ("action", "archive")],
        ),
        ("save_brand", vec![("name", "Hacked")]),
        (
            "save_brand",
            vec![("id", northwind.as_str()), ("name", "Hacked")],
        ),
        (
            "archive_brand",
            vec![("id", northwind.as_str()), ("action", "archive")],
        ),
    ];
    for (name, form) in &calls {
        let path = format!("admin/taxonomy/{name}");
        assert_eq!(
            shopper.server_fn(&path, form).await.status,
            403,
            "{name} as a shopper"
        );
        assert_eq!(
            visitor.server_fn(&path, form).await.status,
            401,
            "{name} as a visitor"
        );
    }
    assert_eq!(shopper.get("/_fn/admin/taxonomy/list").await.status, 403);
    let (status, html) = shopper.page("/admin/catalogue").await;
    assert_eq!(status, 403);
    assert!(html.contains(r#"data-testid="staff-only""#));
    assert_eq!(state().await, before, "a refused call changed something");
    let (name,): (String,) = app
        .db
        .one(
            "SELECT name FROM categories WHERE slug = 'learning'",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!(name, "Learning");
}

both_backends!(
    staff_create_rename_and_move_categories,
    staff_create_and_rename_brands,
    archiving_takes_categories_and_brands_out_of_the_shop,
    shoppers_cannot_change_categories_or_brands,
);
