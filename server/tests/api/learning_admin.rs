//! Learning products in the back office (issue 21), both engines, through the server
//! functions as staff: a course's syllabus and places (seen on the shop's product page), a
//! bundle's discount pricing its variant and the cart (and following a course's new price),
//! seat tiers refused by the domain rule, cohorts added (listed by the shop) and removed,
//! drafts created for the composite kinds; a shopper is refused and nothing changes.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::learning_fixtures::variant;
use crate::order_lifecycle::staff;
use crate::shopper::{Reply, Shopper, scalar_i64};

async fn product(app: &TestApp, slug: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT id FROM products WHERE slug = '{slug}'"),
    )
    .await
}

async fn price(app: &TestApp, sku: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT price_amount FROM product_variants WHERE sku = '{sku}'"),
    )
    .await
}

/// The field a 422 from a server function names.
fn field(r: &Reply) -> &str {
    r.body["Invalid"]["field"].as_str().unwrap_or("")
}

/// `YYYY-MM-DD` of today plus `days` (UTC).
fn day(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// A course's syllabus, level and hours are saved and the shop's page shows them; bad ones
/// are a 422 naming the field; places become counted stock (and unlimited again).
async fn staff_edit_a_course(app: TestApp) {
    let admin = staff(&app).await;
    let course = product(&app, "python-for-data-analysis").await.to_string();
    let r = admin
        .server_fn(
            "admin/learning_products/course",
            &[
                ("product_id", course.as_str()),
                (
                    "modules",
                    "Notebooks\r\n\r\nWindow functions in depth\nCharts that explain",
                ),
                ("level", "advanced"),
                ("hours", "15"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, html) = admin.page("/p/python-for-data-analysis").await;
    assert_eq!(status, 200);
    assert!(html.contains("Window functions in depth"), "syllabus shown");
    assert!(!html.contains("pandas DataFrames"), "old syllabus gone");

    for (extra, want) in [
        (("level", "EXPERT"), "level"),
        (("modules", "  \n "), "modules"),
        (("hours", "many"), "hours"),
    ] {
        let mut form = vec![
            ("product_id", course.as_str()),
            ("modules", "One"),
            ("level", "ALL"),
            ("hours", "1"),
        ];
        form.retain(|(k, _)| *k != extra.0);
        form.push(extra);
        let r = admin
            .server_fn("admin/learning_products/course", &form)
            .await;
        assert_eq!((r.status, field(&r)), (422, want), "{extra:?}: {}", r.body);
    }
    // Only a course has a syllabus.
    let bundle = product(&app, "data-analyst-path").await.to_string();
    let r = admin
        .server_fn(
            "admin/learning_products/course",
            &[
                ("product_id", bundle.as_str()),
                ("modules", "One"),
                ("level", "ALL"),
            ],
        )
        .await;
    assert_eq!((r.status, field(&r)), (422, "kind"), "{}", r.body);

    // Places: counted stock with an ADJUSTMENT movement, then unlimited again.
    let v = variant(&app, "CRS-PY-DATA").await;
    let vs = v.to_string();
    let r = admin
        .server_fn(
            "admin/learning_products/capacity",
            &[("variant_id", vs.as_str()), ("capacity", "25")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let on_hand = format!(
        "SELECT CAST(i.on_hand AS BIGINT) FROM inventory i JOIN product_variants v
          ON v.id = i.variant_id WHERE v.id = {v} AND v.track_inventory"
    );
    assert_eq!(scalar_i64(&app.db, &on_hand).await, 25);
    let moves = format!(
        "SELECT COUNT(*) FROM inventory_movements WHERE variant_id = {v} AND reason = 'ADJUSTMENT'"
    );
    assert_eq!(scalar_i64(&app.db, &moves).await, 1);
    let r = admin
        .server_fn(
            "admin/learning_products/capacity",
            &[("variant_id", vs.as_str()), ("capacity", "")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let tracked =
        format!("SELECT COUNT(*) FROM product_variants WHERE id = {v} AND track_inventory");
    assert_eq!(scalar_i64(&app.db, &tracked).await, 0);
    let audits =
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('course.update', 'course.capacity')";
    assert_eq!(scalar_i64(&app.db, audits).await, 3);
}

/// The editor's save of course `slug` with its variant at `price` (a plain decimal).
async fn save_course_price(app: &TestApp, admin: &Shopper, slug: &str, price: &str) -> Reply {
    let (id, name, description, currency, vid, sku): (i64, String, String, String, i64, String) =
        app.db
            .one(
                "SELECT p.id, p.name, p.description, CAST(v.currency AS TEXT), v.id, v.sku
                   FROM products p JOIN product_variants v ON v.product_id = p.id
                  WHERE p.slug = $1",
                services::args![slug],
            )
            .await
            .unwrap();
    let (id, vid) = (id.to_string(), vid.to_string());
    admin
        .server_fn(
            "admin/products/save",
            &[
                ("id", id.as_str()),
                ("name", name.as_str()),
                ("slug", slug),
                ("description", description.as_str()),
                ("kind", "COURSE"),
                ("category", "learning-data-science"),
                ("currency", currency.trim()),
                ("active", "on"),
                ("v_id[0]", vid.as_str()),
                ("v_sku[0]", sku.as_str()),
                ("v_options[0]", ""),
                ("v_price[0]", price),
                ("v_compare[0]", ""),
                ("v_weight[0]", "0"),
                ("v_stock[0]", ""),
                ("v_status[0]", "active"),
            ],
        )
        .await
}

/// 50 % off the Data Analyst Path: its variant costs half its courses, and so does the cart
/// line; a course's new price re-prices the bundles holding it; too few courses or too much
/// off is a 422.
async fn bundle_discount_prices_the_bundle(app: TestApp) {
    let admin = staff(&app).await;
    let bundle = product(&app, "data-analyst-path").await.to_string();
    let skus = ["CRS-PY-DATA", "CRS-SQL-ANALYST", "CRS-ML-BASICS"];
    let mut ids = Vec::new();
    for sku in skus {
        ids.push(variant(&app, sku).await.to_string());
    }
    let save = |extra: Vec<(&'static str, String)>| {
        let (admin, bundle) = (&admin, bundle.clone());
        async move {
            let mut form = vec![("product_id", bundle)];
            form.extend(extra);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            admin
                .server_fn("admin/learning_products/bundle", &form)
                .await
        }
    };
    let courses: Vec<(&'static str, String)> = ["course[0]", "course[1]", "course[2]"]
        .into_iter()
        .zip(ids.iter().cloned())
        .collect();
    let mut fifty = courses.clone();
    fifty.push(("discount_kind", "percent".into()));
    fifty.push(("discount_value", "50".into()));
    let r = save(fifty).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut sum = 0;
    for sku in skus {
        sum += price(&app, sku).await;
    }
    // Half off, rounded half up (`bundle_price`), leaves the rest.
    let half = sum - (sum * 5_000 + 5_000) / 10_000;
    assert_eq!(price(&app, "PATH-DATA").await, half);
    let (status, html) = admin.page("/p/data-analyst-path").await;
    assert_eq!(status, 200);
    assert!(html.contains("bundle-savings"), "the saving is shown");

    let shopper = Shopper::new(&app);
    let path = variant(&app, "PATH-DATA").await;
    let r = shopper.add(path, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let cart = shopper.cart().await;
    let line: Value = cart["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["variant_id"] == path)
        .cloned()
        .unwrap();
    assert_eq!(line["unit_price"]["amount"], half, "{line}");
    assert_eq!(line["line_total"]["amount"], half, "{line}");

    // A course's new price re-prices the bundle.
    let r = save_course_price(&app, &admin, "sql-for-analysts", "79.00").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(price(&app, "CRS-SQL-ANALYST").await, 7_900);
    let mut sum = 0;
    for sku in skus {
        sum += price(&app, sku).await;
    }
    assert_eq!(
        price(&app, "PATH-DATA").await,
        sum - (sum * 5_000 + 5_000) / 10_000
    );

    // Refusals name their field; the price stays.
    let before = price(&app, "PATH-DATA").await;
    let mut one = vec![courses[0].clone()];
    one.push(("discount_kind", "percent".into()));
    one.push(("discount_value", "10".into()));
    let r = save(one).await;
    assert_eq!((r.status, field(&r)), (422, "courses"), "{}", r.body);
    let mut too_much = courses.clone();
    too_much.push(("discount_kind", "amount".into()));
    too_much.push(("discount_value", "100000.00".into()));
    let r = save(too_much).await;
    assert_eq!((r.status, field(&r)), (422, "discount"), "{}", r.body);
    let mut over = courses.clone();
    over.push(("discount_kind", "percent".into()));
    over.push(("discount_value", "120".into()));
    let r = save(over).await;
    assert_eq!((r.status, field(&r)), (422, "discount"), "{}", r.body);
    assert_eq!(price(&app, "PATH-DATA").await, before);
}

/// Seat tiers are checked by the domain (the first starts at 2 seats) and price the licence;
/// a cohort added with 2 places is listed by the shop, one in the past is refused, and a new
/// cohort nobody bought is deleted again; drafts of the composite kinds are created.
async fn tiers_cohorts_and_new_products(app: TestApp) {
    let admin = staff(&app).await;
    let licence = product(&app, "rust-for-web-developers-team-licence")
        .await
        .to_string();
    let course = variant(&app, "CRS-RUST-WEB").await.to_string();
    let tiers = |rows: [(&'static str, &'static str); 2]| {
        let (admin, licence, course) = (&admin, licence.clone(), course.clone());
        async move {
            let form = vec![
                ("product_id", licence.as_str()),
                ("course", course.as_str()),
                ("from[0]", rows[0].0),
                ("unit[0]", rows[0].1),
                ("from[1]", rows[1].0),
                ("unit[1]", rows[1].1),
                ("from[2]", ""),
                ("unit[2]", ""),
            ];
            admin
                .server_fn("admin/learning_products/seat_tiers", &form)
                .await
        }
    };
    let r = tiers([("3", "100.00"), ("10", "90.00")]).await;
    assert_eq!((r.status, field(&r)), (422, "tiers"), "{}", r.body);
    let r = tiers([("2", "90.00"), ("10", "95.00")]).await;
    assert_eq!((r.status, field(&r)), (422, "tiers"), "{}", r.body);
    assert_eq!(price(&app, "LIC-RUST-WEB").await, 10_900, "unchanged");
    let r = tiers([("2", "99.00"), ("20", "80.00")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(price(&app, "LIC-RUST-WEB").await, 9_900);
    let n = format!("SELECT COUNT(*) FROM seat_tiers WHERE product_id = {licence}");
    assert_eq!(scalar_i64(&app.db, &n).await, 2);

    // Cohorts.
    let cert = product(&app, "certified-data-analyst").await.to_string();
    let add = |date: String| {
        let (admin, cert) = (&admin, cert.clone());
        async move {
            admin
                .server_fn(
                    "admin/learning_products/cohort_add",
                    &[
                        ("product_id", cert.as_str()),
                        ("starts_on", date.as_str()),
                        ("capacity", "2"),
                    ],
                )
                .await
        }
    };
    let when = day(400);
    let r = add(when.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, html) = admin.page("/p/certified-data-analyst").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("Exam on {when}")),
        "the cohort is listed"
    );
    assert!(html.contains("2 places left"), "with its places");
    let sku = format!("CERT-DATA-{when}");
    assert_eq!(
        price(&app, &sku).await,
        price(&app, "CERT-DATA-2027-04").await
    );
    let r = add(when.clone()).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = add(day(-1)).await;
    assert_eq!((r.status, field(&r)), (422, "starts_on"), "{}", r.body);
    let r = add("2031-02-30".into()).await;
    assert_eq!((r.status, field(&r)), (422, "starts_on"), "{}", r.body);
    let new_cohort = variant(&app, &sku).await.to_string();
    let r = admin
        .server_fn(
            "admin/learning_products/cohort_remove",
            &[("variant_id", new_cohort.as_str())],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let left = format!("SELECT COUNT(*) FROM product_variants WHERE sku = '{sku}'");
    assert_eq!(
        scalar_i64(&app.db, &left).await,
        0,
        "nobody bought it: deleted"
    );

    // Drafts of the composite kinds.
    let r = admin
        .server_fn(
            "admin/learning_products/create",
            &[
                ("kind", "CERTIFICATION"),
                ("name", "Certified Tester"),
                ("price", "199.00"),
            ],
        )
        .await;
    assert_eq!((r.status, field(&r)), (422, "starts_on"), "{}", r.body);
    let first = day(30);
    let r = admin
        .server_fn(
            "admin/learning_products/create",
            &[
                ("kind", "CERTIFICATION"),
                ("name", "Certified Tester"),
                ("category", "learning-data-science"),
                ("price", "199.00"),
                ("starts_on", first.as_str()),
                ("capacity", "12"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["slug"], "certified-tester");
    let draft = "SELECT COUNT(*) FROM products WHERE slug = 'certified-tester' AND NOT is_active";
    assert_eq!(scalar_i64(&app.db, draft).await, 1);
    assert_eq!(
        price(&app, &format!("CERTIFIED-TESTER-{first}")).await,
        19_900
    );
    let r = admin
        .server_fn(
            "admin/learning_products/create",
            &[("kind", "COURSE_BUNDLE"), ("name", "Certified Tester")],
        )
        .await;
    assert_eq!(r.status, 409, "the address is taken: {}", r.body);
    let r = admin
        .server_fn(
            "admin/learning_products/create",
            &[("kind", "COURSE_BUNDLE"), ("name", "Design Path")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = admin
        .server_fn(
            "admin/learning_products/create",
            &[("kind", "COURSE"), ("name", "Not Here"), ("price", "10.00")],
        )
        .await;
    assert_eq!((r.status, field(&r)), (422, "kind"), "{}", r.body);
}

/// A shopper cannot call the back office's learning functions: 403, nothing written.
async fn shoppers_are_refused(app: TestApp) {
    let s = Shopper::new(&app);
    s.register("learner@example.com").await;
    let course = product(&app, "python-for-data-analysis").await.to_string();
    let before = scalar_i64(&app.db, "SELECT COUNT(*) FROM audit_events").await;
    let r = s
        .server_fn(
            "admin/learning_products/course",
            &[
                ("product_id", course.as_str()),
                ("modules", "Hacked"),
                ("level", "ALL"),
                ("hours", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let cert = product(&app, "certified-data-analyst").await.to_string();
    let when = day(400);
    let r = s
        .server_fn(
            "admin/learning_products/cohort_add",
            &[
                ("product_id", cert.as_str()),
                ("starts_on", when.as_str()),
                ("capacity", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = s
        .server_fn(
            "admin/learning_products/create",
            &[("kind", "COURSE_BUNDLE"), ("name", "Sneaky Path")],
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    let hacked = format!(
        "SELECT COUNT(*) FROM course_details WHERE product_id = {course} AND modules LIKE '%Hacked%'"
    );
    assert_eq!(scalar_i64(&app.db, &hacked).await, 0);
    let cohorts = format!("SELECT COUNT(*) FROM cohorts WHERE starts_on = '{when}'");
    assert_eq!(scalar_i64(&app.db, &cohorts).await, 0);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM products WHERE slug = 'sneaky-path'"
        )
        .await,
        0
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM audit_events").await,
        before
    );
    // A visitor is not even signed in.
    let r = Shopper::new(&app)
        .server_fn("admin/learning_products/panel", &[("id", course.as_str())])
        .await;
    assert!(matches!(r.status, 401 | 403), "{}: {}", r.status, r.body);
}

both_backends!(
    staff_edit_a_course,
    bundle_discount_prices_the_bundle,
    tiers_cohorts_and_new_products,
    shoppers_are_refused,
);
