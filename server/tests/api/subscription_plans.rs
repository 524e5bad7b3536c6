//! Subscription plans in the back office and free trials (issue 22), both engines: staff set
//! a plan's billing interval and free trial and which courses the subscription includes (a
//! subscriber's access follows at once); bad terms are a 422 naming the field, a shopper is
//! refused; a new SUBSCRIPTION product gets default terms and a plan without terms is not
//! sold. A trial is free at checkout (a zero order, no tax), starts TRIALING at the plan's
//! price and is charged at its end: to the card given at checkout, or — with no card —
//! it goes PAST_DUE ("There is no card on file.") and the card the subscriber then adds pays
//! at once.

use serde_json::{Value, json};
use services::args;
use services::subscriptions::renew::RenewalReport;
use storefront::subscription::Date;

use crate::helpers::TestApp;
use crate::learning_fixtures::{code, digital_order, learner, variant};
use crate::order_lifecycle::staff;
use crate::renewals::{billing, card, go_to, pass, sub_state, subscriber};
use crate::shopper::{Reply, Shopper, exec, scalar_i64};

const COURSE: &str = "/learn/sql-for-analysts";
const GOOD: &str = "4242424242424242";
const TRIAL_TEXT: &str = "Free for 14 days, then $29.00 / month";
const TRIAL_NOTE: &str = "Free trial — then $29.00 / month";

async fn product(app: &TestApp, slug: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT id FROM products WHERE slug = '{slug}'"),
    )
    .await
}

/// The field a 422 from a server function names.
fn field(r: &Reply) -> &str {
    r.body["Invalid"]["field"].as_str().unwrap_or("")
}

/// Staff save plan `plan`'s terms.
async fn save_plan(admin: &Shopper, plan: i64, interval: &str, trial_days: &str) -> Reply {
    let id = plan.to_string();
    admin
        .server_fn(
            "admin/learning_products/plan",
            &[
                ("product_id", id.as_str()),
                ("billing_interval", interval),
                ("trial_days", trial_days),
            ],
        )
        .await
}

/// Staff tick (or untick) "Included in the learning subscription" on course `course`.
async fn set_included(admin: &Shopper, course: i64, included: bool) -> Reply {
    let id = course.to_string();
    let mut form = vec![("product_id", id.as_str())];
    if included {
        form.push(("included", "on"));
    }
    admin
        .server_fn("admin/learning_products/included", &form)
        .await
}

/// Plan `plan`'s stored interval and trial days.
async fn plan_row(app: &TestApp, plan: i64) -> (String, i32) {
    app.db
        .one(
            "SELECT billing_interval, trial_days FROM subscription_plans WHERE product_id = $1",
            args![plan],
        )
        .await
        .unwrap()
}

async fn included(app: &TestApp, course: i64) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT COUNT(*) FROM products WHERE id = {course} AND included_in_subscription"),
    )
    .await
}

async fn audits(app: &TestApp, action: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!("SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"),
    )
    .await
}

/// The editor's save of the annual plan as product type `kind` (its fields otherwise as
/// stored).
async fn save_annual_as(app: &TestApp, admin: &Shopper, kind: &str) -> Reply {
    let (id, name, description, currency, vid, sku): (i64, String, String, String, i64, String) =
        app.db
            .one(
                "SELECT p.id, p.name, p.description, CAST(v.currency AS TEXT), v.id, v.sku
                   FROM products p JOIN product_variants v ON v.product_id = p.id
                  WHERE p.slug = 'learning-subscription-annual'",
                args![],
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
                ("slug", "learning-subscription-annual"),
                ("description", description.as_str()),
                ("kind", kind),
                ("currency", currency.trim()),
                ("active", "on"),
                ("v_id[0]", vid.as_str()),
                ("v_sku[0]", sku.as_str()),
                ("v_options[0]", ""),
                ("v_price[0]", "290.00"),
                ("v_compare[0]", ""),
                ("v_weight[0]", "0"),
                ("v_stock[0]", ""),
                ("v_status[0]", "active"),
            ],
        )
        .await
}

/// Staff give the monthly plan a 14-day trial and change which courses are included (a
/// subscriber's access follows, with and without JavaScript); the trial shows on the plan's
/// page; bad terms are a 422 naming the field; a plan with subscribers keeps its interval
/// and its kind; a new SUBSCRIPTION product gets default terms, and a plan without terms is
/// refused by the cart; a shopper is refused and nothing changes.
async fn staff_set_plan_terms_and_included_courses(app: TestApp) {
    let admin = staff(&app).await;
    let monthly = product(&app, "learning-subscription-monthly").await;
    let annual = product(&app, "learning-subscription-annual").await;
    let course = product(&app, "sql-for-analysts").await;
    let (s, _, _) = subscriber(&app, "sam@example.com", "SUB-LEARN-YEAR").await;
    assert_eq!(s.get(COURSE).await.status, 200);

    // The editor's Learning panel: the plan's terms, the course's checkbox.
    let (status, html) = admin.page(&format!("/admin/products/{monthly}")).await;
    assert_eq!(status, 200);
    for testid in ["plan-interval", "plan-trial-days"] {
        assert!(
            html.contains(&format!("data-testid=\"{testid}\"")),
            "the plan's editor lacks {testid}"
        );
    }
    let editor = format!("/admin/products/{course}");
    let (status, html) = admin.page(&editor).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"included-in-subscription\""));

    // A 14-day trial, shown on the plan's page.
    let r = save_plan(&admin, monthly, "month", "14").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(plan_row(&app, monthly).await, ("MONTH".to_string(), 14));
    let (status, html) = Shopper::new(&app)
        .page("/p/learning-subscription-monthly")
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"plan-trial\""),
        "the trial is shown"
    );
    assert!(html.contains(TRIAL_TEXT), "with what follows it");

    // Bad terms name their field; nothing changes.
    for (interval, trial, want) in [
        ("MONTH", "366", "trial_days"),
        ("MONTH", "two weeks", "trial_days"),
        ("MONTH", "-1", "trial_days"),
        ("WEEK", "7", "billing_interval"),
    ] {
        let r = save_plan(&admin, monthly, interval, trial).await;
        assert_eq!(
            (r.status, field(&r)),
            (422, want),
            "{interval} / {trial}: {}",
            r.body
        );
    }
    assert_eq!(plan_row(&app, monthly).await, ("MONTH".to_string(), 14));
    let r = save_plan(&admin, course, "MONTH", "0").await;
    assert_eq!((r.status, field(&r)), (422, "kind"), "{}", r.body);
    // The annual plan has a subscriber: its interval and kind stay.
    let r = save_plan(&admin, annual, "MONTH", "0").await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(plan_row(&app, annual).await, ("YEAR".to_string(), 0));
    let r = save_annual_as(&app, &admin, "PHYSICAL").await;
    assert_eq!(r.status, 409, "{}", r.body);
    let kind =
        format!("SELECT COUNT(*) FROM products WHERE id = {annual} AND kind = 'SUBSCRIPTION'");
    assert_eq!(scalar_i64(&app.db, &kind).await, 1);

    // Included courses: unticked without JavaScript (back to the editor), ticked again with.
    let id = course.to_string();
    let r = admin
        .form_post(
            "admin/learning_products/included",
            &[("product_id", id.as_str())],
            &editor,
        )
        .await;
    assert!((300..400).contains(&r.status), "{} {}", r.status, r.body);
    assert_eq!(r.location.as_deref(), Some(editor.as_str()));
    assert_eq!(included(&app, course).await, 0);
    assert_eq!(s.get(COURSE).await.status, 403, "no longer included");
    let r = set_included(&admin, course, true).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(included(&app, course).await, 1);
    assert_eq!(s.get(COURSE).await.status, 200, "included again");
    let r = set_included(&admin, monthly, true).await;
    assert_eq!(
        (r.status, field(&r)),
        (422, "kind"),
        "only a course: {}",
        r.body
    );
    assert_eq!(audits(&app, "plan.update").await, 1);
    assert_eq!(audits(&app, "course.included").await, 2);

    // A new SUBSCRIPTION product gets default terms (monthly, no trial) and no stock count.
    let r = admin
        .server_fn(
            "admin/products/save",
            &[
                ("id", ""),
                ("name", "Team Learning Plan"),
                ("slug", ""),
                ("description", "Every included course, for a team lead."),
                ("kind", "SUBSCRIPTION"),
                ("currency", "USD"),
                ("active", "on"),
                ("v_id[0]", ""),
                ("v_sku[0]", "SUB-TEAM-MONTH"),
                ("v_options[0]", ""),
                ("v_price[0]", "49.00"),
                ("v_compare[0]", ""),
                ("v_weight[0]", "0"),
                ("v_stock[0]", ""),
                ("v_status[0]", "active"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let team = r.body["id"].as_i64().expect("the new product's id");
    assert_eq!(plan_row(&app, team).await, ("MONTH".to_string(), 0));
    let tracked =
        "SELECT COUNT(*) FROM product_variants WHERE sku = 'SUB-TEAM-MONTH' AND track_inventory";
    assert_eq!(scalar_i64(&app.db, tracked).await, 0);

    // A plan without terms is not sold (its subscription could not start); with them it is.
    exec(
        &app.db,
        &format!("DELETE FROM subscription_plans WHERE product_id = {team}"),
    )
    .await;
    let l = learner(&app, "lee@example.com").await;
    let team_variant = variant(&app, "SUB-TEAM-MONTH").await;
    let r = l.add(team_variant, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "PLAN_NOT_AVAILABLE"),
        "{}",
        r.body
    );
    assert_eq!(r.message(), "This plan is not available yet.");
    let r = save_plan(&admin, team, "YEAR", "0").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = l.add(team_variant, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);

    // A shopper is refused; nothing changes.
    let before = scalar_i64(&app.db, "SELECT COUNT(*) FROM audit_events").await;
    let r = save_plan(&s, monthly, "MONTH", "30").await;
    assert_eq!(r.status, 403, "{}", r.body);
    let r = set_included(&s, course, false).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(plan_row(&app, monthly).await, ("MONTH".to_string(), 14));
    assert_eq!(included(&app, course).await, 1);
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM audit_events").await,
        before
    );
}

/// A subscription's row: status, price, period start and end, anchor day, card token, card
/// label, last error.
type SubRow = (
    String,
    i64,
    String,
    String,
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
);

async fn sub_row(app: &TestApp, id: i64) -> SubRow {
    app.db
        .one(
            "SELECT status, price_amount, period_start, period_end, anchor_day, payment_token,
                    card_label, last_error
               FROM subscriptions WHERE id = $1",
            args![id],
        )
        .await
        .unwrap()
}

/// The monthly plan with a 14-day trial; a new subscriber (`email`) checks out with the test
/// card (`with_card`) or without any. The cart line and the order cost nothing (no tax, no
/// payment); the subscription is TRIALING at the plan's price for 14 days (anchored on the
/// trial's end) and opens the included courses. The shopper, the subscription's id and its
/// user, the trial's end.
async fn trial_subscriber(
    app: &TestApp,
    email: &str,
    with_card: bool,
) -> (Shopper, i64, i64, Date) {
    let admin = staff(app).await;
    let monthly = product(app, "learning-subscription-monthly").await;
    let r = save_plan(&admin, monthly, "MONTH", "14").await;
    assert_eq!(r.status, 200, "{}", r.body);

    let s = learner(app, email).await;
    assert_eq!(s.get(COURSE).await.status, 403);
    let plan = variant(app, "SUB-LEARN-MONTH").await;
    let r = s.add(plan, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let cart = s.cart().await;
    let line: Value = cart["items"][0].clone();
    assert_eq!(line["variant_id"], plan, "{line}");
    assert_eq!(line["unit_price"]["amount"], 0, "the trial is free: {line}");
    assert_eq!(line["line_total"]["amount"], 0, "{line}");
    assert_eq!(line["note"], TRIAL_NOTE, "{line}");
    assert!(line["price_notice"].is_null(), "no price change: {line}");
    let (_, html) = s.page("/cart").await;
    assert!(html.contains(TRIAL_NOTE), "the cart page shows the note");

    let mut body = digital_order();
    if !with_card {
        body.as_object_mut().unwrap().remove("payment");
    }
    let r = s.post_json("/api/orders", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (subtotal, tax, total): (i64, i64, i64) = app
        .db
        .one(
            "SELECT subtotal_amount, tax_amount, total_amount FROM orders WHERE kind = 'CHECKOUT'",
            args![],
        )
        .await
        .unwrap();
    assert_eq!((subtotal, tax, total), (0, 0, 0), "nothing to pay, no tax");
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT unit_price_amount FROM order_items WHERE product_kind = 'SUBSCRIPTION'"
        )
        .await,
        0
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM payments").await,
        0,
        "nothing charged"
    );

    let (id, user): (i64, i64) = app
        .db
        .one(
            "SELECT s.id, s.user_id FROM subscriptions s JOIN users u ON u.id = s.user_id
              WHERE u.email = $1",
            args![email],
        )
        .await
        .unwrap();
    let (status, price, start, end, anchor, token, label, _) = sub_row(app, id).await;
    let (start, end): (Date, Date) = (start.parse().unwrap(), end.parse().unwrap());
    assert_eq!(status, "TRIALING");
    assert_eq!(price, 2_900, "the plan's price, not the line's 0");
    assert_eq!(end, start.plus_days(14).unwrap());
    assert_eq!(
        anchor,
        i32::from(end.day()),
        "paid periods follow the trial's end"
    );
    assert_eq!(
        token.is_some(),
        with_card,
        "the card given at checkout is kept"
    );
    assert_eq!(label.is_some(), with_card);
    assert_eq!(
        s.get(COURSE).await.status,
        200,
        "the trial opens the courses"
    );
    let (_, html) = s.page("/p/learning-subscription-monthly").await;
    assert!(html.contains(TRIAL_TEXT));
    (s, id, user, end)
}

/// The RENEWAL order's total and tax, and its line's unit price.
async fn renewal(app: &TestApp, id: i64) -> (i64, i64, i64) {
    app.db
        .one(
            "SELECT o.total_amount, o.tax_amount, i.unit_price_amount
               FROM orders o JOIN order_items i ON i.order_id = o.id
              WHERE o.kind = 'RENEWAL' AND o.subscription_id = $1",
            args![id],
        )
        .await
        .unwrap()
}

async fn events(app: &TestApp, id: i64, event: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM subscription_events
          WHERE subscription_id = {id} AND event = '{event}'"
    );
    scalar_i64(&app.db, &sql).await
}

/// With the card given at a free checkout: nothing is due before the trial ends; at its end
/// the billing pass charges the plan's price (with tax) to that card — ACTIVE, a RENEWAL
/// order, the month anchored on the trial's end.
async fn a_trial_is_free_then_the_card_on_file_pays(app: TestApp) {
    let (s, id, _, end) = trial_subscriber(&app, "tia@example.com", true).await;
    go_to(&app, end.plus_days(-1).unwrap());
    assert_eq!(
        pass(&app).await,
        RenewalReport::default(),
        "still in the trial"
    );
    go_to(&app, end);
    let r = pass(&app).await;
    assert_eq!((r.renewed, r.failed), (1, 0), "{r:?}");
    let (st, start, new_end, failed, retry) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), failed, retry), ("ACTIVE", 0, None));
    assert_eq!(start, end);
    assert_eq!(new_end, end.plus_months(1, end.day()).unwrap());
    let (total, tax, unit) = renewal(&app, id).await;
    assert_eq!(unit, 2_900);
    assert!(tax >= 0);
    assert_eq!(total, 2_900 + tax);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id
              WHERE o.kind = 'RENEWAL'"
        )
        .await,
        1
    );
    assert_eq!(events(&app, id, "TRIAL_CONVERTED").await, 1);
    assert_eq!(sub_row(&app, id).await.4, i32::from(end.day()));
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// A free checkout without a card: at the trial's end the charge fails with "There is no
/// card on file." — PAST_DUE (access kept, a mail asking for a card, no error); the card
/// the subscriber then adds is charged at once: ACTIVE with a RENEWAL order, anchored on the
/// trial's end.
async fn a_trial_without_a_card_asks_for_one_at_its_end(app: TestApp) {
    let (s, id, user, end) = trial_subscriber(&app, "noa@example.com", false).await;
    go_to(&app, end);
    let r = pass(&app).await;
    assert_eq!((r.renewed, r.failed), (0, 1), "{r:?}");
    let (st, _, _, failed, retry) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), failed), ("PAST_DUE", 1));
    assert_eq!(retry, Some(end.plus_days(1).unwrap().to_string()));
    assert_eq!(
        sub_row(&app, id).await.7.as_deref(),
        Some("There is no card on file.")
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM outbox WHERE topic = 'subscription.subscription_payment_failed'"
        )
        .await,
        1
    );
    assert_eq!(s.get(COURSE).await.status, 200, "access continues in grace");
    let (status, html) = s.page("/account/subscriptions").await;
    assert_eq!(status, 200, "the account page shows it");
    assert!(
        html.contains("There is no card on file."),
        "with why it is past due"
    );

    let done = services::subscriptions::card::update_card(
        billing(&app),
        user,
        id,
        &card(GOOD),
        app.clock.now(),
    )
    .await
    .unwrap();
    assert!(done.paid_invoice.is_some(), "{done:?}");
    assert_eq!(done.refused, None);
    let (st, start, new_end, failed, retry) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), failed, retry), ("ACTIVE", 0, None));
    assert_eq!(
        (start, new_end),
        (end, end.plus_months(1, end.day()).unwrap())
    );
    assert_eq!(sub_row(&app, id).await.4, i32::from(end.day()));
    let (total, tax, unit) = renewal(&app, id).await;
    assert_eq!(unit, 2_900);
    assert!(tax >= 0);
    assert_eq!(total, 2_900 + tax);
    assert_eq!(events(&app, id, "PAYMENT_RECOVERED").await, 1);
    assert_eq!(s.get(COURSE).await.status, 200);
}

both_backends!(
    staff_set_plan_terms_and_included_courses,
    a_trial_is_free_then_the_card_on_file_pays,
    a_trial_without_a_card_asks_for_one_at_its_end,
);
