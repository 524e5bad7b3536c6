//! Learning subscriptions (issue 22, first part), both engines: the cart rules with their
//! codes, the subscription started in the transaction that confirms payment (once), and the
//! included courses opening for the subscriber without buying them.

use serde_json::json;

use crate::helpers::TestApp;
use crate::learning_fixtures::{code, digital_order, variant};
use crate::shopper::{Shopper, exec, scalar_i64};

/// One subscription per order, quantity 1; paying starts it (ACTIVE, renewing a month later,
/// the card kept as a token) and it opens every included course — not the others; buying
/// the same plan again is refused; a replayed confirmation starts nothing twice.
async fn subscribing_opens_the_included_courses(app: TestApp) {
    let s = Shopper::new(&app);
    s.register("sam@example.com").await;
    assert_eq!(s.get("/learn/sql-for-analysts").await.status, 403);
    let monthly = variant(&app, "SUB-LEARN-MONTH").await;
    let r = s.add(monthly, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.add(monthly, json!(1)).await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("quantity")),
        "{}",
        r.body
    );
    let r = s.add(variant(&app, "SUB-LEARN-YEAR").await, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "MULTIPLE_SUBSCRIPTIONS_NOT_ALLOWED"),
        "{}",
        r.body
    );

    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let order_id = scalar_i64(&app.db, "SELECT id FROM orders").await;
    let row: (String, String, String, Option<String>, Option<String>) = app
        .db
        .one(
            "SELECT status, period_start, period_end, payment_token, card_label FROM subscriptions",
            services::args![],
        )
        .await
        .unwrap();
    assert_eq!(row.0, "ACTIVE");
    let start: storefront::subscription::Date = row.1.parse().unwrap();
    let end: storefront::subscription::Date = row.2.parse().unwrap();
    assert_eq!(
        end,
        start.plus_months(1, start.day()).unwrap(),
        "renews a month later"
    );
    assert!(
        row.3.is_some_and(|t| t.starts_with("tok_test_")),
        "a token, not a number"
    );
    assert_eq!(row.4.as_deref(), Some("Visa ending in 4242"));

    assert_eq!(s.get("/learn/sql-for-analysts").await.status, 200);
    assert_eq!(
        s.get("/learn/figma-for-teams").await.status,
        403,
        "a cohort course is not included"
    );
    let r = s.add(monthly, json!(1)).await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "ALREADY_SUBSCRIBED"),
        "{}",
        r.body
    );

    exec(
        &app.db,
        &format!("UPDATE orders SET status = 'PENDING' WHERE id = {order_id}"),
    )
    .await;
    services::checkout::confirm_paid(&app.db, order_id, None)
        .await
        .unwrap();
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM subscriptions").await,
        1
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM subscription_events").await,
        1
    );

    // Cancelled for good: the included courses close again.
    exec(&app.db, "UPDATE subscriptions SET status = 'CANCELED'").await;
    assert_eq!(s.get("/learn/sql-for-analysts").await.status, 403);
}

/// A guest cannot subscribe: a subscription belongs to an account.
async fn guests_are_asked_to_sign_in(app: TestApp) {
    let s = Shopper::new(&app);
    let r = s
        .add(variant(&app, "SUB-LEARN-MONTH").await, json!(1))
        .await;
    assert_eq!(
        (r.status, code(&r)),
        (409, "SIGN_IN_REQUIRED"),
        "{}",
        r.body
    );
    assert_eq!(r.body["error"]["link"], "/account/login?next=/cart");
}

both_backends!(
    subscribing_opens_the_included_courses,
    guests_are_asked_to_sign_in
);
