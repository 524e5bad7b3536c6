//! Learning subscriptions in the back office (issue 22, staff), both engines, driven by the
//! app's injected clock: the list (filter, search) and one subscription with its history and
//! invoices, through the pages, the server functions and the staff API; customers and
//! visitors are refused and nothing changes; "retry now" recovers a past-due subscription;
//! "cancel now" ends access at once and mails the subscriber; "refund the last period"
//! refunds the newest paid order and cancels; the dashboard's subscription figures.

use serde_json::{Value, json};
use services::args;
use storefront::subscription::Date;

use crate::helpers::{ADMIN_EMAIL, TestApp};
use crate::order_lifecycle::staff;
use crate::renewals::{card, go_to, pass, sub_state, subscriber};
use crate::shopper::{Shopper, exec, scalar_i64};

const COURSE: &str = "/learn/sql-for-analysts";
const MONTHLY: &str = "SUB-LEARN-MONTH";
const DECLINED: &str = "4000000000000002";
const GOOD: &str = "4242424242424242";

fn staff_label() -> String {
    format!("staff:{ADMIN_EMAIL}")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    scalar_i64(&app.db, sql).await
}

/// How many `event` rows subscription `id` has.
async fn events(app: &TestApp, id: i64, event: &str) -> i64 {
    count(
        app,
        &format!(
            "SELECT COUNT(*) FROM subscription_events
              WHERE subscription_id = {id} AND event = '{event}'"
        ),
    )
    .await
}

/// Subscription mails with `template` in the outbox.
async fn mails(app: &TestApp, template: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) FROM outbox WHERE topic = 'subscription.{template}'"),
    )
    .await
}

/// `audit_events` rows of `action` on subscription `id`.
async fn audits(app: &TestApp, id: i64, action: &str) -> i64 {
    count(
        app,
        &format!(
            "SELECT COUNT(*) FROM audit_events
              WHERE entity_type = 'subscription' AND entity_id = {id} AND action = '{action}'"
        ),
    )
    .await
}

/// Whether a subscription's `history` (staff JSON) has `event` by `actor`.
fn has_event(sub: &Value, event: &str, actor: &str) -> bool {
    sub["history"]
        .as_array()
        .expect("history")
        .iter()
        .any(|e| e["event"] == event && e["actor"] == actor)
}

fn actions(sub: &Value) -> Vec<String> {
    sub["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

/// The ids in a page of the staff list.
fn ids(page: &Value) -> Vec<i64> {
    page["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

/// The subscriber puts a card the bank refuses on file (through the API) and the billing
/// pass on the renewal date is refused: PAST_DUE. The renewal date.
async fn make_past_due(app: &TestApp, s: &Shopper, id: i64) -> Date {
    let r = s
        .post_json(
            &format!("/api/me/subscriptions/{id}/card"),
            json!({"cardNumber": DECLINED, "expMonth": "12", "expYear": "2030", "cvc": "123"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (_, _, end, _, _) = sub_state(app, id).await;
    go_to(app, end);
    assert!(pass(app).await.failed >= 1);
    let (status, _, _, failed, _) = sub_state(app, id).await;
    assert_eq!((status.as_str(), failed), ("PAST_DUE", 1));
    end
}

/// Staff see the subscription in the list (page, API, server function), filtered by status
/// (a bad status is a 422 naming the field) and found by email; its page and JSON show the
/// STARTED event, the first invoice and the actions allowed (cancel, refund — no retry while
/// ACTIVE). An unknown id is a 404 everywhere.
async fn staff_list_and_open_a_subscription(app: TestApp) {
    let (_s, id, user) = subscriber(&app, "sam@example.com", MONTHLY).await;
    let admin = staff(&app).await;

    let r = admin.get("/api/admin/subscriptions").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body), vec![id]);
    let row = &r.body["rows"][0];
    assert_eq!(row["email"], "sam@example.com");
    assert_eq!(row["user_id"], user);
    assert_eq!(row["status"], "ACTIVE");
    assert_eq!(row["interval"], "MONTH");
    assert_eq!(row["price"]["amount"], 2_900);
    assert_eq!(row["failed_attempts"], 0);
    assert_eq!(row["url"], format!("/admin/subscriptions/{id}").as_str());

    for (query, want) in [
        ("status=ACTIVE", vec![id]),
        ("status=active", vec![id]),
        ("status=CANCELED", vec![]),
        ("q=sam%40example", vec![id]),
        ("q=nobody%40example", vec![]),
    ] {
        let r = admin
            .get(&format!("/api/admin/subscriptions?{query}"))
            .await;
        assert_eq!(r.status, 200, "{query}: {}", r.body);
        assert_eq!(ids(&r.body), want, "{query}");
    }
    let r = admin.get("/api/admin/subscriptions?status=bogus").await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("status")),
        "{}",
        r.body
    );

    let r = admin
        .get("/_fn/admin/subscriptions/list?filter[status]=ACTIVE")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body), vec![id]);
    let r = admin
        .get("/_fn/admin/subscriptions/list?filter[status]=bogus")
        .await;
    assert_eq!(
        (r.status, r.body["Invalid"]["field"].as_str()),
        (422, Some("status")),
        "{}",
        r.body
    );

    let (status, html) = admin.page("/admin/subscriptions").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"subscription-row\""), "{html}");
    assert!(html.contains("sam@example.com"), "{html}");
    let (status, html) = admin.page("/admin/subscriptions?status=ACTIVE").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"subscription-row\""), "{html}");
    let (status, html) = admin.page("/admin/subscriptions?status=CANCELED").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"subscriptions-empty\""),
        "{html}"
    );
    let (status, _) = admin.page("/admin/subscriptions?status=bogus").await;
    assert_eq!(status, 422);

    // One subscription: history, invoices, actions.
    let invoice: (String,) = app
        .db
        .one(
            "SELECT invoice_number FROM orders WHERE subscription_id = $1",
            args![id],
        )
        .await
        .unwrap();
    let invoice = invoice.0;
    let r = admin.get(&format!("/api/admin/subscriptions/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let sub = &r.body;
    assert_eq!(sub["status"], "ACTIVE");
    assert_eq!(sub["email"], "sam@example.com");
    assert_eq!(sub["provider"], "TEST");
    assert_eq!(sub["card_label"], "Visa ending in 4242");
    assert_eq!(sub["history"][0]["event"], "STARTED", "{sub}");
    let invoices = sub["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 1, "{sub}");
    assert_eq!(invoices[0]["invoice_number"], invoice.as_str());
    assert_eq!(invoices[0]["kind"], "CHECKOUT");
    assert_eq!(invoices[0]["payment_status"], "CAPTURED");
    let order_number = invoices[0]["order_number"].as_str().unwrap();
    assert_eq!(
        invoices[0]["order_url"],
        format!("/admin/orders/{order_number}").as_str()
    );
    assert_eq!(actions(sub), vec!["pause", "cancel", "refund_last"]);

    let r = admin
        .get(&format!("/_fn/admin/subscriptions/get?id={id}"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["history"][0]["event"], "STARTED", "{}", r.body);
    assert_eq!(r.body["invoices"][0]["invoice_number"], invoice.as_str());

    let (status, html) = admin.page(&format!("/admin/subscriptions/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"admin-subscription\""),
        "{html}"
    );
    assert!(html.contains("data-event=\"STARTED\""), "{html}");
    assert!(
        html.contains("data-testid=\"subscription-invoice\""),
        "{html}"
    );
    assert!(html.contains(&invoice), "{html}");
    assert!(html.contains("data-testid=\"cancel-now\""), "{html}");
    assert!(html.contains("data-testid=\"refund-last\""), "{html}");
    assert!(!html.contains("data-testid=\"retry-now\""), "{html}");

    // Unknown ids.
    for path in [
        "/api/admin/subscriptions/999999",
        "/api/admin/subscriptions/abc",
        "/_fn/admin/subscriptions/get?id=999999",
    ] {
        let r = admin.get(path).await;
        assert_eq!(r.status, 404, "{path}: {}", r.body);
    }
    let r = admin.get("/_fn/admin/subscriptions/get?id=abc").await;
    assert_eq!(r.status, 400, "{}", r.body);
    for action in ["retry", "cancel", "refund-last"] {
        let r = admin
            .post_json(
                &format!("/api/admin/subscriptions/999999/{action}"),
                json!({}),
            )
            .await;
        assert_eq!(r.status, 404, "{action}: {}", r.body);
        let r = admin
            .server_fn(
                &format!("admin/subscriptions/{action}"),
                &[("id", "999999")],
            )
            .await;
        assert_eq!(r.status, 404, "{action}: {}", r.body);
    }
    let (status, _) = admin.page("/admin/subscriptions/999999").await;
    assert_eq!(status, 404);
}

/// A customer (even the subscriber) gets 403 from every staff endpoint and server function
/// and the back-office pages, a visitor 401; nothing changes.
async fn customers_are_refused_the_back_office(app: TestApp) {
    let (s, id, _) = subscriber(&app, "sam@example.com", MONTHLY).await;
    let visitor = Shopper::new(&app);
    let id_text = id.to_string();
    let reads = [
        "/api/admin/subscriptions".to_string(),
        "/api/admin/subscriptions/metrics".to_string(),
        format!("/api/admin/subscriptions/{id}"),
        "/_fn/admin/subscriptions/list?filter[status]=ACTIVE".to_string(),
        "/_fn/admin/subscriptions/metrics".to_string(),
        format!("/_fn/admin/subscriptions/get?id={id}"),
    ];
    for (who, code) in [(&visitor, 401), (&s, 403)] {
        for path in &reads {
            let r = who.get(path).await;
            assert_eq!(r.status, code, "{path}: {}", r.body);
        }
        for action in ["retry", "cancel", "refund-last"] {
            let r = who
                .post_json(
                    &format!("/api/admin/subscriptions/{id}/{action}"),
                    json!({}),
                )
                .await;
            assert_eq!(r.status, code, "REST {action}: {}", r.body);
            let r = who
                .server_fn(
                    &format!("admin/subscriptions/{action}"),
                    &[("id", id_text.as_str())],
                )
                .await;
            assert_eq!(r.status, code, "server fn {action}: {}", r.body);
        }
    }
    for page in [
        "/admin/subscriptions".to_string(),
        format!("/admin/subscriptions/{id}"),
    ] {
        let (status, _) = s.page(&page).await;
        assert_eq!(status, 403, "{page}");
    }

    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM subscription_events WHERE event <> 'STARTED'"
        )
        .await,
        0
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM refunds").await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE entity_type = 'subscription'"
        )
        .await,
        0
    );
    assert_eq!(mails(&app, "subscription_canceled").await, 0);
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// "Retry now" is for a past-due subscription only (409 while ACTIVE). Past due, a retry
/// with the refused card still on file is an answer (FAILED), not an error; once the bank
/// accepts the card, "retry now" takes the payment: ACTIVE, a RENEWAL invoice, one
/// PAYMENT_RECOVERED event by staff, an audit row per retry, access kept; retrying again is
/// a 409. The dashboard counts the recovery.
async fn retry_now_recovers_a_past_due_subscription(app: TestApp) {
    let (s, id, _) = subscriber(&app, "pat@example.com", MONTHLY).await;
    let admin = staff(&app).await;
    let id_text = id.to_string();
    let retry = format!("/api/admin/subscriptions/{id}/retry");

    let r = admin.post_json(&retry, json!({})).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = admin
        .server_fn("admin/subscriptions/retry", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(audits(&app, id, "subscription.retry").await, 0);

    let end = make_past_due(&app, &s, id).await;
    let r = admin.get(&format!("/api/admin/subscriptions/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["status"], "PAST_DUE");
    assert_eq!(r.body["failed_attempts"], 1);
    assert!(r.body["last_error"].is_string(), "{}", r.body);
    assert_eq!(
        r.body["next_retry_on"],
        end.plus_days(1).unwrap().to_string()
    );
    assert!(
        actions(&r.body).contains(&"retry".to_string()),
        "{}",
        r.body
    );
    let (status, html) = admin.page(&format!("/admin/subscriptions/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"retry-now\""), "{html}");
    assert!(html.contains("data-event=\"PAYMENT_FAILED\""), "{html}");
    let r = admin.get("/api/admin/subscriptions?status=PAST_DUE").await;
    assert_eq!(ids(&r.body), vec![id], "{}", r.body);

    // The refused card again: an answer, still past due.
    let r = admin
        .server_fn("admin/subscriptions/retry", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["outcome"], "FAILED", "{}", r.body);
    let (status, _, _, failed, _) = sub_state(&app, id).await;
    assert_eq!((status.as_str(), failed), ("PAST_DUE", 2));

    // The bank accepts the card now.
    let good = card(GOOD).token;
    exec(
        &app.db,
        &format!("UPDATE subscriptions SET payment_token = '{good}' WHERE id = {id}"),
    )
    .await;
    let r = admin.post_json(&retry, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["outcome"], "PAID", "{}", r.body);
    let sub = &r.body["subscription"];
    assert_eq!(sub["status"], "ACTIVE");
    assert_eq!(sub["failed_attempts"], 0);
    assert!(has_event(sub, "PAYMENT_RECOVERED", &staff_label()), "{sub}");
    assert_eq!(sub["invoices"][0]["kind"], "RENEWAL", "{sub}");
    assert_eq!(sub["invoices"][0]["payment_status"], "CAPTURED", "{sub}");
    assert_eq!(sub["invoices"].as_array().unwrap().len(), 2, "{sub}");
    let (status, start, _, failed, retry_on) = sub_state(&app, id).await;
    assert_eq!((status.as_str(), failed, retry_on), ("ACTIVE", 0, None));
    assert_eq!(start, end, "the paid period starts on the renewal date");
    assert_eq!(events(&app, id, "PAYMENT_RECOVERED").await, 1);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM orders WHERE kind = 'RENEWAL' AND subscription_id = {id}"
            )
        )
        .await,
        1
    );
    assert_eq!(audits(&app, id, "subscription.retry").await, 2);
    assert_eq!(s.get(COURSE).await.status, 200);

    let r = admin.post_json(&retry, json!({})).await;
    assert_eq!(r.status, 409, "active again: {}", r.body);

    app.clock.advance(std::time::Duration::from_secs(60));
    let r = admin.get("/api/admin/subscriptions/metrics").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["recoveries_30d"], 1, "{}", r.body);
    assert_eq!(r.body["past_due"], 0, "{}", r.body);
}

/// "Cancel now" (API, with a reason): CANCELED at once, the course closed, the subscriber
/// mailed, a CANCELED event by staff with the reason and an audit row; the customer's list
/// shows it canceled with nothing more to charge. Cancelling again is a 409 (no second
/// mail); a reason over 500 characters is a 422 and changes nothing. The server function
/// cancels another subscription the same way.
async fn cancel_now_ends_access_at_once(app: TestApp) {
    let (s, id, _) = subscriber(&app, "ann@example.com", MONTHLY).await;
    let (s2, id2, _) = subscriber(&app, "kim@example.com", MONTHLY).await;
    let admin = staff(&app).await;
    let cancel = format!("/api/admin/subscriptions/{id}/cancel");
    assert_eq!(s.get(COURSE).await.status, 200);

    let r = admin
        .post_json(&cancel, json!({"reason": "x".repeat(501)}))
        .await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("reason")),
        "{}",
        r.body
    );
    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");

    let r = admin
        .post_json(&cancel, json!({"reason": "Asked by phone"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["outcome"], "CANCELED", "{}", r.body);
    let sub = &r.body["subscription"];
    assert_eq!(sub["status"], "CANCELED");
    assert!(sub["canceled_at"].is_string(), "{sub}");
    assert!(!actions(sub).contains(&"cancel".to_string()), "{sub}");
    assert!(has_event(sub, "CANCELED", &staff_label()), "{sub}");
    let (reason,): (Option<String>,) = app
        .db
        .one(
            "SELECT reason FROM subscription_events
              WHERE subscription_id = $1 AND event = 'CANCELED'",
            args![id],
        )
        .await
        .unwrap();
    assert!(
        reason
            .as_deref()
            .is_some_and(|r| r.contains("Asked by phone")),
        "{reason:?}"
    );
    assert_eq!(sub_state(&app, id).await.0, "CANCELED");
    assert_eq!(s.get(COURSE).await.status, 403, "access ends at once");
    assert_eq!(
        s2.get(COURSE).await.status,
        200,
        "the other one is untouched"
    );
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
    let (payload,): (String,) = app
        .db
        .one(
            "SELECT CAST(payload AS TEXT) FROM outbox WHERE topic = 'subscription.subscription_canceled'",
            args![],
        )
        .await
        .unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["to"], "ann@example.com", "{payload}");
    assert_eq!(audits(&app, id, "subscription.cancel").await, 1);

    let r = s.get("/api/me/subscriptions").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body[0]["status"], "CANCELED", "{}", r.body);
    assert!(r.body[0]["billing"]["next_charge"].is_null(), "{}", r.body);
    let (_, html) = s.page("/account/subscriptions").await;
    assert!(!html.contains("data-testid=\"next-charge\""), "{html}");
    assert!(
        !html.contains("data-testid=\"cancel-subscription\""),
        "{html}"
    );

    // Again: refused by the state machine, nothing more sent.
    let r = admin.post_json(&cancel, json!({})).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let id_text = id.to_string();
    let r = admin
        .server_fn("admin/subscriptions/cancel", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
    assert_eq!(events(&app, id, "CANCELED").await, 1);

    // The server function, on the other subscription.
    let id2_text = id2.to_string();
    let r = admin
        .server_fn(
            "admin/subscriptions/cancel",
            &[("id", id2_text.as_str()), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["outcome"], "CANCELED", "{}", r.body);
    assert_eq!(sub_state(&app, id2).await.0, "CANCELED");
    assert_eq!(s2.get(COURSE).await.status, 403);
    assert_eq!(mails(&app, "subscription_canceled").await, 2);
}

/// After a renewal, "refund the last period" refunds the RENEWAL order in full (payment
/// status REFUNDED, one succeeded refund; the first invoice stays paid) and cancels the
/// subscription at once: access ends, the subscriber is mailed; the subscriber's invoice
/// shows it refunded. Another subscriber is untouched. Refunding again is a 409 (API and
/// server function).
async fn refund_last_period_refunds_and_cancels(app: TestApp) {
    let (s, id, _) = subscriber(&app, "lee@example.com", MONTHLY).await;
    let (s2, id2, _) = subscriber(&app, "kim@example.com", MONTHLY).await;
    let (_, _, end, _, _) = sub_state(&app, id2).await;
    let admin = staff(&app).await;
    go_to(&app, end);
    assert_eq!(pass(&app).await.renewed, 2);

    let (renewal, renewal_order, renewal_total): (String, String, i64) = app
        .db
        .one(
            "SELECT invoice_number, number, total_amount FROM orders
              WHERE subscription_id = $1 AND kind = 'RENEWAL'",
            args![id2],
        )
        .await
        .unwrap();
    let r = admin
        .post_json(
            &format!("/api/admin/subscriptions/{id2}/refund-last"),
            json!({"reason": "Goodwill"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["outcome"], "REFUNDED", "{}", r.body);
    let sub = &r.body["subscription"];
    assert_eq!(sub["status"], "CANCELED");
    assert!(has_event(sub, "PERIOD_REFUNDED", &staff_label()), "{sub}");
    assert!(has_event(sub, "CANCELED", &staff_label()), "{sub}");
    assert_eq!(sub["invoices"][0]["invoice_number"], renewal.as_str());
    assert_eq!(sub["invoices"][0]["payment_status"], "REFUNDED");
    assert_eq!(sub["invoices"][0]["refunded"]["amount"], renewal_total);
    assert_eq!(sub["invoices"][1]["payment_status"], "CAPTURED");
    assert_eq!(actions(sub), Vec::<String>::new(), "{sub}");

    let (payment_status, refunded): (String, i64) = app
        .db
        .one(
            "SELECT payment_status, refunded_amount FROM orders WHERE number = $1",
            args![renewal_order.clone()],
        )
        .await
        .unwrap();
    assert_eq!(
        (payment_status.as_str(), refunded),
        ("REFUNDED", renewal_total)
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = r.order_id
                  WHERE o.number = '{renewal_order}' AND r.status = 'SUCCEEDED'"
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM orders
                  WHERE subscription_id = {id2} AND kind = 'CHECKOUT' AND payment_status = 'CAPTURED'"
            )
        )
        .await,
        1,
        "the first period stays paid"
    );
    assert_eq!(sub_state(&app, id2).await.0, "CANCELED");
    assert_eq!(s2.get(COURSE).await.status, 403);
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
    assert_eq!(audits(&app, id2, "subscription.refund_last").await, 1);
    let r = s2.get(&format!("/api/me/invoices/{renewal}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["payment_status"], "REFUNDED");
    assert_eq!(r.body["refunded"]["amount"], renewal_total);

    // The other subscriber is untouched.
    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");
    assert_eq!(s.get(COURSE).await.status, 200);

    // Again: nothing left to refund.
    let r = admin
        .post_json(
            &format!("/api/admin/subscriptions/{id2}/refund-last"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let id2_text = id2.to_string();
    let r = admin
        .server_fn(
            "admin/subscriptions/refund-last",
            &[("id", id2_text.as_str())],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM refunds").await,
        1,
        "no second refund"
    );
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
}

/// Three monthly subscribers: the figures count three live ones (MRR 3 × $29). One goes past
/// due (still live, still in MRR), staff recover it with "retry now", another is canceled:
/// two live, MRR $58.00, one canceled in 30 days (churn 1 ÷ 3 = 33.3%), one recovery, none
/// past due — in the API, the server function and the dashboard card, as of the app's
/// clock. A month on, the window is empty.
async fn the_dashboard_counts_subscribers_revenue_churn_and_recoveries(app: TestApp) {
    let (a, id_a, _) = subscriber(&app, "ann@example.com", MONTHLY).await;
    let (_b, _id_b, _) = subscriber(&app, "bob@example.com", MONTHLY).await;
    let (_c, id_c, _) = subscriber(&app, "cat@example.com", MONTHLY).await;
    let admin = staff(&app).await;

    let m = admin.get("/api/admin/subscriptions/metrics").await;
    assert_eq!(m.status, 200, "{}", m.body);
    assert_eq!(m.body["active_subscribers"], 3, "{}", m.body);
    assert_eq!(m.body["mrr"]["amount"], 8_700, "{}", m.body);
    assert_eq!(m.body["mrr"]["currency"], m.body["currency"]);
    assert_eq!(m.body["mrr_other"], json!([]));
    assert_eq!(m.body["canceled_30d"], 0);
    assert_eq!(m.body["churn_30d"], "0.0%");
    assert_eq!(m.body["recoveries_30d"], 0);
    assert_eq!(m.body["past_due"], 0);

    let end = make_past_due(&app, &a, id_a).await;
    let m = admin.get("/api/admin/subscriptions/metrics").await;
    assert_eq!(m.body["active_subscribers"], 3, "{}", m.body);
    assert_eq!(
        m.body["mrr"]["amount"], 8_700,
        "past due still counts: {}",
        m.body
    );
    assert_eq!(m.body["past_due"], 1, "{}", m.body);
    assert!(
        m.body["as_of"]
            .as_str()
            .is_some_and(|t| t.starts_with(&end.to_string())),
        "read at the app's clock: {}",
        m.body
    );

    let good = card(GOOD).token;
    exec(
        &app.db,
        &format!("UPDATE subscriptions SET payment_token = '{good}' WHERE id = {id_a}"),
    )
    .await;
    let r = admin
        .post_json(&format!("/api/admin/subscriptions/{id_a}/retry"), json!({}))
        .await;
    assert_eq!(r.body["outcome"], "PAID", "{}", r.body);
    let r = admin
        .post_json(
            &format!("/api/admin/subscriptions/{id_c}/cancel"),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // A minute later (the figures are read at the app's clock).
    app.clock.advance(std::time::Duration::from_secs(60));
    let m = admin.get("/api/admin/subscriptions/metrics").await;
    assert_eq!(m.status, 200, "{}", m.body);
    assert_eq!(m.body["active_subscribers"], 2, "{}", m.body);
    assert_eq!(m.body["mrr"]["amount"], 5_800, "{}", m.body);
    assert_eq!(m.body["canceled_30d"], 1, "{}", m.body);
    assert_eq!(m.body["churn_30d"], "33.3%", "{}", m.body);
    assert_eq!(m.body["recoveries_30d"], 1, "{}", m.body);
    assert_eq!(m.body["past_due"], 0, "{}", m.body);
    let mrr = m.body["mrr"]["formatted"].as_str().unwrap().to_string();

    let f = admin.get("/_fn/admin/subscriptions/metrics").await;
    assert_eq!(f.status, 200, "{}", f.body);
    assert_eq!(f.body["active_subscribers"], 2, "{}", f.body);
    assert_eq!(f.body["canceled_30d"], 1);
    assert_eq!(f.body["churn_30d"], "33.3%");
    assert_eq!(f.body["recoveries_30d"], 1);

    let (status, html) = admin.page("/admin").await;
    assert_eq!(status, 200);
    let card_html = html
        .split("data-testid=\"subscription-metrics\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no subscription card: {html}"));
    assert!(card_html.contains("data-testid=\"active-subscribers\""));
    assert!(card_html.contains(&mrr), "{mrr}: {card_html}");
    assert!(card_html.contains("33.3%"), "{card_html}");

    // A month on (no billing pass): the cancellation and the recovery left the window.
    go_to(&app, end.plus_days(31).unwrap());
    let m = admin.get("/api/admin/subscriptions/metrics").await;
    assert_eq!(m.body["active_subscribers"], 2, "{}", m.body);
    assert_eq!(m.body["mrr"]["amount"], 5_800, "{}", m.body);
    assert_eq!(m.body["canceled_30d"], 0, "{}", m.body);
    assert_eq!(m.body["churn_30d"], "0.0%", "{}", m.body);
    assert_eq!(m.body["recoveries_30d"], 0, "{}", m.body);
}

/// Staff pause a subscription: PAUSED, the courses closed, nothing billed at the renewal
/// date; pausing again is a 409 with the reason; a customer cannot. Resumed after the paid
/// period: ACTIVE with a new period from today, billed by the next pass (the paused time is
/// not); every change has its event by the staff member.
async fn staff_pause_and_resume_a_subscription(app: TestApp) {
    let (s, id, _) = subscriber(&app, "pia@example.com", MONTHLY).await;
    let admin = staff(&app).await;
    let pause = format!("/api/admin/subscriptions/{id}/pause");
    let resume = format!("/api/admin/subscriptions/{id}/resume");
    assert_eq!(s.post_json(&pause, json!({})).await.status, 403);
    let r = admin.post_json(&resume, json!({})).await;
    assert_eq!(r.status, 409, "not paused: {}", r.body);

    let r = admin.post_json(&pause, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(sub_state(&app, id).await.0, "PAUSED");
    assert_eq!(s.get(COURSE).await.status, 403);
    let r = admin.post_json(&pause, json!({})).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.to_string().contains("PAUSED"), "{}", r.body);

    let (_, _, end, _, _) = sub_state(&app, id).await;
    let later = end.plus_days(10).unwrap();
    go_to(&app, later);
    assert_eq!(pass(&app).await.total(), 0, "nothing billed while paused");
    let r = admin
        .server_fn(
            "admin/subscriptions/pause",
            &[("id", &id.to_string()), ("pause", "false")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, start, new_end, _, _) = sub_state(&app, id).await;
    assert_eq!((status.as_str(), start, new_end), ("ACTIVE", later, later));
    assert_eq!(s.get(COURSE).await.status, 200);
    assert_eq!(pass(&app).await.renewed, 1);
    let (_, start, new_end, _, _) = sub_state(&app, id).await;
    assert_eq!(
        (start, new_end),
        (later, later.plus_months(1, later.day()).unwrap())
    );
    let detail = admin.get(&format!("/api/admin/subscriptions/{id}")).await;
    assert!(
        has_event(&detail.body, "PAUSED", &format!("staff:{ADMIN_EMAIL}")),
        "{}",
        detail.body
    );
    assert!(
        has_event(&detail.body, "RESUMED", &format!("staff:{ADMIN_EMAIL}")),
        "{}",
        detail.body
    );
}

both_backends!(
    staff_pause_and_resume_a_subscription,
    staff_list_and_open_a_subscription,
    customers_are_refused_the_back_office,
    retry_now_recovers_a_past_due_subscription,
    cancel_now_ends_access_at_once,
    refund_last_period_refunds_and_cancels,
    the_dashboard_counts_subscribers_revenue_churn_and_recoveries
);
