//! Learning subscriptions (issue 22, self-service), both engines: the subscriber cancels at
//! the end of the period from `/account/subscriptions` — access stays until then — and takes
//! it back; nobody else can touch their subscription; every change leaves an event row.

use serde_json::json;

use crate::helpers::TestApp;
use crate::learning_fixtures::{digital_order, variant};
use crate::shopper::{Shopper, exec, scalar_i64};

const COURSE: &str = "/learn/sql-for-analysts";
const PAGE: &str = "/account/subscriptions";

/// A signed-in subscriber to the monthly plan; the subscription's id.
async fn subscriber(app: &TestApp) -> (Shopper, i64) {
    let s = Shopper::new(app);
    s.register("sam@example.com").await;
    let r = s.add(variant(app, "SUB-LEARN-MONTH").await, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    (s, scalar_i64(&app.db, "SELECT id FROM subscriptions").await)
}

/// The stored status and cancellation flag.
async fn state(app: &TestApp, id: i64) -> (String, bool) {
    app.db
        .one(
            "SELECT status, cancel_at_period_end FROM subscriptions WHERE id = $1",
            services::args![id],
        )
        .await
        .unwrap()
}

async fn events(app: &TestApp, id: i64, event: &str) -> i64 {
    scalar_i64(
        &app.db,
        &format!(
            "SELECT COUNT(*) FROM subscription_events
              WHERE subscription_id = {id} AND event = '{event}'"
        ),
    )
    .await
}

/// Cancel at period end: the flag is set, the subscription stays ACTIVE and its courses
/// open, the page says when it ends; cancelling again changes nothing; "Keep my
/// subscription" clears the flag. One event row per change, from = to = ACTIVE.
async fn subscriber_cancels_at_period_end_and_resumes(app: TestApp) {
    let (s, id) = subscriber(&app).await;
    let (status, html) = s.page(PAGE).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"subscriptions-page\""),
        "{html}"
    );
    assert!(html.contains("Next charge on"), "{html}");
    assert!(html.contains("Visa ending in 4242"), "{html}");
    assert!(
        html.contains("data-testid=\"cancel-subscription\""),
        "{html}"
    );

    let period_end: (String,) = app
        .db
        .one(
            "SELECT period_end FROM subscriptions WHERE id = $1",
            services::args![id],
        )
        .await
        .unwrap();
    let id_text = id.to_string();
    let r = s
        .server_fn("subscriptions/cancel", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, json!(period_end.0), "the answer is the end date");
    assert_eq!(state(&app, id).await, ("ACTIVE".to_string(), true));
    assert_eq!(s.get(COURSE).await.status, 200, "access until the end");
    let (_, html) = s.page(PAGE).await;
    assert!(
        html.contains(&format!("Ends on {}", period_end.0)),
        "{html}"
    );
    assert!(
        html.contains("data-testid=\"resume-subscription\""),
        "{html}"
    );
    assert!(!html.contains("data-testid=\"next-charge\""), "{html}");
    assert_eq!(events(&app, id, "CANCEL_SCHEDULED").await, 1);

    let r = s
        .server_fn("subscriptions/cancel", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 200, "already scheduled: {}", r.body);
    assert_eq!(events(&app, id, "CANCEL_SCHEDULED").await, 1, "no change");

    let r = s
        .server_fn("subscriptions/resume", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(state(&app, id).await, ("ACTIVE".to_string(), false));
    assert_eq!(events(&app, id, "CANCEL_UNSCHEDULED").await, 1);
    let (from, to, actor): (Option<String>, String, String) = app
        .db
        .one(
            "SELECT from_status, to_status, actor FROM subscription_events
              WHERE subscription_id = $1 AND event = 'CANCEL_UNSCHEDULED'",
            services::args![id],
        )
        .await
        .unwrap();
    assert_eq!(
        (from.as_deref(), to.as_str(), actor.as_str()),
        (Some("ACTIVE"), "ACTIVE", "customer")
    );

    // Without JavaScript: a plain form post comes back to the page with a flash.
    let r = s
        .form_post("subscriptions/cancel", &[("id", id_text.as_str())], PAGE)
        .await;
    assert!((300..400).contains(&r.status), "{} {}", r.status, r.body);
    assert_eq!(r.location.as_deref(), Some(PAGE));
    assert_eq!(state(&app, id).await, ("ACTIVE".to_string(), true));
    assert_eq!(events(&app, id, "CANCEL_SCHEDULED").await, 2);
}

/// Someone else's subscription, or one that does not exist, is a 404 and nothing changes;
/// a canceled one cannot be cancelled again (409).
async fn only_the_owner_can_cancel(app: TestApp) {
    let (owner, id) = subscriber(&app).await;
    let other = Shopper::new(&app);
    other.register("other@example.com").await;
    let id_text = id.to_string();
    for name in ["subscriptions/cancel", "subscriptions/resume"] {
        let r = other.server_fn(name, &[("id", id_text.as_str())]).await;
        assert_eq!(r.status, 404, "{name}: {}", r.body);
    }
    assert_eq!(state(&app, id).await, ("ACTIVE".to_string(), false));
    let (status, html) = other.page(PAGE).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"subscriptions-empty\""),
        "{html}"
    );

    for unknown in ["999999", "abc", "0"] {
        let r = other
            .server_fn("subscriptions/cancel", &[("id", unknown)])
            .await;
        assert_eq!(r.status, 404, "{unknown}: {}", r.body);
    }
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM subscription_events WHERE event <> 'STARTED'"
        )
        .await,
        0
    );

    exec(&app.db, "UPDATE subscriptions SET status = 'CANCELED'").await;
    let r = owner
        .server_fn("subscriptions/cancel", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
}

both_backends!(
    subscriber_cancels_at_period_end_and_resumes,
    only_the_owner_can_cancel
);
