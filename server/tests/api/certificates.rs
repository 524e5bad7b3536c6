//! Certificates (issue 21), both engines: staff mark a certification registration passed
//! through the back office's server function (a visitor or shopper is refused and nothing
//! changes), the learner is mailed, the public certificate names the holder (never their
//! email) and unknown codes are 404s, marking twice is refused, the back office lists it, and
//! a full refund revokes the certificate.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::learning_fixtures::{digital_order, variant};
use crate::order_lifecycle::staff;
use crate::shopper::{Shopper, exec, scalar_i64};

async fn registration_status(app: &TestApp, id: i64) -> (String, Option<String>) {
    app.db
        .one(
            "SELECT status, certificate_code FROM certification_registrations WHERE id = $1",
            services::args![id],
        )
        .await
        .unwrap()
}

/// What a refused call must not have left behind: issued mails and audit rows.
async fn side_effects(app: &TestApp) -> i64 {
    scalar_i64(
        &app.db,
        "SELECT (SELECT COUNT(*) FROM outbox WHERE topic = 'certificate.issued')
              + (SELECT COUNT(*) FROM audit_events WHERE entity_type = 'certification_registration')",
    )
    .await
}

/// A learner who owns the prerequisites buys the March cohort; returns them, the order
/// number and the registration id.
async fn registered_learner(app: &TestApp, email: &str) -> (Shopper, String, i64) {
    let s = Shopper::new(app);
    s.register(email).await;
    exec(
        &app.db,
        &format!(
            "UPDATE users SET first_name = 'Ada', last_name = 'Lovelace' WHERE email = '{email}'"
        ),
    )
    .await;
    exec(
        &app.db,
        &format!(
            "INSERT INTO enrolments (user_id, course_id, status, granted_at)
             SELECT u.id, p.id, 'ACTIVE', '2026-01-01T00:00:00.000Z' FROM users u, products p
              WHERE u.email = '{email}'
                AND p.slug IN ('rust-for-web-developers', 'async-rust-in-practice')"
        ),
    )
    .await;
    let r = s
        .add(variant(app, "CERT-RUST-2027-03").await, json!(1))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.post_json("/api/orders", digital_order()).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let number = r.body["number"].as_str().unwrap().to_string();
    let id = scalar_i64(
        &app.db,
        &format!(
            "SELECT r.id FROM certification_registrations r JOIN orders o ON o.id = r.order_id
              WHERE o.number = '{number}' AND r.status = 'SCHEDULED'"
        ),
    )
    .await;
    (s, number, id)
}

async fn passing_issues_a_public_certificate_that_a_refund_revokes(app: TestApp) {
    let email = "ada@example.com";
    let (learner, number, id) = registered_learner(&app, email).await;
    let form_id = id.to_string();
    let pass = [("id", form_id.as_str()), ("action", "pass")];

    // Not staff: refused before anything happens.
    let visitor = Shopper::new(&app);
    let r = visitor.server_fn("admin/learning/mark", &pass).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let r = learner.server_fn("admin/learning/mark", &pass).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(learner.page("/admin/learning").await.0, 403);
    let (status, code) = registration_status(&app, id).await;
    assert_eq!((status.as_str(), code), ("SCHEDULED", None));
    assert_eq!(
        side_effects(&app).await,
        0,
        "a refused call left a mail or audit row"
    );

    // Staff mark it passed: a code, a mail to the holder, an audit row.
    let admin = staff(&app).await;
    let r = admin.server_fn("admin/learning/mark", &pass).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (status, code) = registration_status(&app, id).await;
    assert_eq!(status, "PASSED");
    let code = code.expect("a certificate code");
    assert!(code.starts_with("CERT-") && code.len() == 19, "{code}");
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM certification_registrations
                  WHERE id = {id} AND passed_at IS NOT NULL"
            )
        )
        .await,
        1
    );
    let (payload,): (String,) = app
        .db
        .one(
            "SELECT CAST(payload AS TEXT) FROM outbox WHERE dedupe_key = $1",
            services::args![format!("certificate-issued:{id}")],
        )
        .await
        .unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["template"], "certificate_issued");
    assert_eq!(payload["to"], email);
    assert_eq!(payload["path"], format!("/certificates/{code}"));
    let cx = services::mail::render::MailContext {
        store: "Lark",
        base_url: "https://shop.example",
        links: services::mail::LinkMode::Real,
    };
    let mail = services::mail::render(&app.db, cx, &payload).await.unwrap();
    let certification: (String,) = app
        .db
        .one(
            "SELECT p.name FROM certification_registrations r JOIN products p ON p.id = r.product_id
              WHERE r.id = $1",
            services::args![id],
        )
        .await
        .unwrap();
    let certification = certification.0;
    assert_eq!(mail.subject, format!("Your certificate: {certification}"));
    assert!(
        mail.text
            .contains(&format!("https://shop.example/certificates/{code}")),
        "{}",
        mail.text
    );
    assert_eq!(
        scalar_i64(
            &app.db,
            &format!(
                "SELECT COUNT(*) FROM audit_events
                  WHERE entity_type = 'certification_registration' AND entity_id = {id}
                    AND action = 'certification.pass'"
            )
        )
        .await,
        1
    );

    // The public page: the holder's name, never their email; no sign-in needed.
    let (status, html) = visitor.page(&format!("/certificates/{code}")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Certificate of completion"));
    assert!(html.contains("Ada Lovelace"), "the holder is named");
    assert!(html.contains(&certification));
    assert!(html.contains(&code));
    assert!(!html.contains(email), "the page shows the holder's email");
    assert!(!html.contains("was revoked"));
    let (status, _) = visitor
        .page(&format!("/certificates/{}", code.to_lowercase()))
        .await;
    assert_eq!(status, 200, "codes are read case-insensitively");
    for unknown in ["CERT-0000-0000-0000", "nonsense", "CERT-ZZZZ-0000-0000"] {
        if unknown == code {
            continue;
        }
        let (status, _) = visitor.page(&format!("/certificates/{unknown}")).await;
        assert_eq!(status, 404, "{unknown}");
    }

    // Marking again is refused and changes nothing.
    let before = side_effects(&app).await;
    for action in ["pass", "fail"] {
        let r = admin
            .server_fn(
                "admin/learning/mark",
                &[("id", form_id.as_str()), ("action", action)],
            )
            .await;
        assert_eq!(r.status, 409, "{}", r.body);
        assert!(r.message().contains("already marked passed"), "{}", r.body);
    }
    let r = admin
        .server_fn(
            "admin/learning/mark",
            &[("id", "99999999"), ("action", "pass")],
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(side_effects(&app).await, before);
    assert_eq!(
        registration_status(&app, id).await.1.as_deref(),
        Some(code.as_str())
    );

    // The back office lists it, and the customer's page shows their learning.
    let r = admin.get("/_fn/admin/learning/list").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let row = r.body["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(row["status"], "PASSED");
    assert_eq!(row["certificate_code"], code.as_str());
    assert_eq!(row["email"], email);
    assert_eq!(row["order_number"], number.as_str());
    let (status, html) = admin.page("/admin/learning").await;
    assert_eq!(status, 200);
    assert!(html.contains(&code) && html.contains(email));
    let user = scalar_i64(
        &app.db,
        &format!("SELECT id FROM users WHERE email = '{email}'"),
    )
    .await;
    let (status, html) = admin.page(&format!("/admin/customers/{user}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("customer-learning"), "the Learning section");
    assert!(html.contains(&certification), "{html}");

    // A full refund revokes it: still found, but plainly not valid.
    let r = admin
        .post_json(&format!("/api/orders/{number}/refunds"), json!({}))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(registration_status(&app, id).await.0, "REVOKED");
    let (status, html) = visitor.page(&format!("/certificates/{code}")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("This certificate was revoked"), "{html}");
    assert!(html.contains(r#"data-valid="false""#));
    let r = admin.server_fn("admin/learning/mark", &pass).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.message().contains("revoked"), "{}", r.body);
}

both_backends!(passing_issues_a_public_certificate_that_a_refund_revokes);
