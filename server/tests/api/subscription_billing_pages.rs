//! The subscriber's billing (issue 22, self-service billing), both engines, driven by the
//! app's injected clock: `/account/subscriptions` shows the next charge, the invoices and —
//! once the period is under way — the plans to switch to; switching through the server
//! function and the REST API (only to a plan, only the owner's subscription); a refused card
//! on file makes the renewal PAST_DUE and a new card pays at once; the printable invoice
//! (`/account/invoices/{number}`, `GET /api/me/invoices/{number}`) is the owner's only.

use serde_json::{Value, json};
use services::args;
use storefront::subscription::Date;

use crate::helpers::TestApp;
use crate::learning_fixtures::{learner, variant};
use crate::renewals::{go_to, pass, sub_state, subscriber};
use crate::shopper::{Reply, Shopper, scalar_i64};

const COURSE: &str = "/learn/sql-for-analysts";
const PAGE: &str = "/account/subscriptions";
const MONTHLY: &str = "SUB-LEARN-MONTH";
const YEARLY: &str = "SUB-LEARN-YEAR";
const DECLINED: &str = "4000 0000 0000 0002";
const GOOD: &str = "4242424242424242";

/// How many `event` rows subscription `id` has.
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

/// The invoice number of the order that started subscription `id`.
async fn first_invoice(app: &TestApp, id: i64) -> String {
    let (number,): (String,) = app
        .db
        .one(
            "SELECT invoice_number FROM orders WHERE subscription_id = $1 AND kind = 'CHECKOUT'",
            args![id],
        )
        .await
        .unwrap();
    assert!(number.starts_with("INV-"), "{number}");
    number
}

/// A day about half-way through the period `start`–`end`.
fn half_way(start: Date, end: Date) -> Date {
    start.plus_days(start.days_until(end) / 2).unwrap()
}

/// `POST /api/me/subscriptions/{id}/card` body for `number` (valid expiry and CVC).
fn card_body(number: &str) -> Value {
    json!({"cardNumber": number, "expMonth": "12", "expYear": "2030", "cvc": "123"})
}

/// The `subscriptions/card` server function with `number` (valid expiry and CVC).
async fn card_fn(s: &Shopper, id: i64, number: &str) -> Reply {
    let id = id.to_string();
    s.server_fn(
        "subscriptions/card",
        &[
            ("id", id.as_str()),
            ("card_number", number),
            ("exp_month", "12"),
            ("exp_year", "2030"),
            ("cvc", "123"),
        ],
    )
    .await
}

/// The caller's subscription `id` in `GET /api/me/subscriptions`.
async fn my_subscription(s: &Shopper, id: i64) -> Value {
    let r = s.get("/api/me/subscriptions").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body
        .as_array()
        .expect("a list")
        .iter()
        .find(|x| x["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("subscription {id} not listed: {}", r.body))
}

/// On the day it starts, the page shows the next charge (the renewal date), the first
/// invoice (linking to its printable page) and the card form, but no plan to switch to (a
/// switch is refused on the first day); the REST list says the same with the billing
/// facts. Half-way through the period the annual plan is offered, with the credit for the
/// unused days (rounded down) and what is left to pay.
async fn the_page_shows_next_charge_invoices_and_switch_options(app: TestApp) {
    let (s, id, _) = subscriber(&app, "sam@example.com", MONTHLY).await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    let invoice = first_invoice(&app, id).await;
    let yearly = variant(&app, YEARLY).await;

    let (status, html) = s.page(PAGE).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"next-charge\""), "{html}");
    assert!(html.contains(&format!("Next charge on {end}")), "{html}");
    assert_eq!(
        html.matches("data-testid=\"invoice-row\"").count(),
        1,
        "{html}"
    );
    assert!(
        html.contains(&format!("/account/invoices/{invoice}")),
        "{html}"
    );
    assert!(html.contains("data-testid=\"card-form\""), "{html}");
    assert!(
        !html.contains("data-testid=\"switch-option\""),
        "no switch on the first day: {html}"
    );

    let sub = my_subscription(&s, id).await;
    assert_eq!(sub["status"], "ACTIVE");
    assert_eq!(sub["interval"], "month");
    assert_eq!(sub["period_end"], end.to_string());
    assert_eq!(sub["price"]["amount"], 2_900);
    assert_eq!(sub["card_label"], "Visa ending in 4242");
    let billing = &sub["billing"];
    assert!(
        billing["next_charge"]["amount"].as_i64().unwrap() >= 2_900,
        "{billing}"
    );
    assert!(billing["last_error"].is_null(), "{billing}");
    assert!(billing["next_retry_on"].is_null(), "{billing}");
    assert_eq!(billing["credit"]["amount"], 0);
    assert_eq!(billing["can_update_card"], true);
    assert_eq!(billing["switch_options"], json!([]));
    let invoices = billing["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 1, "{billing}");
    assert_eq!(invoices[0]["invoice_number"], invoice.as_str());
    assert_eq!(
        invoices[0]["url"],
        format!("/api/me/invoices/{invoice}").as_str()
    );
    assert_eq!(invoices[0]["payment_status"], "CAPTURED");
    assert_eq!(invoices[0]["period_start"], start.to_string());
    assert_eq!(invoices[0]["period_end"], end.to_string());

    let half = half_way(start, end);
    go_to(&app, half);
    let (status, html) = s.page(PAGE).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"switch-option\""), "{html}");
    assert!(
        html.contains(&format!("data-variant-id=\"{yearly}\"")),
        "the annual plan is offered: {html}"
    );
    assert!(html.contains("data-testid=\"switch-cost\""), "{html}");
    assert!(html.contains("data-testid=\"next-charge\""), "{html}");

    let sub = my_subscription(&s, id).await;
    let options = sub["billing"]["switch_options"].as_array().unwrap();
    assert_eq!(options.len(), 1, "{sub}");
    let annual = &options[0];
    assert_eq!(annual["variant_id"], yearly);
    assert_eq!(annual["interval"], "year");
    let days = start.days_until(end);
    let left = half.days_until(end);
    assert_eq!(annual["credit"]["amount"], 2_900 * left / days);
    assert_eq!(
        annual["charge_now"]["amount"].as_i64().unwrap()
            + annual["credit"]["amount"].as_i64().unwrap(),
        29_000
    );

    let visitor = Shopper::new(&app);
    assert_eq!(visitor.get("/api/me/subscriptions").await.status, 401);
}

/// Switching plans through the server function (monthly → annual half-way) and the REST
/// API (annual → monthly the next day, paid from the credit). Refused without a change: on
/// the day the period started (409), to a variant that is not a plan (404), to a malformed
/// id (400/422, never a 500), on someone else's subscription (404), to the plan it is on
/// already (409).
async fn switching_plans_through_the_server_fn_and_rest(app: TestApp) {
    let (s, id, _) = subscriber(&app, "max@example.com", MONTHLY).await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    let yearly = variant(&app, YEARLY).await;
    let monthly = variant(&app, MONTHLY).await;
    let course = variant(&app, "CRS-SQL-ANALYST").await;
    let id_text = id.to_string();
    let yearly_text = yearly.to_string();
    let rest = format!("/api/me/subscriptions/{id}/switch");

    // The day it started: refused, both ways.
    let r = s
        .server_fn(
            "subscriptions/switch",
            &[
                ("id", id_text.as_str()),
                ("variant_id", yearly_text.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    let r = s.post_json(&rest, json!({"variantId": yearly})).await;
    assert_eq!(r.status, 409, "{}", r.body);

    // Not a plan: 404 (before any look at the day).
    let course_text = course.to_string();
    let r = s
        .server_fn(
            "subscriptions/switch",
            &[
                ("id", id_text.as_str()),
                ("variant_id", course_text.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = s.post_json(&rest, json!({"variantId": course})).await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = s.post_json(&rest, json!({"variantId": 999_999})).await;
    assert_eq!(r.status, 404, "{}", r.body);

    // Malformed ids: client errors, never a 500.
    let r = s
        .server_fn(
            "subscriptions/switch",
            &[("id", id_text.as_str()), ("variant_id", "abc")],
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    let r = s
        .server_fn(
            "subscriptions/switch",
            &[("id", "abc"), ("variant_id", yearly_text.as_str())],
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = s.post_json(&rest, json!({"variantId": "abc"})).await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("variantId")),
        "{}",
        r.body
    );
    let r = s.post_json(&rest, json!({"variantId": 0})).await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("variantId")),
        "{}",
        r.body
    );
    let r = s.post_json(&rest, json!({})).await;
    assert_eq!(r.status, 400, "variantId missing: {}", r.body);
    let r = s
        .post_json(
            "/api/me/subscriptions/abc/switch",
            json!({"variantId": yearly}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(events(&app, id, "PLAN_SWITCHED").await, 0);

    // Half-way: the server function switches to the annual plan.
    let other = learner(&app, "other@example.com").await;
    let half = half_way(start, end);
    go_to(&app, half);
    let r = other.post_json(&rest, json!({"variantId": yearly})).await;
    assert_eq!(r.status, 404, "someone else's: {}", r.body);
    let r = other
        .server_fn(
            "subscriptions/switch",
            &[
                ("id", id_text.as_str()),
                ("variant_id", yearly_text.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, 404, "someone else's: {}", r.body);
    assert_eq!(events(&app, id, "PLAN_SWITCHED").await, 0);

    let r = s
        .server_fn(
            "subscriptions/switch",
            &[
                ("id", id_text.as_str()),
                ("variant_id", yearly_text.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let annual_invoice = r.body["invoice_number"].as_str().unwrap().to_string();
    assert!(annual_invoice.starts_with("INV-"), "{}", r.body);
    let (st, s2, e2, _, _) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), s2), ("ACTIVE", half));
    assert_eq!(e2, half.plus_months(12, half.day()).unwrap());
    assert_eq!(r.body["period_end"], e2.to_string());
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT variant_id FROM subscriptions WHERE id = {id}")
        )
        .await,
        yearly
    );
    assert_eq!(events(&app, id, "PLAN_SWITCHED").await, 1);
    let r = s.post_json(&rest, json!({"variantId": yearly})).await;
    assert_eq!(r.status, 409, "same plan, same day: {}", r.body);

    // The next day, REST back to monthly: the annual credit pays it, the rest is kept.
    go_to(&app, half.plus_days(1).unwrap());
    let r = s.post_json(&rest, json!({"variantId": monthly})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["charged"]["amount"], 0, "{}", r.body);
    let carried = r.body["carried"]["amount"].as_i64().unwrap();
    assert!(carried > 0, "{}", r.body);
    let monthly_invoice = r.body["invoice_number"].as_str().unwrap().to_string();
    assert!(monthly_invoice.starts_with("INV-"), "{}", r.body);
    assert_ne!(monthly_invoice, annual_invoice);
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT variant_id FROM subscriptions WHERE id = {id}")
        )
        .await,
        monthly
    );
    assert_eq!(events(&app, id, "PLAN_SWITCHED").await, 2);

    let sub = my_subscription(&s, id).await;
    assert_eq!(sub["interval"], "month");
    assert_eq!(sub["billing"]["credit"]["amount"], carried);
    let invoices = sub["billing"]["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 3, "{sub}");
    assert!(
        invoices
            .iter()
            .any(|i| i["invoice_number"] == monthly_invoice.as_str()),
        "{sub}"
    );
    assert!(
        invoices
            .iter()
            .any(|i| i["invoice_number"] == annual_invoice.as_str()),
        "{sub}"
    );
    let (_, html) = s.page(PAGE).await;
    assert!(html.contains("data-testid=\"credit\""), "{html}");
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// A card with a bad field is a 422 naming it and nothing is saved. A card the bank will
/// refuse is saved while ACTIVE (nothing is charged then); at the renewal date the billing
/// pass is refused: PAST_DUE, the page warns (with the retry date), access continues. A
/// working card through REST pays the overdue period at once: ACTIVE, a RENEWAL order with
/// an invoice, one PAYMENT_RECOVERED event.
async fn a_refused_card_goes_past_due_and_a_new_card_pays_at_once(app: TestApp) {
    let (s, id, _) = subscriber(&app, "pat@example.com", MONTHLY).await;
    let (_, _, end, _, _) = sub_state(&app, id).await;
    let rest = format!("/api/me/subscriptions/{id}/card");

    let r = s.post_json(&rest, card_body("4242 4242 4242 4241")).await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("cardNumber")),
        "{}",
        r.body
    );
    let r = s
        .post_json(
            &rest,
            json!({"cardNumber": GOOD, "expMonth": "13", "expYear": "2030", "cvc": "123"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (422, Some("expMonth")),
        "{}",
        r.body
    );
    let r = card_fn(&s, id, "1234").await;
    assert_eq!(
        (r.status, r.body["Invalid"]["field"].as_str()),
        (422, Some("cardNumber")),
        "{}",
        r.body
    );
    assert_eq!(events(&app, id, "CARD_UPDATED").await, 0);
    assert_eq!(
        my_subscription(&s, id).await["card_label"],
        "Visa ending in 4242"
    );

    // A card that will be refused, while ACTIVE: saved, nothing charged.
    let r = card_fn(&s, id, DECLINED).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["card_label"], "Visa ending in 0002");
    assert!(r.body["paid_invoice"].is_null(), "{}", r.body);
    assert!(r.body["refused"].is_null(), "{}", r.body);
    assert_eq!(events(&app, id, "CARD_UPDATED").await, 1);
    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");
    let (_, html) = s.page(PAGE).await;
    assert!(html.contains("Visa ending in 0002"), "{html}");
    assert!(!html.contains("data-testid=\"past-due\""), "{html}");

    // The renewal date: refused.
    go_to(&app, end);
    let report = pass(&app).await;
    assert_eq!((report.renewed, report.failed), (0, 1));
    let (st, _, _, failed, retry) = sub_state(&app, id).await;
    let retry_on = end.plus_days(1).unwrap().to_string();
    assert_eq!(
        (st.as_str(), failed, retry.as_deref()),
        ("PAST_DUE", 1, Some(retry_on.as_str()))
    );
    let (status, html) = s.page(PAGE).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"past-due\""), "{html}");
    assert!(html.contains(&retry_on), "{html}");
    let sub = my_subscription(&s, id).await;
    assert_eq!(sub["status"], "PAST_DUE");
    assert!(sub["billing"]["last_error"].is_string(), "{sub}");
    assert_eq!(sub["billing"]["next_retry_on"], retry_on.as_str());
    assert_eq!(
        s.get(COURSE).await.status,
        200,
        "access in the grace period"
    );

    // A working card through REST: charged at once.
    let r = s.post_json(&rest, card_body(GOOD)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["card_label"], "Visa ending in 4242");
    assert!(r.body["refused"].is_null(), "{}", r.body);
    let paid = r.body["paid_invoice"]
        .as_str()
        .unwrap_or_else(|| panic!("paid at once: {}", r.body))
        .to_string();
    assert!(paid.starts_with("INV-"), "{paid}");
    let (st, new_start, _, failed, retry) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), failed, retry), ("ACTIVE", 0, None));
    assert_eq!(new_start, end, "the paid period starts on the renewal date");
    let (kind, status): (String, String) = app
        .db
        .one(
            "SELECT kind, payment_status FROM orders WHERE invoice_number = $1",
            args![paid.clone()],
        )
        .await
        .unwrap();
    assert_eq!((kind.as_str(), status.as_str()), ("RENEWAL", "CAPTURED"));
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM orders WHERE kind = 'RENEWAL' AND subscription_id = {id}"
            )
        )
        .await,
        1
    );
    assert_eq!(events(&app, id, "PAYMENT_RECOVERED").await, 1);
    let (_, html) = s.page(PAGE).await;
    assert!(!html.contains("data-testid=\"past-due\""), "{html}");
    assert_eq!(
        html.matches("data-testid=\"invoice-row\"").count(),
        2,
        "{html}"
    );
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// The printable invoice is the owner's: the page (200, the invoice number in it) and
/// `GET /api/me/invoices/{number}`; another signed-in customer and a made-up number get a
/// 404 (nobody learns whether a number is taken); signed out, the page sends to sign-in and
/// the API answers 401.
async fn only_the_owner_sees_an_invoice(app: TestApp) {
    let (s, id, _) = subscriber(&app, "sam@example.com", MONTHLY).await;
    let invoice = first_invoice(&app, id).await;
    let page = format!("/account/invoices/{invoice}");
    let api = format!("/api/me/invoices/{invoice}");

    let (status, html) = s.page(&page).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("data-testid=\"invoice\""), "{html}");
    assert!(html.contains("data-testid=\"invoice-number\""), "{html}");
    assert!(html.contains(&invoice), "{html}");
    let r = s.get(&api).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["invoice_number"], invoice.as_str());
    assert_eq!(r.body["buyer_email"], "sam@example.com");
    assert_eq!(r.body["payment_status"], "CAPTURED");
    assert_eq!(
        r.body["lines"].as_array().map(Vec::len),
        Some(1),
        "{}",
        r.body
    );
    assert!(
        r.body["total"]["amount"].as_i64().unwrap() >= 2_900,
        "{}",
        r.body
    );

    for made_up in ["INV-999999", "nope"] {
        let (status, html) = s.page(&format!("/account/invoices/{made_up}")).await;
        assert_eq!(status, 404, "{made_up}");
        assert!(html.contains("data-testid=\"invoice-not-found\""), "{html}");
        let r = s.get(&format!("/api/me/invoices/{made_up}")).await;
        assert_eq!(r.status, 404, "{made_up}: {}", r.body);
    }

    let other = learner(&app, "other@example.com").await;
    let (status, html) = other.page(&page).await;
    assert_eq!(status, 404, "someone else's invoice");
    assert!(html.contains("data-testid=\"invoice-not-found\""), "{html}");
    assert!(!html.contains("data-testid=\"invoice\""), "{html}");
    let r = other.get(&api).await;
    assert_eq!(r.status, 404, "{}", r.body);

    let visitor = Shopper::new(&app);
    let r = visitor
        .send(
            visitor
                .client
                .get(format!("{}{page}", visitor.base))
                .header("accept", "text/html"),
        )
        .await;
    let to_sign_in = (300..400).contains(&r.status)
        && r.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/account/login"));
    assert!(
        r.status == 401 || to_sign_in,
        "signed out: {} {:?}",
        r.status,
        r.location
    );
    assert_eq!(visitor.get(&api).await.status, 401);
}

both_backends!(
    the_page_shows_next_charge_invoices_and_switch_options,
    switching_plans_through_the_server_fn_and_rest,
    a_refused_card_goes_past_due_and_a_new_card_pays_at_once,
    only_the_owner_sees_an_invoice
);
