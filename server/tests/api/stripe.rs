//! Stripe against a fake Stripe API (both engines): authorise + capture with idempotency
//! keys, declines, 3-D Secure finished by webhook or by the return URL, webhooks that are
//! signed, forged, stale, duplicated or out of order, refunds, and orders abandoned at the
//! bank.

use serde_json::{Value, json};
use services::db::Backend;
use services::payments::PaymentGateway;

use crate::fake_stripe::{FakeStripe, post_event, signed_event};
use crate::helpers::{TestApp, spawn_app_with};
use crate::shopper::{Shopper, scalar_i64, stocked_variants};

const CREATE: &str = "POST /v1/payment_intents";

fn body(payment_method: &str) -> Value {
    json!({
        "email": "sam@example.com",
        "shippingAddress": {
            "recipientName": "Sam Roe", "line1": "1 Main St", "city": "Austin",
            "region": "TX", "postalCode": "78701", "country": "US"
        },
        "shippingMethod": "standard",
        "payment": {"method": "stripe", "paymentMethodId": payment_method}
    })
}

async fn shop(backend: Backend) -> (TestApp, FakeStripe) {
    let fake = FakeStripe::start().await;
    let config = fake.config();
    let app = spawn_app_with(backend, move |c| c.stripe = Some(config)).await;
    (app, fake)
}

/// A shopper with 2 of a 10-stock variant in the cart.
async fn shopper_with_cart(app: &TestApp) -> (Shopper, i64) {
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let s = Shopper::new(app);
    assert_eq!(s.add(v, json!(2)).await.status, 200);
    (s, v)
}

async fn order(s: &Shopper, pm: &str, key: &str) -> crate::shopper::Reply {
    s.send(
        s.client
            .post(format!("{}/api/orders", s.base))
            .header("Idempotency-Key", key)
            .json(&body(pm)),
    )
    .await
}

async fn stock(app: &TestApp, v: i64) -> (i64, i64) {
    let q =
        |col: &str| format!("SELECT CAST({col} AS BIGINT) FROM inventory WHERE variant_id = {v}");
    (
        scalar_i64(&app.db, &q("on_hand")).await,
        scalar_i64(&app.db, &q("reserved")).await,
    )
}

async fn status_of(app: &TestApp, number: &str) -> String {
    let (s,): (String,) = app
        .db
        .one(
            "SELECT status FROM orders WHERE number = $1",
            services::args![number],
        )
        .await
        .unwrap();
    s
}

fn intent_id(next_action_url: &str) -> String {
    next_action_url.rsplit('/').next().unwrap().to_string()
}

async fn stripe_payment_is_authorised_then_captured_once(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, v) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_visa", "stripe-1").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "CONFIRMED");
    assert_eq!(r.body["payment_status"], "CAPTURED");
    let number = r.body["number"].as_str().unwrap().to_string();
    assert_eq!(fake.keys(CREATE), vec![Some(format!("charge:{number}"))]);
    let pi = "pi_fake1";
    let capture = format!("POST /v1/payment_intents/{pi}/capture");
    assert_eq!(fake.keys(&capture), vec![Some(format!("capture:{number}"))]);
    assert_eq!(fake.intent(pi)["status"], "succeeded");
    assert_eq!(fake.intent(pi)["metadata"]["order_number"], number.as_str());
    assert_eq!(
        fake.intent(pi)["amount_received"].as_i64().unwrap(),
        r.body["totals"]["total"]["amount"].as_i64().unwrap()
    );
    assert_eq!(stock(&app, v).await, (8, 0));

    // The same request again: the same order, no second PaymentIntent.
    let again = order(&s, "pm_card_visa", "stripe-1").await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.body["number"], number.as_str());
    assert_eq!(fake.calls(CREATE), 1);
    assert_eq!(fake.calls(&capture), 1);
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM payments WHERE provider_payment_id = 'pi_fake1' AND status = 'CAPTURED'"
        )
        .await,
        1
    );

    // Refunds carry their idempotency key: a retry refunds once.
    let gateway = server::payments::stripe::StripeGateway::new(&fake.config()).unwrap();
    let money = storefront::Money::new(500, storefront::Currency::Usd);
    let first = gateway.refund(pi, money, "refund:test-1").await.unwrap();
    let retry = gateway.refund(pi, money, "refund:test-1").await.unwrap();
    assert_eq!(first, retry);
    assert_eq!(fake.keys("POST /v1/refunds").len(), 2);
}

async fn declined_stripe_card_puts_everything_back(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, v) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_chargeDeclined", "stripe-d").await;
    assert_eq!(r.status, 402, "{}", r.body);
    assert!(
        r.message().contains("Your card was declined."),
        "{}",
        r.body
    );
    assert_eq!(stock(&app, v).await, (10, 0));
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT COUNT(*) FROM orders WHERE status = 'CANCELLED'"
        )
        .await,
        1
    );
    // The wizard is back on the payment step with the reason and Stripe's Payment Element.
    let (status, page) = s.page("/checkout?step=payment").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("data-stripe-key=\"pk_test_fake\""),
        "Payment Element form"
    );
    assert!(page.contains("Your card was declined."), "reason shown");
    // Another card then works, from the same cart.
    let r = order(&s, "pm_card_visa", "stripe-d2").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(fake.calls(CREATE), 2);
}

async fn three_d_secure_finishes_by_webhook_once(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, v) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_authenticationRequired", "stripe-3ds").await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["status"], "PENDING");
    assert_eq!(r.body["next_action"]["type"], "redirect_to_url");
    let url = r.body["next_action"]["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&fake.base), "{url}");
    let number = r.body["number"].as_str().unwrap().to_string();
    // Held while the shopper is at the bank.
    assert_eq!(stock(&app, v).await, (10, 2));
    // A retry of the same request points at the same bank page.
    let again = order(&s, "pm_card_authenticationRequired", "stripe-3ds").await;
    assert_eq!(again.body["next_action"]["url"], url.as_str());
    assert_eq!(fake.calls(CREATE), 1);

    let pi = intent_id(&url);
    fake.finish_3ds(&pi, true);
    let event = || {
        signed_event(
            "evt_1",
            "payment_intent.amount_capturable_updated",
            &fake.intent(&pi),
            0,
            false,
        )
    };
    let (status, reply) = post_event(&s.client, &s.base, event()).await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["outcome"], "confirmed");
    assert_eq!(reply["order"], number.as_str());
    assert_eq!(status_of(&app, &number).await, "CONFIRMED");
    assert_eq!(stock(&app, v).await, (8, 0));
    let capture = format!("POST /v1/payment_intents/{pi}/capture");
    assert_eq!(fake.calls(&capture), 1);

    // Delivered again: recorded once, nothing done twice.
    let (status, reply) = post_event(&s.client, &s.base, event()).await;
    assert_eq!((status, reply["duplicate"].clone()), (200, json!(true)));
    assert_eq!(fake.calls(&capture), 1);

    // Forged and stale deliveries are refused and not recorded.
    let forged = signed_event(
        "evt_2",
        "payment_intent.succeeded",
        &fake.intent(&pi),
        0,
        true,
    );
    let (status, reply) = post_event(&s.client, &s.base, forged).await;
    assert_eq!(status, 400, "{reply}");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("signature")
    );
    let stale = signed_event(
        "evt_3",
        "payment_intent.succeeded",
        &fake.intent(&pi),
        600,
        false,
    );
    let (status, reply) = post_event(&s.client, &s.base, stale).await;
    assert_eq!(status, 400, "{reply}");
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("too old")
    );
    let unsigned = s
        .client
        .post(format!("{}/webhooks/stripe", s.base))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status().as_u16(), 400);
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM webhook_events").await,
        1
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            "SELECT CAST(attempts AS BIGINT) FROM webhook_events WHERE event_id = 'evt_1'"
        )
        .await,
        2
    );
}

async fn out_of_order_events_follow_the_payment_as_it_is_now(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, _) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_authenticationRequired", "stripe-ooo").await;
    let number = r.body["number"].as_str().unwrap().to_string();
    let pi = intent_id(r.body["next_action"]["url"].as_str().unwrap());
    // An old "failed" event arrives after the shopper did authenticate.
    let mut old = fake.intent(&pi);
    old["status"] = json!("requires_payment_method");
    fake.finish_3ds(&pi, true);
    let (status, reply) = post_event(
        &s.client,
        &s.base,
        signed_event("evt_old", "payment_intent.payment_failed", &old, 0, false),
    )
    .await;
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["outcome"], "confirmed");
    assert_eq!(status_of(&app, &number).await, "CONFIRMED");
    // An even older one changes nothing.
    let (status, _) = post_event(
        &s.client,
        &s.base,
        signed_event(
            "evt_older",
            "payment_intent.requires_action",
            &old,
            0,
            false,
        ),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(status_of(&app, &number).await, "CONFIRMED");
}

async fn failed_three_d_secure_returns_to_a_cancelled_order(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, v) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_authenticationRequired", "stripe-fail").await;
    let number = r.body["number"].as_str().unwrap().to_string();
    let pi = intent_id(r.body["next_action"]["url"].as_str().unwrap());
    let key = r.body["url"]
        .as_str()
        .unwrap()
        .split("key=")
        .nth(1)
        .unwrap()
        .to_string();
    fake.finish_3ds(&pi, false);
    // Back from the bank, without a webhook: the return URL asks Stripe itself.
    let back = s
        .get(&format!("/checkout/return?order={number}&key={key}"))
        .await;
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(
        back.location.as_deref(),
        Some(format!("/orders/{number}?key={key}").as_str())
    );
    assert_eq!(status_of(&app, &number).await, "CANCELLED");
    assert_eq!(stock(&app, v).await, (10, 0));
    let (_, page) = s.page(&format!("/orders/{number}?key={key}")).await;
    assert!(page.contains("unable to authenticate"), "reason shown");
    // A wrong key opens nothing.
    let wrong = s
        .get(&format!("/checkout/return?order={number}&key=nope"))
        .await;
    assert_eq!(wrong.status, 404);
    // The checkout is open again for another card.
    let r = order(&s, "pm_card_visa", "stripe-fail-2").await;
    assert_eq!(r.status, 201, "{}", r.body);
}

async fn orders_abandoned_at_the_bank_are_given_up(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, v) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_authenticationRequired", "stripe-gone").await;
    let number = r.body["number"].as_str().unwrap().to_string();
    let pi = intent_id(r.body["next_action"]["url"].as_str().unwrap());
    let gateway = server::payments::stripe::StripeGateway::new(&fake.config()).unwrap();
    let settled =
        services::checkout::sweep_stale_pending(&app.db, &gateway, std::time::Duration::ZERO)
            .await
            .unwrap();
    assert_eq!(settled, 1);
    assert_eq!(status_of(&app, &number).await, "CANCELLED");
    assert_eq!(stock(&app, v).await, (10, 0));
    // The bank page can no longer take the money.
    assert_eq!(fake.intent(&pi)["status"], "canceled");
    assert_eq!(gateway.provider(), services::payments::Provider::Stripe);
}

/// The cancellation saga with the refund failing half-way: the order is cancelled and the
/// stock back at once, the refund stays owed; retries (the shopper's or the job's) refund
/// exactly once with the same key, and nothing is given back twice.
async fn cancellation_survives_a_refund_outage(backend: Backend) {
    let (app, fake) = shop(backend).await;
    let (s, v) = shopper_with_cart(&app).await;
    let r = order(&s, "pm_card_visa", "stripe-cancel").await;
    assert_eq!(r.status, 201, "{}", r.body);
    let number = r.body["number"].as_str().unwrap().to_string();
    let key = crate::order_lifecycle::key(&r.body);
    let total = r.body["totals"]["total"]["amount"].as_i64().unwrap();
    assert_eq!(stock(&app, v).await, (8, 0));

    fake.set_refunds_down(true);
    let cancel = format!("/api/orders/{number}/cancel");
    let first = s
        .post_json(&cancel, json!({"reason": "Changed my mind", "key": key}))
        .await;
    assert_eq!(first.status, 503, "{}", first.body);
    assert!(
        first.message().contains("will be sent again"),
        "{}",
        first.message()
    );
    assert_eq!(status_of(&app, &number).await, "CANCELLED");
    assert_eq!(stock(&app, v).await, (10, 0));
    let again = s.post_json(&cancel, json!({"key": key})).await;
    assert_eq!(again.status, 503, "{}", again.body);
    assert_eq!(stock(&app, v).await, (10, 0));
    assert_eq!(fake.refunded("pi_fake1"), 0);

    fake.set_refunds_down(false);
    let done = s.post_json(&cancel, json!({"key": key})).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.body["status"], "REFUNDED");
    assert_eq!(done.body["refunded"]["amount"], total);
    assert_eq!(fake.refunded("pi_fake1"), total);
    assert_eq!(
        fake.keys("POST /v1/refunds"),
        vec![Some(format!("refund:cancel:{number}"))]
    );
    // The background retry finds nothing left to do.
    let retried = services::orders::retry_pending_refunds(
        &app.db,
        &server::payments::stripe::StripeGateway::new(&fake.config()).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(retried, 0);
    assert_eq!(fake.refunded("pi_fake1"), total);
    assert_eq!(stock(&app, v).await, (10, 0));
}

both_backends_own_app!(
    cancellation_survives_a_refund_outage,
    stripe_payment_is_authorised_then_captured_once,
    declined_stripe_card_puts_everything_back,
    three_d_secure_finishes_by_webhook_once,
    out_of_order_events_follow_the_payment_as_it_is_now,
    failed_three_d_secure_returns_to_a_cancelled_order,
    orders_abandoned_at_the_bank_are_given_up,
);
