//! Recurring billing on the offline gateway (issue 22), both engines, driven by the app's
//! injected clock: a period is charged once even with two job runners; a refused renewal goes
//! PAST_DUE (access kept), is retried on the dunning days and recovers; three refused
//! retries cancel it (access gone); a cancellation at period end ends it on the renewal date
//! without charging; plan switches credit unused days exactly.

use serde_json::json;
use services::args;
use services::payments::{CardInput, TestGateway};
use services::subscriptions::renew::RenewalReport;
use storefront::subscription::Date;

use crate::helpers::TestApp;
use crate::learning_fixtures::{digital_order, variant};
use crate::shopper::{Shopper, exec, scalar_i64};

const COURSE: &str = "/learn/sql-for-analysts";
const DECLINED: &str = "4000000000000002";
const GOOD: &str = "4242424242424242";

/// A signed-in subscriber to the plan `sku`; the subscription's id and user id.
pub(crate) async fn subscriber(app: &TestApp, email: &str, sku: &str) -> (Shopper, i64, i64) {
    let s = Shopper::new(app);
    s.register(email).await;
    let r = s.add(variant(app, sku).await, json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let (id, user): (i64, i64) = app
        .db
        .one(
            "SELECT s.id, s.user_id FROM subscriptions s JOIN users u ON u.id = s.user_id
              WHERE u.email = $1",
            args![email],
        )
        .await
        .unwrap();
    (s, id, user)
}

/// One billing pass at the app clock's now.
pub(crate) async fn pass(app: &TestApp) -> RenewalReport {
    server::jobs::renew_subscriptions(&app.jobs, app.clock.now())
        .await
        .expect("billing pass")
}

pub(crate) fn billing(app: &TestApp) -> services::subscriptions::renew::Billing<'_> {
    services::subscriptions::renew::Billing {
        db: &app.db,
        gateway: app.jobs.payments.as_ref(),
        dunning: &app.jobs.dunning,
        prices_include_tax: false,
        base_url: "http://shop.test",
    }
}

pub(crate) fn card(number: &str) -> services::payments::CardToken {
    TestGateway
        .tokenize(
            &CardInput {
                number: number.into(),
                exp_month: "12".into(),
                exp_year: "2030".into(),
                cvc: "123".into(),
            },
            (2026, 1),
        )
        .unwrap()
}

/// Status, period start, period end, failed attempts, next retry.
pub(crate) async fn sub_state(app: &TestApp, id: i64) -> (String, Date, Date, i32, Option<String>) {
    let r: (String, String, String, i32, Option<String>) = app
        .db
        .one(
            "SELECT status, period_start, period_end, failed_attempts, next_retry_on
               FROM subscriptions WHERE id = $1",
            args![id],
        )
        .await
        .unwrap();
    (r.0, r.1.parse().unwrap(), r.2.parse().unwrap(), r.3, r.4)
}

/// Moves the clock to `day` (noon UTC).
pub(crate) fn go_to(app: &TestApp, day: Date) {
    let at =
        chrono::NaiveDate::from_ymd_opt(day.year(), u32::from(day.month()), u32::from(day.day()))
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc();
    app.clock.set(services::db::Ts(at));
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

/// At the renewal date two runners bill at the same instant: one RENEWAL order (with tax
/// and an invoice number), one payment, one RENEWED event; the period moves on a month;
/// another pass the same day bills nothing. The order is in the subscriber's history.
async fn a_period_is_charged_once_with_two_runners(app: TestApp) {
    let (s, id, _) = subscriber(&app, "sam@example.com", "SUB-LEARN-MONTH").await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    let first_tax = count(
        &app,
        "SELECT tax_amount FROM orders WHERE kind = 'CHECKOUT'",
    )
    .await;
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM orders WHERE invoice_number IS NOT NULL"
        )
        .await,
        1,
        "the first order is the first period's invoice"
    );

    go_to(&app, end.plus_days(-1).unwrap());
    assert_eq!(pass(&app).await, RenewalReport::default(), "not due yet");
    go_to(&app, end);
    let now = app.clock.now();
    let (a, b) = tokio::join!(
        server::jobs::renew_subscriptions(&app.jobs, now),
        server::jobs::renew_subscriptions(&app.jobs, now)
    );
    assert_eq!(a.unwrap().renewed + b.unwrap().renewed, 1);
    assert_eq!(pass(&app).await, RenewalReport::default());

    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM orders WHERE kind = 'RENEWAL'").await,
        1
    );
    let (number, invoice, status, pay, total, tax, ps, pe): (
        String,
        String,
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
    assert!(invoice.starts_with("INV-"), "{invoice}");
    assert_eq!((status.as_str(), pay.as_str()), ("DELIVERED", "CAPTURED"));
    assert_eq!(tax, first_tax, "the same tax rule as the first order");
    assert_eq!(total, 2_900 + tax);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.kind = 'RENEWAL'").await,
        1
    );
    let (st, new_start, new_end, _, _) = sub_state(&app, id).await;
    assert_eq!(st, "ACTIVE");
    assert_eq!((new_start, ps.parse().unwrap()), (end, end));
    assert_eq!(new_end, end.plus_months(1, start.day()).unwrap());
    assert_eq!(pe.parse::<Date>().unwrap(), new_end);
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM subscription_events WHERE subscription_id = {id} AND event = 'RENEWED'")).await,
        1
    );
    assert_eq!(mails(&app, "subscription_renewed").await, 1);
    let r = s.get("/api/orders").await;
    assert!(r.body.to_string().contains(&number), "{}", r.body);
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// Refused at renewal → PAST_DUE with a retry the next day, the courses still open and a
/// mail; not retried before that day; the retry with a working card recovers it (ACTIVE,
/// the period from the renewal date, dunning reset).
async fn a_refused_renewal_recovers_on_retry(app: TestApp) {
    let (s, id, user) = subscriber(&app, "pat@example.com", "SUB-LEARN-MONTH").await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    services::subscriptions::card::update_card(
        billing(&app),
        user,
        id,
        &card(DECLINED),
        app.clock.now(),
    )
    .await
    .unwrap();
    go_to(&app, end);
    let r = pass(&app).await;
    assert_eq!((r.renewed, r.failed), (0, 1));
    let (st, _, _, failed, retry) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), failed), ("PAST_DUE", 1));
    assert_eq!(retry, Some(end.plus_days(1).unwrap().to_string()));
    assert_eq!(
        s.get(COURSE).await.status,
        200,
        "access continues in the grace period"
    );
    assert_eq!(mails(&app, "subscription_payment_failed").await, 1);
    assert_eq!(
        pass(&app).await,
        RenewalReport::default(),
        "the retry is tomorrow"
    );

    // The bank accepts the same card again by the retry.
    let good = card(GOOD).token;
    exec(
        &app.db,
        &format!("UPDATE subscriptions SET payment_token = '{good}' WHERE id = {id}"),
    )
    .await;
    go_to(&app, end.plus_days(1).unwrap());
    assert_eq!(pass(&app).await.renewed, 1);
    let (st, new_start, new_end, failed, retry) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), failed, retry), ("ACTIVE", 0, None));
    assert_eq!(
        (new_start, new_end),
        (end, end.plus_months(1, start.day()).unwrap()),
        "the period keeps its anchor"
    );
    assert_eq!(
        count(&app, &format!("SELECT COUNT(*) FROM subscription_events WHERE subscription_id = {id} AND event = 'PAYMENT_RECOVERED'")).await,
        1
    );
    assert_eq!(s.get(COURSE).await.status, 200);
}

/// Refused at renewal and on the retries after 1 and 3 days; a new card then pays at once.
/// Another subscriber's card stays refused through the day-5 retry: CANCELED for
/// non-payment, the courses closed, a mail; nothing more is tried.
async fn dunning_runs_out_and_cancels(app: TestApp) {
    let (s, id, user) = subscriber(&app, "lee@example.com", "SUB-LEARN-MONTH").await;
    let (_, _, end, _, _) = sub_state(&app, id).await;
    let (s2, id2, user2) = subscriber(&app, "kim@example.com", "SUB-LEARN-MONTH").await;
    for (u, i) in [(user, id), (user2, id2)] {
        services::subscriptions::card::update_card(
            billing(&app),
            u,
            i,
            &card(DECLINED),
            app.clock.now(),
        )
        .await
        .unwrap();
    }
    for (day, failures) in [(0, 1), (1, 2), (3, 3)] {
        go_to(&app, end.plus_days(day).unwrap());
        assert_eq!(pass(&app).await.failed, 2, "day {day}");
        assert_eq!(sub_state(&app, id).await.3, failures);
        assert_eq!(s2.get(COURSE).await.status, 200, "day {day}: in grace");
    }
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
    assert_eq!(sub_state(&app, id).await.0, "ACTIVE");

    go_to(&app, end.plus_days(5).unwrap());
    let r = pass(&app).await;
    assert_eq!((r.canceled, r.failed), (1, 0));
    assert_eq!(sub_state(&app, id2).await.0, "CANCELED");
    assert_eq!(s2.get(COURSE).await.status, 403, "access ends");
    assert_eq!(s.get(COURSE).await.status, 200);
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
    assert_eq!(mails(&app, "subscription_payment_failed").await, 6);
    go_to(&app, end.plus_days(40).unwrap());
    let r = pass(&app).await;
    assert_eq!(
        (r.renewed, r.failed, r.canceled),
        (1, 0, 0),
        "only the paying one renews"
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM orders WHERE subscription_id = {id2}")
        )
        .await,
        1,
        "the canceled one has only its first order"
    );
}

/// Cancelled at period end: the courses stay open to the last day; on the renewal date it
/// ends without a charge.
async fn cancel_at_period_end_keeps_access_until_then(app: TestApp) {
    let (s, id, user) = subscriber(&app, "ann@example.com", "SUB-LEARN-MONTH").await;
    let (_, _, end, _, _) = sub_state(&app, id).await;
    services::subscriptions::account::cancel_at_period_end(
        &app.db,
        app.jobs.payments.as_ref(),
        user,
        id,
    )
    .await
    .unwrap();
    go_to(&app, end.plus_days(-1).unwrap());
    assert_eq!(pass(&app).await, RenewalReport::default());
    assert_eq!(s.get(COURSE).await.status, 200);
    go_to(&app, end);
    assert_eq!(pass(&app).await.ended, 1);
    assert_eq!(sub_state(&app, id).await.0, "CANCELED");
    assert_eq!(s.get(COURSE).await.status, 403);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM orders WHERE kind = 'RENEWAL'").await,
        0,
        "nothing charged"
    );
    assert_eq!(mails(&app, "subscription_canceled").await, 1);
}

/// Monthly → annual half-way: the unused half is credited, the rest charged (with tax), the
/// annual period starts today. Annual → monthly the next day: nothing charged, the credit is
/// carried and pays the next monthly renewals.
async fn plan_switches_credit_unused_days(app: TestApp) {
    let (_s, id, user) = subscriber(&app, "max@example.com", "SUB-LEARN-MONTH").await;
    let (_, start, end, _, _) = sub_state(&app, id).await;
    let days = start.days_until(end);
    let half = start.plus_days(days / 2).unwrap();
    go_to(&app, half);
    let now = app.clock.now();
    let options = services::subscriptions::switch::switch_options(&app.db, user, id, now)
        .await
        .unwrap();
    assert_eq!(options.len(), 1, "{options:?}");
    let annual = &options[0];
    assert_eq!(annual.interval, "year");
    let left = half.days_until(end);
    assert_eq!(annual.credit.minor(), 2_900 * left / days, "rounded down");
    assert_eq!(annual.charge_now.minor() + annual.credit.minor(), 29_000);
    let done = services::subscriptions::switch::switch_plan(
        billing(&app),
        user,
        id,
        annual.variant_id,
        now,
    )
    .await
    .unwrap();
    let (discount, tax, total): (i64, i64, i64) = app
        .db
        .one(
            "SELECT discount_amount, tax_amount, total_amount FROM orders WHERE invoice_number = $1",
            args![done.invoice_number.clone()],
        )
        .await
        .unwrap();
    assert_eq!(discount, annual.credit.minor());
    assert_eq!(total, annual.charge_now.minor() + tax);
    assert_eq!(done.charged.minor(), total);
    let (st, s2, e2, _, _) = sub_state(&app, id).await;
    assert_eq!((st.as_str(), s2), ("ACTIVE", half));
    assert_eq!(e2, half.plus_months(12, half.day()).unwrap());
    let again = services::subscriptions::switch::switch_plan(
        billing(&app),
        user,
        id,
        annual.variant_id,
        now,
    )
    .await;
    assert!(again.is_err(), "same day / same plan refused");

    go_to(&app, half.plus_days(1).unwrap());
    let now = app.clock.now();
    let monthly = variant(&app, "SUB-LEARN-MONTH").await;
    let done = services::subscriptions::switch::switch_plan(billing(&app), user, id, monthly, now)
        .await
        .unwrap();
    assert_eq!(done.charged.minor(), 0);
    let year_days = half.days_until(e2);
    let credit = 29_000 * (year_days - 1) / year_days;
    assert_eq!(done.carried.minor(), credit - 2_900);
    let (_, _, e3, _, _) = sub_state(&app, id).await;
    go_to(&app, e3);
    assert_eq!(pass(&app).await.renewed, 1);
    let carried = count(
        &app,
        &format!("SELECT credit_amount FROM subscriptions WHERE id = {id}"),
    )
    .await;
    assert_eq!(
        carried,
        credit - 2 * 2_900,
        "the renewal was paid from the credit"
    );
    assert_eq!(
        count(
            &app,
            "SELECT total_amount FROM orders WHERE kind = 'RENEWAL' ORDER BY id DESC LIMIT 1"
        )
        .await,
        0
    );
}

both_backends!(
    a_period_is_charged_once_with_two_runners,
    a_refused_renewal_recovers_on_retry,
    dunning_runs_out_and_cancels,
    cancel_at_period_end_keeps_access_until_then,
    plan_switches_credit_unused_days
);
