//! Mail and abandoned-cart reminders (both engines): the outbox sender over a real SMTP
//! listener, delivery exactly once across a crash and a restart, retries with backoff, the
//! reminder schedule at 1 h / 3 h / 24 h on a controlled clock, restore links, unsubscribe.

use std::time::Duration;

use services::args;
use services::db::{Backend, Ts};
use services::mail::DeliveryReport;

use crate::helpers::{TestApp, spawn_app_with};
use crate::order_lifecycle::buy;
use crate::shopper::{Shopper, qty, scalar_i64, stocked_variants};
use crate::smtp_sink::{SmtpSink, decoded, header, link};

pub async fn deliver(app: &TestApp, now: Ts) -> DeliveryReport {
    services::mail::deliver_due(
        &app.db,
        app.jobs.transport.as_ref(),
        app::SHOP_NAME,
        &app.jobs.sender,
        now,
    )
    .await
    .expect("delivery pass")
}

async fn with_sink(backend: Backend) -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = spawn_app_with(backend, |c| c.smtp_url = Some(url)).await;
    (app, sink)
}

async fn outbox_status(app: &TestApp, topic: &str) -> Vec<String> {
    let rows: Vec<(String,)> = app
        .db
        .all(
            "SELECT status FROM outbox WHERE topic = $1 ORDER BY id",
            args![topic],
        )
        .await
        .unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

async fn order_mail_goes_out_over_smtp_once(backend: Backend) {
    let (app, sink) = with_sink(backend).await;
    let v = stocked_variants(&app.db, 1, 10).await[0];
    let (_, order) = buy(&app, &[(v, 2)], None).await;
    let number = order["number"].as_str().unwrap().to_string();
    assert_eq!(outbox_status(&app, "order.confirmed").await, ["PENDING"]);

    let r = deliver(&app, Ts::now()).await;
    assert_eq!(r.sent, 1, "{r:?}");
    let mails = sink.wait_for(1, 5).await;
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(
        header(m, "Subject").unwrap(),
        format!("Order {number} confirmed")
    );
    assert_eq!(header(m, "To").unwrap(), "ann@example.com");
    let from = header(m, "From").unwrap();
    // The store name is the display name (RFC 2047-encoded: it has an '&').
    assert!(from.ends_with("<shop@localhost>"), "{from}");
    assert!(
        from.contains("Larkspur") || from.contains("TGFya3NwdXIg"),
        "{from}"
    );
    assert!(m.contains("multipart/alternative"), "text and HTML parts");
    let body = decoded(m);
    let order_link = format!("{}/orders/{number}?key=", app.address);
    assert!(body.contains(&order_link), "absolute order link in {body}");
    assert!(
        body.contains("Total") && body.contains("2 ×"),
        "lines and totals"
    );
    assert!(body.contains(app::SHOP_NAME) || body.contains("Larkspur &amp; Co."));
    assert_eq!(outbox_status(&app, "order.confirmed").await, ["DONE"]);

    // Sent once: later passes find nothing; the log has it, secret link blanked.
    assert_eq!(
        deliver(&app, Ts::now().plus(Duration::from_secs(3600)))
            .await
            .total(),
        0
    );
    assert_eq!(sink.messages().len(), 1);
    let (text,): (String,) = app
        .db
        .one(
            "SELECT body_text FROM emails_sent WHERE template = 'order_confirmation'",
            args![],
        )
        .await
        .unwrap();
    assert!(text.contains("key=REDACTED"), "{text}");
}

async fn outbox_survives_a_crash_between_commit_and_send(backend: Backend) {
    let (app, sink) = with_sink(backend).await;
    let v = stocked_variants(&app.db, 2, 10).await;
    // Mail 1 was committed, then the process died before sending anything.
    buy(&app, &[(v[0], 1)], None).await;
    // Mail 2 was claimed by a sender that died mid-send.
    buy(&app, &[(v[1], 1)], None).await;
    let ids: Vec<(i64,)> = app
        .db
        .all(
            "SELECT id FROM outbox WHERE topic = 'order.confirmed' ORDER BY id",
            args![],
        )
        .await
        .unwrap();
    let now = Ts::now();
    app.db
        .exec(
            "UPDATE outbox SET status = 'PROCESSING', locked_by = 'crashed-instance', locked_at = $1,
                    attempts = 1 WHERE id = $2",
            args![now, ids[1].0],
        )
        .await
        .unwrap();

    // After the restart: a new instance on the same database runs the sender job.
    let mut config = crate::helpers::test_config(app.database_url.clone());
    config.smtp_url = Some(sink.url());
    config.jobs = Some(server::jobs::JobsConfig {
        only: Some(vec!["outbox".into()]),
        mail_every: Duration::from_millis(100),
        ..Default::default()
    });
    let restarted = server::Application::build(config, crate::helpers::test_leptos_options())
        .await
        .expect("restarted app");
    tokio::spawn(restarted.run_until_stopped(std::future::pending()));
    let mails = sink.wait_for(1, 20).await;
    assert_eq!(
        mails.len(),
        1,
        "the unclaimed mail goes out after the restart"
    );
    // The dead sender's claim is respected until its lease (5 min) runs out …
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(sink.messages().len(), 1);
    // … then taken over and sent, once.
    let r = deliver(&app, now.plus(Duration::from_secs(301))).await;
    assert_eq!(r.sent, 1, "{r:?}");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(
        deliver(&app, now.plus(Duration::from_secs(900)))
            .await
            .total(),
        0
    );
    let mails = sink.messages();
    assert_eq!(mails.len(), 2, "each mail exactly once");
    assert_ne!(
        header(&mails[0], "Message-ID"),
        header(&mails[1], "Message-ID")
    );
    assert_eq!(
        outbox_status(&app, "order.confirmed").await,
        ["DONE", "DONE"]
    );
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM emails_sent").await,
        2
    );
}

async fn failed_sends_are_retried_with_backoff(backend: Backend) {
    // Nothing listens on the SMTP port: every send fails for now.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let app = spawn_app_with(backend, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let v = stocked_variants(&app.db, 1, 10).await[0];
    buy(&app, &[(v, 1)], None).await;
    let now = Ts::now();
    let r = deliver(&app, now).await;
    assert_eq!((r.sent, r.retried), (0, 1), "{r:?}");
    let (status, attempts, error): (String, i64, Option<String>) = app
        .db
        .one(
            "SELECT status, CAST(attempts AS BIGINT), last_error FROM outbox WHERE topic = 'order.confirmed'",
            args![],
        )
        .await
        .unwrap();
    assert_eq!((status.as_str(), attempts), ("PENDING", 1));
    assert!(error.unwrap().contains("SMTP"));
    // Not before the backoff (30 s) …
    assert_eq!(
        deliver(&app, now.plus(Duration::from_secs(20)))
            .await
            .total(),
        0
    );
    // … then again, and after the last attempt it is given up (FAILED, shown in the back office).
    let mut at = now;
    for _ in 0..4 {
        at = at.plus(Duration::from_secs(6 * 3600 + 1));
        assert_eq!(deliver(&app, at).await.total(), 1);
    }
    assert_eq!(outbox_status(&app, "order.confirmed").await, ["FAILED"]);
    assert_eq!(
        deliver(&app, at.plus(Duration::from_secs(86_400)))
            .await
            .total(),
        0
    );
}

/// A guest cart with one line and a known email, idle since `t0` and ABANDONED.
async fn abandoned_cart(app: &TestApp, email: &str, t0: Ts) -> (Shopper, i64, i64) {
    let v = stocked_variants(&app.db, 1, 20).await[0];
    let s = Shopper::new(app);
    let r = s.add(v, serde_json::json!(2)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let cart = scalar_i64(&app.db, "SELECT MAX(id) FROM carts").await;
    app.db
        .exec(
            "UPDATE carts SET email = $1, status = 'ABANDONED', abandoned_at = $2, last_activity_at = $2
              WHERE id = $3",
            args![email, t0, cart],
        )
        .await
        .unwrap();
    (s, cart, v)
}

async fn queue(app: &TestApp, now: Ts) -> u64 {
    services::mail::recovery::queue_reminders(&app.db, &app.jobs.recovery_delays, now)
        .await
        .unwrap()
}

async fn reminders_follow_the_schedule_and_stop(backend: Backend) {
    let (app, sink) = with_sink(backend).await;
    let t0 = Ts::now().minus(Duration::from_secs(40 * 24 * 3600));
    let at = |mins: u64| t0.plus(Duration::from_secs(mins * 60));
    let (_, cart, _) = abandoned_cart(&app, "sam@example.com", t0).await;

    assert_eq!(queue(&app, at(59)).await, 0, "nothing before 1 h");
    assert_eq!(queue(&app, at(61)).await, 1, "first reminder at 1 h");
    assert_eq!(deliver(&app, Ts::now()).await.sent, 1);
    assert_eq!(queue(&app, at(62)).await, 0, "once");
    assert_eq!(queue(&app, at(179)).await, 0);
    assert_eq!(queue(&app, at(181)).await, 1, "second at 3 h");
    assert_eq!(deliver(&app, Ts::now()).await.sent, 1);
    assert_eq!(queue(&app, at(24 * 60 - 1)).await, 0);
    assert_eq!(queue(&app, at(24 * 60 + 1)).await, 1, "third at 24 h");
    assert_eq!(deliver(&app, Ts::now()).await.sent, 1);
    assert_eq!(queue(&app, at(30 * 24 * 60)).await, 0, "never a fourth");
    let mails = sink.wait_for(3, 5).await;
    let subjects: Vec<String> = mails
        .iter()
        .map(|m| header(m, "Subject").unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "You left something in your cart at Larkspur & Co.",
            "Still thinking it over?",
            "Last reminder: your cart at Larkspur & Co."
        ]
    );
    for m in &mails {
        assert_eq!(header(m, "To").unwrap(), "sam@example.com");
        assert!(link(m, "/cart/recover").unwrap().starts_with(&app.address));
        assert!(
            header(m, "List-Unsubscribe")
                .unwrap()
                .contains("/email/unsubscribe?token=")
        );
        assert_eq!(
            header(m, "List-Unsubscribe-Post").unwrap(),
            "List-Unsubscribe=One-Click"
        );
    }
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT CAST(recovery_emails_sent AS BIGINT) FROM carts WHERE id = {cart}")
        )
        .await,
        3
    );

    // A change to the cart stops the reminders.
    let t1 = t0.plus(Duration::from_secs(3600));
    let (s, _, v) = abandoned_cart(&app, "kim@example.com", t1).await;
    let at1 = |mins: u64| t1.plus(Duration::from_secs(mins * 60));
    assert_eq!(queue(&app, at1(61)).await, 1);
    let r = s.add(v, serde_json::json!(1)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        queue(&app, at1(181)).await,
        0,
        "the cart changed (ACTIVE again)"
    );
    let r = deliver(&app, Ts::now()).await;
    assert_eq!(
        (r.sent, r.skipped),
        (0, 1),
        "the queued reminder is dropped: {r:?}"
    );

    // An ordered cart gets none.
    let (_, ordered, _) = abandoned_cart(&app, "lee@example.com", t1).await;
    app.db
        .exec(
            "UPDATE carts SET status = 'CONVERTED' WHERE id = $1",
            args![ordered],
        )
        .await
        .unwrap();
    assert_eq!(queue(&app, at1(61)).await, 0);

    // After a long outage only the latest due reminder goes out, not a burst.
    let (_, late, _) = abandoned_cart(&app, "max@example.com", t1).await;
    assert_eq!(queue(&app, at1(30 * 60)).await, 1);
    assert_eq!(queue(&app, at1(31 * 60)).await, 0);
    let (step,): (i64,) = app
        .db
        .one(
            "SELECT CAST(step AS BIGINT) FROM cart_recovery_emails WHERE cart_id = $1",
            args![late],
        )
        .await
        .unwrap();
    assert_eq!(step, 3);
}

async fn unsubscribe_is_honoured(backend: Backend) {
    let (app, sink) = with_sink(backend).await;
    let t0 = Ts::now().minus(Duration::from_secs(10 * 24 * 3600));
    let at = |mins: u64| t0.plus(Duration::from_secs(mins * 60));
    let (_, _, _) = abandoned_cart(&app, "pat@example.com", t0).await;
    assert_eq!(queue(&app, at(61)).await, 1);
    deliver(&app, Ts::now()).await;
    let mail = sink.wait_for(1, 5).await.remove(0);
    let unsubscribe = link(&mail, "/unsubscribe").expect("unsubscribe link");
    let token = unsubscribe.rsplit_once("token=").unwrap().1.to_string();

    // The page itself changes nothing (mail scanners open links); its button does.
    let visitor = Shopper::new(&app);
    let (status, html) = visitor.page(&format!("/unsubscribe?token={token}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Stop cart reminders"));
    assert_eq!(
        scalar_i64(&app.db, "SELECT COUNT(*) FROM email_unsubscribes").await,
        0
    );
    let r = visitor
        .server_fn("cart/unsubscribe", &[("token", &token)])
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .as_str()
            .unwrap_or_default()
            .contains("pat@example.com"),
        "{}",
        r.body
    );

    // A second cart of the same address, already reminded once and due again: nothing more.
    assert_eq!(queue(&app, at(181)).await, 0);
    let (_, _, _) = abandoned_cart(&app, "pat@example.com", t0).await;
    assert_eq!(queue(&app, at(24 * 60 + 1)).await, 0);
    // A reminder queued before the unsubscribe is dropped at sending time.
    let (_, _, _) = abandoned_cart(&app, "joe@example.com", t0).await;
    assert_eq!(queue(&app, at(61)).await, 1);
    app.db
        .exec(
            "INSERT INTO email_unsubscribes (email, source, created_at) VALUES ('joe@example.com', 'test', $1)",
            args![Ts::now()],
        )
        .await
        .unwrap();
    let r = deliver(&app, Ts::now()).await;
    assert_eq!((r.sent, r.skipped), (0, 1), "{r:?}");
    assert_eq!(sink.messages().len(), 1);

    // RFC 8058 one-click from a mail client; bad tokens are a clear 400.
    let client = reqwest::Client::new();
    let one_click = client
        .post(app.url(&format!("/email/unsubscribe?token={token}")))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200);
    let bad = client
        .post(app.url("/email/unsubscribe?token=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let r = visitor
        .server_fn("cart/unsubscribe", &[("token", "zz")])
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
}

/// The restore button's POST (a plain form from the link's page).
async fn restore_post(s: &Shopper, token: &str) -> crate::shopper::Reply {
    let req = s
        .client
        .post(format!("{}/cart/recover", s.base))
        .header("origin", s.base.clone())
        .form(&[("token", token)]);
    s.send(req).await
}

/// Issue 19.1: the link restores a *copy* of the cart, once, within its lifetime, on a POST.
async fn restore_link_brings_the_cart_back_in_a_new_session(backend: Backend) {
    let (app, sink) = with_sink(backend).await;
    let t0 = Ts::now().minus(Duration::from_secs(2 * 3600));
    let (abandoner, cart, v) = abandoned_cart(&app, "ivy@example.com", t0).await;
    assert_eq!(queue(&app, Ts::now()).await, 1);
    deliver(&app, Ts::now()).await;
    let mail = sink.wait_for(1, 5).await.remove(0);
    let restore = link(&mail, "/cart/recover").expect("restore link");
    let path = restore.strip_prefix(&app.address).unwrap().to_string();

    let token = path.split("token=").nth(1).unwrap().to_string();

    // Opening the link changes nothing: it shows a "Restore my cart" button (a plain form).
    let other = Shopper::new(&app);
    let (status, html) = other.page(&path).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<form method="post" action="/cart/recover""#),
        "{html}"
    );
    assert!(html.contains("Restore my cart"));
    assert_eq!(qty(&other.cart().await, v), 0);
    assert_eq!(other.get(&path).await.status, 200, "a GET never restores");

    // Someone signed in with another address gets nothing slipped into their cart, and the
    // link stays unused.
    let zed = Shopper::new(&app);
    zed.register("zed@example.com").await;
    let r = restore_post(&zed, &token).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(qty(&zed.cart().await, v), 0);

    // Another browser presses the button: the items are *copied* into a cart of its own.
    let r = restore_post(&other, &token).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location.as_deref(), Some("/cart"));
    assert_eq!(qty(&other.cart().await, v), 2);
    let carts_with_v = scalar_i64(
        &app.db,
        &format!("SELECT COUNT(DISTINCT cart_id) FROM cart_items WHERE variant_id = {v}"),
    )
    .await;
    assert_eq!(carts_with_v, 2, "the reminded cart was shared, not copied");
    let (status, sent, recovered): (String, i64, Option<String>) = app
        .db
        .one(
            "SELECT status, CAST(recovery_emails_sent AS BIGINT), CAST(recovered_at AS TEXT)
               FROM carts WHERE id = $1",
            args![cart],
        )
        .await
        .unwrap();
    assert_eq!(status, "ABANDONED", "the reminded cart is left alone");
    assert_eq!(sent, 3, "no more reminders for the reminded cart");
    assert!(recovered.is_some());
    // Whoever abandoned the cart sees nothing of what the opener does next.
    assert_eq!(
        other
            .server_fn("checkout/contact", &[("email", "victim@example.com")])
            .await
            .status,
        200
    );
    let mine = abandoner.server_fn("checkout/get", &[]).await;
    assert!(
        !mine.body.to_string().contains("victim@example.com"),
        "{}",
        mine.body
    );
    // The cart page greets them.
    let (status, html) = other.page("/cart").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("The items you left are in your cart"),
        "flash on the cart page"
    );

    // The link works once.
    let third = Shopper::new(&app);
    let r = restore_post(&third, &token).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.to_string().contains("already used"), "{}", r.body);
    assert_eq!(third.page(&path).await.0, 400);
    assert_eq!(qty(&third.cart().await, v), 0);

    // ...and not after its lifetime (7 days by default).
    app.db
        .exec(
            "UPDATE cart_recovery_emails SET restored_at = NULL, sent_at = $1 WHERE cart_id = $2",
            args![Ts::now().minus(Duration::from_secs(8 * 24 * 3600)), cart],
        )
        .await
        .unwrap();
    let r = restore_post(&third, &token).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.to_string().contains("expired"), "{}", r.body);
    assert_eq!(qty(&third.cart().await, v), 0);

    // A mangled or unknown token is a 400 page, nothing changes.
    let stranger = Shopper::new(&app);
    let r = stranger.get("/cart/recover?token=abc").await;
    assert_eq!(r.status, 400);
    let r = stranger
        .get(&format!("/cart/recover?token={}", "0".repeat(64)))
        .await;
    assert_eq!(r.status, 400);
    let r = restore_post(&stranger, &"0".repeat(64)).await;
    assert_eq!(r.status, 400);
    assert_eq!(qty(&stranger.cart().await, v), 0);

    // Ordered from the restored cart: the dashboard counts it as recovered revenue.
    let r = other
        .post_json(
            "/api/orders",
            crate::order_lifecycle::order_body("ivy@example.com", None),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let staff = crate::order_lifecycle::staff(&app).await;
    let d = staff.get("/_fn/admin/dashboard").await;
    assert_eq!(d.status, 200, "{}", d.body);
    assert_eq!(d.body["recovery"]["recovered"], 1, "{}", d.body["recovery"]);
    assert_eq!(d.body["recovery"]["reminders_sent"], 1);
    // The reminded cart (still abandoned) and the restored copy (ordered).
    assert_eq!(d.body["recovery"]["carts"], 2);
    assert_ne!(d.body["recovery"]["recovered_revenue"], "$0.00");
}

async fn the_default_transport_writes_a_file_mailbox(backend: Backend) {
    let app = spawn_app_with(backend, |_| {}).await;
    let v = stocked_variants(&app.db, 1, 10).await[0];
    buy(&app, &[(v, 1)], None).await;
    assert_eq!(deliver(&app, Ts::now()).await.sent, 1);
    let dir = app.mail_dir.clone();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .collect();
    assert_eq!(files.len(), 1, "one .eml in {}", dir.display());
    let eml = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(header(&eml, "Subject").unwrap().contains("confirmed"));

    // Staff see it in the Outbox with a preview; shoppers don't.
    let staff = crate::order_lifecycle::staff(&app).await;
    let r = staff.get("/_fn/admin/outbox/list?status=DONE").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body["transport"]
            .as_str()
            .unwrap()
            .starts_with("file mailbox")
    );
    let id = r.body["rows"][0]["id"].as_i64().unwrap();
    let r = staff.get(&format!("/_fn/admin/outbox/get?id={id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["sent"].as_bool().unwrap());
    assert!(r.body["html"].as_str().unwrap().contains("<table"));
    let (status, html) = staff.page(&format!("/admin/outbox/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("srcdoc"), "HTML preview");
    let r = staff.get("/_fn/admin/outbox/list?status=SENT").await;
    assert_eq!(r.status, 422, "{}", r.body);
    let shopper = Shopper::new(&app);
    assert_eq!(shopper.get("/_fn/admin/outbox/list").await.status, 401);
}

both_backends_own_app!(
    order_mail_goes_out_over_smtp_once,
    outbox_survives_a_crash_between_commit_and_send,
    failed_sends_are_retried_with_backoff,
    reminders_follow_the_schedule_and_stop,
    unsubscribe_is_honoured,
    restore_link_brings_the_cart_back_in_a_new_session,
    the_default_transport_writes_a_file_mailbox,
);
