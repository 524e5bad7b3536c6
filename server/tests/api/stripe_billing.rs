//! Learning subscriptions billed by Stripe Billing (issue 22), against the fake Stripe, both
//! engines: the checkout keeps the card on a Customer; the billing job links the subscription
//! to a Stripe Subscription once (anchored on the local renewal date) and never charges it
//! itself; Stripe's invoices become RENEWAL orders once each; a refused payment and its
//! recovery, out-of-order events and cancellation at period end follow Stripe as it is now.

use serde_json::{Value, json};
use services::args;
use services::db::Backend;
use storefront::subscription::Date;

use crate::fake_stripe::{
    FakeStripe, invoice_json, post_event, signed_billing_event, signed_event,
};
use crate::helpers::{TestApp, spawn_app_with};
use crate::learning_fixtures::{digital_order, variant};
use crate::renewals::{go_to, pass, sub_state};
use crate::shopper::{Shopper, scalar_i64};

const COURSE: &str = "/learn/sql-for-analysts";
const PLAN: &str = "SUB-LEARN-MONTH";

async fn shop(backend: Backend) -> (TestApp, FakeStripe) {
    let fake = FakeStripe::start().await;
    let config = fake.config();
    let app = spawn_app_with(backend, move |c| c.stripe = Some(config)).await;
    (app, fake)
}

/// A signed-in subscriber to the monthly plan who paid with Stripe: the shopper, the
/// subscription's id and the checkout order's number.
async fn stripe_subscriber(app: &TestApp, email: &str) -> (Shopper, i64, String) {
    let s = Shopper::new(app);
    s.register(email).await;
    let r = s.add(variant(app, PLAN).await, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut body = digital_order();
    body["payment"] = json!({"method": "stripe", "paymentMethodId": "pm_card_visa"});
    let r = s.post_json("/api/orders", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let number = r.body["number"].as_str().unwrap().to_string();
    let (id,): (i64,) = app
        .db
        .one(
            "SELECT s.id FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE u.email = $1",
            args![email],
        )
        .await
        .unwrap();
    (s, id, number)
}

/// A Stripe subscriber after the billing pass that links it: the Stripe subscription's id.
async fn linked_subscriber(app: &TestApp, fake: &FakeStripe) -> (Shopper, i64, String) {
    let (s, id, _) = stripe_subscriber(app, "sam@example.com").await;
    pass(app).await;
    let sid = fake.only_subscription_id();
    assert_eq!(provider_ids(app, id).await.1.as_deref(), Some(sid.as_str()));
    (s, id, sid)
}

/// Provider, Stripe subscription id, Stripe customer id.
async fn provider_ids(app: &TestApp, id: i64) -> (String, Option<String>, Option<String>) {
    app.db
        .one(
            "SELECT provider, provider_subscription_id, provider_customer_id
               FROM subscriptions WHERE id = $1",
            args![id],
        )
        .await
        .unwrap()
}

/// The local "ends at period end" flag.
async fn cancel_flag(app: &TestApp, id: i64) -> bool {
    let (on,): (bool,) = app
        .db
        .one(
            "SELECT cancel_at_period_end FROM subscriptions WHERE id = $1",
            args![id],
        )
        .await
        .unwrap();
    on
}

/// Midnight UTC of `d`, Unix seconds.
fn midnight(d: Date) -> i64 {
    d.days_since_epoch() * 86_400
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    scalar_i64(&app.db, sql).await
}

async fn mails(app: &TestApp, template: &str) -> i64 {
    count(
        app,
        &format!("SELECT COUNT(*) FROM outbox WHERE topic = 'subscription.{template}'"),
    )
    .await
}

async fn renewals(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM orders WHERE kind = 'RENEWAL'").await
}

/// The tax the checkout charged on the first period (the invoices carry the same).
async fn first_tax(app: &TestApp) -> i64 {
    count(app, "SELECT tax_amount FROM orders WHERE kind = 'CHECKOUT'").await
}

async fn post(app: &TestApp, event: (String, String)) -> (u16, Value) {
    post_event(&app.client, &app.address, event).await
}

/// Paid with Stripe: the PaymentIntent keeps the card on a Customer (off-session use); the
/// subscription is STRIPE and unlinked until the billing pass, which creates one Stripe
/// subscription on the checkout's customer and card, anchored on the local renewal date
/// without proration; another pass creates nothing. At the renewal date the shop's own job
/// charges nothing (Stripe does).
async fn a_stripe_subscription_is_linked_once_and_never_charged_offline(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, number) = stripe_subscriber(&app, "sam@example.com").await;
    let (pi,): (String,) = app
        .db
        .one(
            "SELECT p.provider_payment_id FROM payments p
               JOIN subscriptions s ON s.order_id = p.order_id WHERE s.id = $1",
            args![id],
        )
        .await
        .unwrap();
    let intent = fake.intent(&pi);
    let customer = intent["customer"].as_str().expect("a customer").to_string();
    assert_eq!(intent["setup_future_usage"], "off_session", "{intent}");
    assert_eq!(intent["status"], "succeeded");
    assert_eq!(
        fake.keys("POST /v1/customers"),
        vec![Some(format!("customer:charge:{number}"))]
    );
    assert_eq!(
        provider_ids(&app, id).await,
        ("STRIPE".to_string(), None, None)
    );
    assert_eq!(fake.calls("POST /v1/subscriptions"), 0);

    pass(&app).await;
    let sid = fake.only_subscription_id();
    let (_, _, end, _, _) = sub_state(&app, id).await;
    let remote = fake.subscription(&sid);
    assert_eq!(remote["billing_cycle_anchor"], midnight(end), "{remote}");
    assert_eq!(remote["customer"], customer.as_str());
    assert_eq!(remote["default_payment_method"], "pm_card_visa");
    assert_eq!(remote["metadata"]["subscription_id"], id.to_string());
    let form = fake.created_with(&sid);
    assert_eq!(form["proration_behavior"], "none", "{form:?}");
    let price = fake.created_with(&form["items[0][price]"]);
    assert_eq!(
        (
            price["unit_amount"].as_str(),
            price["currency"].as_str(),
            price["recurring[interval]"].as_str()
        ),
        ("2900", "usd", "month")
    );
    let keys = fake.keys("POST /v1/subscriptions");
    assert_eq!(
        fake.keys("POST /v1/prices"),
        vec![keys[0].as_ref().map(|k| format!("{k}:price"))]
    );
    assert_eq!(
        provider_ids(&app, id).await,
        ("STRIPE".to_string(), Some(sid.clone()), Some(customer))
    );

    pass(&app).await;
    assert_eq!(fake.calls("POST /v1/subscriptions"), 1, "linked once");
    assert_eq!(fake.calls("POST /v1/prices"), 1);

    go_to(&app, end);
    pass(&app).await;
    assert_eq!(renewals(&app).await, 0, "Stripe bills it, not the job");
    assert_eq!(fake.calls("POST /v1/payment_intents"), 1);
    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// Forged and stale invoice events are refused and not recorded. Stripe's `invoice.paid` for
/// the next cycle is one RENEWAL order (delivered, captured, invoiced, Stripe's amounts and
/// period) and moves the local period; the same event again is a duplicate, and another
/// event for the same invoice records nothing more.
async fn a_paid_invoice_is_one_renewal_order(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, sid) = linked_subscriber(&app, &fake).await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    let next = end.plus_months(1, start.day()).unwrap();
    let tax = first_tax(&app).await;
    let paid = invoice_json(
        "in_cycle1",
        &sid,
        "paid",
        2_900 + tax,
        tax,
        midnight(end),
        midnight(next),
        Some("pi_renewal1"),
        "subscription_cycle",
        1,
    );

    for (event, why) in [
        (
            signed_event("evt_forged", "invoice.paid", &paid, 0, true),
            "signature",
        ),
        (
            signed_event("evt_stale", "invoice.paid", &paid, 600, false),
            "too old",
        ),
    ] {
        let (status, reply) = post(&app, event).await;
        assert_eq!(status, 400, "{reply}");
        assert!(
            reply["error"]["message"].as_str().unwrap().contains(why),
            "{reply}"
        );
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM webhook_events").await, 0);
    assert_eq!(renewals(&app).await, 0);

    // Stripe renews it on the anchor date and says so.
    go_to(&app, end);
    fake.set_subscription(&sid, "active", midnight(end), midnight(next));
    let event = || signed_billing_event("evt_paid", "invoice.paid", &paid);
    let (status, reply) = post(&app, event()).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(renewals(&app).await, 1);
    let (number, invoice, status, pay, total, order_tax, ps, pe): (
        String,
        Option<String>,
        String,
        String,
        i64,
        i64,
        String,
        String,
    ) = app
        .db
        .one(
            "SELECT number, invoice_number, status, payment_status, total_amount, tax_amount,
                    billing_period_start, billing_period_end
               FROM orders WHERE kind = 'RENEWAL'",
            args![],
        )
        .await
        .unwrap();
    assert_eq!(reply["order"], number.as_str(), "{reply}");
    assert!(invoice.is_some_and(|i| i.starts_with("INV-")));
    assert_eq!((status.as_str(), pay.as_str()), ("DELIVERED", "CAPTURED"));
    assert_eq!((total, order_tax), (2_900 + tax, tax));
    assert_eq!((ps, pe), (end.to_string(), next.to_string()));
    let (st, new_start, new_end, failed, _) = sub_state(&app, id).await;
    assert_eq!(
        (st.as_str(), new_start, new_end, failed),
        ("ACTIVE", end, next, 0)
    );
    assert_eq!(mails(&app, "subscription_renewed").await, 1);

    let (status, reply) = post(&app, event()).await;
    assert_eq!((status, reply["duplicate"].clone()), (200, json!(true)));
    let (status, reply) = post(
        &app,
        signed_billing_event("evt_paid_2", "invoice.payment_succeeded", &paid),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert!(reply["order"].is_null(), "{reply}");
    assert_eq!(renewals(&app).await, 1, "one order per invoice");
    assert_eq!(mails(&app, "subscription_renewed").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM webhook_events").await, 2);
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// Stripe could not take the renewal (past_due): PAST_DUE locally with a mail, the courses
/// open in the grace period, nothing recorded; Stripe's retry succeeds: ACTIVE, the period
/// paid as one RENEWAL order.
async fn a_failed_invoice_goes_past_due_then_recovers(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, sid) = linked_subscriber(&app, &fake).await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    let next = end.plus_months(1, start.day()).unwrap();
    let tax = first_tax(&app).await;
    let invoice = |status: &str, pi: Option<&str>, attempts: i64| {
        invoice_json(
            "in_cycle1",
            &sid,
            status,
            2_900 + tax,
            tax,
            midnight(end),
            midnight(next),
            pi,
            "subscription_cycle",
            attempts,
        )
    };

    go_to(&app, end);
    fake.set_subscription(&sid, "past_due", midnight(end), midnight(next));
    let (status, reply) = post(
        &app,
        signed_billing_event(
            "evt_failed",
            "invoice.payment_failed",
            &invoice("open", None, 1),
        ),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(sub_state(&app, id).await.0, "PAST_DUE");
    assert_eq!(mails(&app, "subscription_payment_failed").await, 1);
    assert_eq!(renewals(&app).await, 0);
    assert_eq!(
        s.get(COURSE).await.status,
        200,
        "access in the grace period"
    );

    fake.set_subscription(&sid, "active", midnight(end), midnight(next));
    let (status, reply) = post(
        &app,
        signed_billing_event(
            "evt_recovered",
            "invoice.paid",
            &invoice("paid", Some("pi_retry"), 2),
        ),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    let (st, new_start, new_end, failed, retry) = sub_state(&app, id).await;
    assert_eq!(
        (st.as_str(), new_start, new_end, failed, retry),
        ("ACTIVE", end, next, 0, None)
    );
    assert_eq!(renewals(&app).await, 1);
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM orders WHERE kind = 'RENEWAL' AND subscription_id = {id}
                    AND billing_period_start = '{end}' AND payment_status = 'CAPTURED'"
            )
        )
        .await,
        1
    );
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// Stripe ended the subscription; the `deleted` event arrives, then an older `updated` whose
/// payload still says active: the local record follows Stripe as it is now (CANCELED, one
/// mail) and the courses close.
async fn subscription_events_follow_stripe_as_it_is_now(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, sid) = linked_subscriber(&app, &fake).await;
    let before = fake.subscription(&sid);
    let period = |k: &str| before["items"]["data"][0][k].as_i64().unwrap();
    fake.set_subscription(
        &sid,
        "canceled",
        period("current_period_start"),
        period("current_period_end"),
    );

    let (status, reply) = post(
        &app,
        signed_billing_event(
            "evt_deleted",
            "customer.subscription.deleted",
            &fake.subscription(&sid),
        ),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(sub_state(&app, id).await.0, "CANCELED");

    assert_eq!(before["status"], "active");
    let (status, reply) = post(
        &app,
        signed_billing_event("evt_older", "customer.subscription.updated", &before),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(sub_state(&app, id).await.0, "CANCELED", "not moved back");
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
    assert_eq!(s.get(COURSE).await.status, 403);
    assert_eq!(renewals(&app).await, 0);
}

/// Cancelling at period end (and taking it back) is asked of Stripe first — refused while
/// the subscription is not linked yet — and the local flag follows; nothing is deleted.
async fn cancel_at_period_end_goes_through_stripe(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, _) = stripe_subscriber(&app, "sam@example.com").await;
    let id_text = id.to_string();

    let r = s
        .server_fn("subscriptions/cancel", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 409, "not linked yet: {}", r.body);
    assert!(!cancel_flag(&app, id).await);

    pass(&app).await;
    let sid = fake.only_subscription_id();
    let update = format!("POST /v1/subscriptions/{sid}");
    let r = s
        .server_fn("subscriptions/cancel", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(fake.calls(&update), 1);
    assert_eq!(fake.subscription(&sid)["cancel_at_period_end"], true);
    assert!(cancel_flag(&app, id).await);
    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");
    assert_eq!(s.get(COURSE).await.status, 200, "access until the end");

    let r = s
        .server_fn("subscriptions/resume", &[("id", id_text.as_str())])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(fake.calls(&update), 2);
    assert_eq!(fake.subscription(&sid)["cancel_at_period_end"], false);
    assert!(!cancel_flag(&app, id).await);
    assert_eq!(fake.calls(&format!("DELETE /v1/subscriptions/{sid}")), 0);
}

/// A Stripe subscriber manages the card and invoices in Stripe's billing portal: the page
/// shows the button once the subscription is linked; the plain form post (and the REST call)
/// leads to a portal session for their own customer; another account gets 404 for it.
async fn the_billing_portal_opens_for_the_subscriber_only(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, _) = stripe_subscriber(&app, "sam@example.com").await;
    let path = format!("/account/subscriptions/{id}/portal");
    let post = |who: &Shopper| {
        who.client
            .post(format!("{}{path}", who.base))
            .header("origin", who.base.clone())
            .header("accept", "text/html")
    };
    let r = s.send(post(&s)).await;
    assert_eq!(r.status, 409, "not linked yet: {}", r.body);

    pass(&app).await;
    let (_, html) = s.page("/account/subscriptions").await;
    assert!(html.contains("data-testid=\"billing-portal\""), "{html}");
    assert!(!html.contains("data-testid=\"card-form\""));
    let r = s.send(post(&s)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let customer: (Option<String>,) = app
        .db
        .one(
            "SELECT provider_customer_id FROM subscriptions WHERE id = $1",
            args![id],
        )
        .await
        .unwrap();
    let customer = customer.0.unwrap();
    assert!(
        r.location
            .as_deref()
            .is_some_and(|l| l.ends_with(&format!("/portal/{customer}"))),
        "{:?}",
        r.location
    );
    let r = s
        .post_json(&format!("/api/me/subscriptions/{id}/portal"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["url"].as_str().unwrap().contains(&customer));

    let other = Shopper::new(&app);
    other.register("eve@example.com").await;
    assert_eq!(other.send(post(&other)).await.status, 404);
    let r = other
        .post_json(&format!("/api/me/subscriptions/{id}/portal"), json!({}))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(fake.calls("POST /v1/billing_portal/sessions"), 2);
}

/// A free trial paid through Stripe (nothing charged at checkout): the billing pass keeps the
/// checkout's card on a new customer and starts a Stripe subscription trialing until the
/// trial's end; Stripe's first invoice at that date is the first paid period.
async fn a_stripe_trial_is_billed_by_stripe_from_its_end(backend: Backend) {
    let (app, fake) = shop(backend).await;
    crate::shopper::exec(
        &app.db,
        &format!(
            "UPDATE subscription_plans SET trial_days = 14 WHERE product_id =
               (SELECT product_id FROM product_variants WHERE sku = '{PLAN}')"
        ),
    )
    .await;
    let (_s, id, number) = stripe_subscriber(&app, "tia@example.com").await;
    let total = count(
        &app,
        &format!("SELECT total_amount FROM orders WHERE number = '{number}'"),
    )
    .await;
    assert_eq!(total, 0, "the trial is free at checkout");
    let (st, start, end, _, _) = sub_state(&app, id).await;
    assert_eq!(
        (st.as_str(), end),
        ("TRIALING", start.plus_days(14).unwrap())
    );

    pass(&app).await;
    let sid = fake.only_subscription_id();
    let created = fake.created_with(&sid);
    assert_eq!(created.get("trial_end"), Some(&midnight(end).to_string()));
    assert!(!created.contains_key("billing_cycle_anchor"));
    assert_eq!(fake.subscription(&sid)["status"], "trialing");
    let customer = fake.subscription(&sid)["customer"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        fake.created_with(&customer)
            .get("payment_method")
            .map(String::as_str),
        Some("pm_card_visa"),
        "the checkout's card is kept for the first charge"
    );
    let (token, remote): (Option<String>, Option<String>) = app
        .db
        .one(
            "SELECT payment_token, provider_subscription_id FROM subscriptions WHERE id = $1",
            args![id],
        )
        .await
        .unwrap();
    assert_eq!((token, remote.as_deref()), (None, Some(sid.as_str())));
    pass(&app).await;
    assert_eq!(fake.calls("POST /v1/subscriptions"), 1, "linked once");

    let next = end.plus_months(1, end.day()).unwrap();
    let tax = 181; // What Stripe Tax would say; the shop records the invoice as it is.
    go_to(&app, end);
    fake.set_subscription(&sid, "active", midnight(end), midnight(next));
    let paid = invoice_json(
        "in_trial_end",
        &sid,
        "paid",
        2_900 + tax,
        tax,
        midnight(end),
        midnight(next),
        Some("pi_trial_end"),
        "subscription_cycle",
        1,
    );
    let (status, reply) = post(
        &app,
        signed_billing_event("evt_trial_end", "invoice.paid", &paid),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(renewals(&app).await, 1);
    let (st, new_start, new_end, _, _) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), new_start, new_end), ("ACTIVE", end, next));
}

/// Monthly → annual on a subscription Stripe bills: Stripe switches it from today with its
/// own proration (invoiced at once, `always_invoice`); the local plan, price and period follow
/// Stripe's answer, and nothing is charged by the shop itself.
async fn a_stripe_subscriber_switches_plans_at_stripe(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, sid) = linked_subscriber(&app, &fake).await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    go_to(&app, start.plus_days(start.days_until(end) / 2).unwrap());
    let annual = variant(&app, "SUB-LEARN-YEAR").await;
    let r = s
        .post_json(
            &format!("/api/me/subscriptions/{id}/switch"),
            json!({"variantId": annual}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["billed_by_stripe"], true, "{}", r.body);
    let update = fake.created_with(&sid);
    assert!(
        update.contains_key("billing_cycle_anchor"),
        "created anchored"
    );
    let stripe_sub = fake.subscription(&sid);
    assert_eq!(
        stripe_sub["items"]["data"][0]["price"]["unit_amount"],
        29_000
    );
    assert_eq!(
        stripe_sub["items"]["data"][0]["price"]["recurring"]["interval"],
        "year"
    );
    let (price, plan_interval): (i64, String) = app
        .db
        .one(
            "SELECT s.price_amount, sp.billing_interval FROM subscriptions s
               JOIN subscription_plans sp ON sp.product_id = s.plan_id WHERE s.id = $1",
            args![id],
        )
        .await
        .unwrap();
    assert_eq!((price, plan_interval.as_str()), (29_000, "YEAR"));
    assert_eq!(
        renewals(&app).await,
        0,
        "Stripe's invoice arrives by webhook"
    );
    assert_eq!(
        fake.calls("POST /v1/payment_intents"),
        1,
        "the shop charged nothing itself"
    );
}

/// Staff cancel a subscription Stripe bills: Stripe cancels it first (nothing more is
/// charged), then the local row; the subscriber's access ends.
async fn staff_cancel_a_stripe_subscription_at_stripe(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, id, sid) = linked_subscriber(&app, &fake).await;
    let staff = crate::shopper::Shopper::new(&app);
    staff
        .login(crate::helpers::ADMIN_EMAIL, crate::helpers::ADMIN_PASSWORD)
        .await;
    let r = staff
        .post_json(&format!("/api/admin/subscriptions/{id}/cancel"), json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(fake.calls(&format!("DELETE /v1/subscriptions/{sid}")), 1);
    assert_eq!(fake.subscription(&sid)["status"], "canceled");
    assert_eq!(sub_state(&app, id).await.0, "CANCELED");
    assert_eq!(s.get(COURSE).await.status, 403);
    let r = staff
        .post_json(&format!("/api/admin/subscriptions/{id}/cancel"), json!({}))
        .await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert_eq!(fake.calls(&format!("DELETE /v1/subscriptions/{sid}")), 1);
}

both_backends_own_app!(
    staff_cancel_a_stripe_subscription_at_stripe,
    a_stripe_subscriber_switches_plans_at_stripe,
    a_stripe_trial_is_billed_by_stripe_from_its_end,
    the_billing_portal_opens_for_the_subscriber_only,
    a_stripe_subscription_is_linked_once_and_never_charged_offline,
    a_paid_invoice_is_one_renewal_order,
    a_failed_invoice_goes_past_due_then_recovers,
    subscription_events_follow_stripe_as_it_is_now,
    cancel_at_period_end_goes_through_stripe,
);
