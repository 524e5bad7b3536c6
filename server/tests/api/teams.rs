//! Team licence seats (issue 21), both engines: the owner invites colleagues by email within
//! the seats bought (the mail queued with the seat), nobody else can see or touch the licence,
//! an invited colleague accepts with the link signed in with the invited address — and only
//! that address — which opens the course; revoking the seat closes it and frees the seat.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::learning_fixtures::{code, digital_order, learner, variant};
use crate::shopper::{Shopper, scalar_i64};

const TOPIC: &str = "licence.seat_invited";
const COURSE: &str = "/learn/rust-for-web-developers";

/// A buyer who paid for a 5-seat licence of Rust for Web Developers; the licence's id.
async fn licence_bought(app: &TestApp) -> (Shopper, i64) {
    let owner = learner(app, "lead@example.com").await;
    let r = owner
        .add(variant(app, "LIC-RUST-WEB").await, json!(5))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = owner.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let licence = scalar_i64(&app.db, "SELECT id FROM licences").await;
    (owner, licence)
}

/// The payload of the newest invitation mailed to `email`.
async fn invitation(app: &TestApp, email: &str) -> Value {
    let rows: Vec<(String,)> = app
        .db
        .all(
            "SELECT CAST(payload AS TEXT) FROM outbox WHERE topic = $1 ORDER BY id DESC",
            services::args![TOPIC],
        )
        .await
        .unwrap();
    rows.iter()
        .map(|(p,)| serde_json::from_str::<Value>(p).unwrap())
        .find(|v| v["to"] == email)
        .expect("an invitation mail")
}

async fn token_for(app: &TestApp, email: &str) -> String {
    invitation(app, email).await["token"]
        .as_str()
        .expect("the invitation's token")
        .to_string()
}

async fn seat_status(app: &TestApp, email: &str) -> String {
    let (status,): (String,) = app
        .db
        .one(
            "SELECT status FROM licence_seats WHERE email = $1 ORDER BY id DESC LIMIT 1",
            services::args![email],
        )
        .await
        .unwrap();
    status
}

/// The owner invites within the seats bought (a mail per invitation, with a working link);
/// the same address twice, a bad address and a sixth seat are refused with clear answers;
/// signed out is 401 and another account gets 404 for everything on the licence.
async fn owners_invite_within_their_seats_and_nobody_else_can(app: TestApp) {
    let (owner, licence) = licence_bought(&app).await;
    let seats = format!("/api/me/licences/{licence}/seats");

    let guest = Shopper::new(&app);
    assert_eq!(guest.get(&seats).await.status, 401);
    let r = guest
        .post_json(&seats, json!({"email": "x@example.com"}))
        .await;
    assert_eq!(r.status, 401, "{}", r.body);

    let r = owner
        .post_json(&seats, json!({"email": " Colleague@Example.com "}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["email"], "colleague@example.com");
    assert_eq!(r.body["status"], "INVITED");
    let seat = r.body["id"].as_i64().unwrap();
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT COUNT(*) FROM outbox WHERE topic = '{TOPIC}'")
        )
        .await,
        1,
        "the invitation mail is queued with the seat"
    );
    let stored = scalar_i64(
        &app.db,
        "SELECT COUNT(*) FROM licence_seats WHERE token_hash IS NOT NULL",
    )
    .await;
    assert_eq!(stored, 1);

    // The mail: who invited, and a link to the accept page with the token.
    let payload = invitation(&app, "colleague@example.com").await;
    let token = payload["token"].as_str().unwrap().to_string();
    let cx = |links| services::mail::render::MailContext {
        store: "Larkspur",
        base_url: "https://shop.example",
        links,
    };
    let mail = services::mail::render(&app.db, cx(services::mail::LinkMode::Real), &payload)
        .await
        .unwrap();
    assert_eq!(
        mail.subject,
        "You're invited to Rust for Web Developers — Team licence"
    );
    assert!(mail.text.contains("Ann"), "{}", mail.text);
    assert!(
        mail.text
            .contains(&format!("https://shop.example/teams/accept?token={token}")),
        "{}",
        mail.text
    );
    assert!(mail.html.contains("Accept invitation"));
    let logged = services::mail::render(&app.db, cx(services::mail::LinkMode::Redacted), &payload)
        .await
        .unwrap();
    assert!(!logged.text.contains(&token), "staff never see the token");

    let r = owner
        .post_json(&seats, json!({"email": "colleague@example.com"}))
        .await;
    assert_eq!((r.status, code(&r)), (409, "ALREADY_INVITED"), "{}", r.body);
    let r = owner
        .post_json(&seats, json!({"email": "not an address"}))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(r.body["error"]["field"], "email");

    // Someone else: nothing to see, invite or revoke.
    let other = learner(&app, "other@example.com").await;
    assert_eq!(other.get(&seats).await.status, 404);
    let r = other
        .post_json(&seats, json!({"email": "friend@example.com"}))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    let r = other.delete(&format!("{seats}/{seat}")).await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(seat_status(&app, "colleague@example.com").await, "INVITED");
    let (status, _) = other.page(&format!("/account/teams/{licence}")).await;
    assert_eq!(status, 404);
    assert_eq!(
        owner
            .get(&format!("/api/me/licences/{}/seats", licence + 1000))
            .await
            .status,
        404
    );

    // Five seats: four more invitations, then a sixth is refused.
    for i in 1..=4 {
        let r = owner
            .post_json(&seats, json!({"email": format!("mate{i}@example.com")}))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
    let r = owner
        .post_json(&seats, json!({"email": "mate5@example.com"}))
        .await;
    assert_eq!((r.status, code(&r)), (409, "NO_SEATS_LEFT"), "{}", r.body);
    let r = owner.get(&seats).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["seats"], 5);
    assert_eq!(r.body["seats_used"], 5);
    assert_eq!(r.body["seat_list"].as_array().map(Vec::len), Some(5));
    let (status, page) = owner.page(&format!("/account/teams/{licence}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("5 of 5 seats used"), "{page}");
    assert!(page.contains("colleague@example.com"), "{page}");
}

/// The invited colleague accepts (a POST from the page; another account cannot use the link)
/// and the course opens; the owner revokes the seat, the course closes, and the seat can be
/// given again.
async fn an_invited_colleague_joins_until_the_seat_is_revoked(app: TestApp) {
    let (owner, licence) = licence_bought(&app).await;
    let seats = format!("/api/me/licences/{licence}/seats");
    let r = owner
        .post_json(&seats, json!({"email": "colleague@example.com"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let seat = r.body["id"].as_i64().unwrap();
    let token = token_for(&app, "colleague@example.com").await;

    let colleague = learner(&app, "colleague@example.com").await;
    assert_eq!(colleague.page(COURSE).await.0, 403);
    // Opening the link shows a button; it accepts nothing by itself.
    let accept_page = format!("/teams/accept?token={token}");
    let (status, page) = colleague.page(&accept_page).await;
    assert_eq!(status, 200);
    assert!(page.contains("Accept invitation"), "{page}");
    assert_eq!(seat_status(&app, "colleague@example.com").await, "INVITED");

    // A forwarded link is no use to another account.
    let other = learner(&app, "other@example.com").await;
    let r = other
        .server_fn("learning/accept", &[("token", token.as_str())])
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.message().contains("colleague@example.com"), "{}", r.body);
    assert_eq!(seat_status(&app, "colleague@example.com").await, "INVITED");
    assert_eq!(other.page(COURSE).await.0, 403);

    let r = colleague
        .form_post(
            "learning/accept",
            &[("token", token.as_str())],
            &accept_page,
        )
        .await;
    assert!((300..400).contains(&r.status), "{} {}", r.status, r.body);
    assert_eq!(r.location.as_deref(), Some(COURSE));
    assert_eq!(colleague.page(COURSE).await.0, 200);
    assert_eq!(seat_status(&app, "colleague@example.com").await, "ACTIVE");
    let r = colleague
        .server_fn("learning/accept", &[("token", token.as_str())])
        .await;
    assert_eq!(r.status, 404, "the link works once: {}", r.body);

    let r = owner.get(&seats).await;
    let row = r.body["seat_list"][0].clone();
    assert_eq!(row["status"], "ACTIVE", "{}", r.body);
    assert_eq!(row["holder_name"], "Ann");
    assert!(row["accepted_at"].is_string());

    // Revoked: the course closes again and the seat is free for someone else.
    let r = owner.delete(&format!("{seats}/{seat}")).await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert_eq!(colleague.page(COURSE).await.0, 403);
    assert_eq!(seat_status(&app, "colleague@example.com").await, "REVOKED");
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM enrolments WHERE seat_id = {seat} AND status = 'ACTIVE'"
            )
        )
        .await,
        0
    );
    let r = owner.delete(&format!("{seats}/{seat}")).await;
    assert_eq!(r.status, 204, "revoking twice changes nothing");
    let r = owner.get(&seats).await;
    assert_eq!(r.body["seats_used"], 0, "{}", r.body);
    let r = owner
        .post_json(&seats, json!({"email": "colleague@example.com"}))
        .await;
    assert_eq!(
        r.status, 201,
        "the address can be invited again: {}",
        r.body
    );
    assert_ne!(token_for(&app, "colleague@example.com").await, token);
}

/// Revoking and re-inviting is not a way to mail strangers: a licence sends at most
/// max(20, 2 × seats) invitations a day, then 429 with Retry-After.
async fn invitations_per_licence_are_limited(app: TestApp) {
    let (owner, licence) = licence_bought(&app).await;
    let path = format!("/api/me/licences/{licence}/seats");
    for i in 0..20 {
        let r = owner
            .post_json(&path, json!({"email": format!("stranger{i}@example.com")}))
            .await;
        assert_eq!(r.status, 201, "{i}: {}", r.body);
        let seat = r.body["id"].as_i64().expect("the new seat's id");
        let r = owner.delete(&format!("{path}/{seat}")).await;
        assert_eq!(r.status, 204, "{}", r.body);
    }
    let r = owner
        .post_json(&path, json!({"email": "one-more@example.com"}))
        .await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!("SELECT COUNT(*) FROM outbox WHERE topic = '{TOPIC}'")
        )
        .await,
        20
    );
}

both_backends!(
    invitations_per_licence_are_limited,
    owners_invite_within_their_seats_and_nobody_else_can,
    an_invited_colleague_joins_until_the_seat_is_revoked,
);
