//! A production configuration never takes test payments by accident.

use server::Application;
use server::config::AppEnv;
use services::db::Backend;

use crate::helpers::{fresh_database, test_config, test_leptos_options};

async fn production_without_live_payments_refuses_to_start(backend: Backend) {
    let mut config = test_config(fresh_database(backend).await);
    config.app_env = AppEnv::Production;
    let refused = Application::build(config.clone(), test_leptos_options()).await;
    let err = refused
        .err()
        .expect("production with the test gateway must not start");
    assert!(
        format!("{err:#}").contains("STRIPE_SECRET_KEY"),
        "the operator is told what to set: {err:#}"
    );

    // A staging shop says so explicitly.
    config.allow_test_payments = true;
    let staging = Application::build(config, test_leptos_options()).await;
    assert!(staging.is_ok(), "ALLOW_TEST_PAYMENTS=true starts");
}

/// Issue 19.12: in production the session cookie is `Secure` (TLS ends at the proxy) and
/// `__Host-` prefixed; in development it is neither, so plain-HTTP local runs keep working.
async fn production_session_cookies_are_secure_and_host_only(backend: Backend) {
    let cookie_of = |app: &crate::helpers::TestApp| {
        let (register, confirm, db) = (
            app.url("/api/users/register"),
            app.url("/api/users/confirm"),
            app.db.clone(),
        );
        async move {
            let client = reqwest::Client::new();
            let r = client
                .post(register)
                .json(&serde_json::json!({"email": "c@example.com", "password": crate::shopper::PASSWORD}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 202);
            let token = crate::shopper::signup_token(&db, "c@example.com")
                .await
                .unwrap();
            let r = client
                .post(confirm)
                .json(&serde_json::json!({ "token": token }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
            r.headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_string))
                .find(|c| c.contains("lark_sid="))
                .expect("a session cookie")
        }
    };
    let prod = crate::helpers::spawn_app_with(backend, |c| {
        c.app_env = AppEnv::Production;
        c.allow_test_payments = true;
    })
    .await;
    let cookie = cookie_of(&prod).await;
    assert!(cookie.starts_with("__Host-lark_sid="), "{cookie}");
    for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{attr} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");

    let dev = crate::helpers::spawn_app_with(backend, |_| {}).await;
    let cookie = cookie_of(&dev).await;
    assert!(cookie.starts_with("lark_sid="), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// Issue 19.9: while payments are simulated every page says so; with live keys nothing does.
async fn test_mode_is_announced_on_every_page(backend: Backend) {
    let test = crate::helpers::spawn_app_with(backend, |_| {}).await;
    for path in ["/", "/products", "/cart"] {
        let (status, html) = test.get_html(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(r#"data-testid="test-mode-banner""#), "{path}");
    }
    let stripe = crate::fake_stripe::FakeStripe::start().await;
    let live = crate::helpers::spawn_app_with(backend, |c| {
        let mut keys = stripe.config();
        keys.secret_key = "sk_live_fake".into();
        keys.publishable_key = "pk_live_fake".into();
        c.stripe = Some(keys);
    })
    .await;
    let (status, html) = live.get_html("/").await;
    assert_eq!(status, 200);
    assert!(!html.contains("test-mode-banner"));
}

both_backends_own_app!(
    test_mode_is_announced_on_every_page,
    production_without_live_payments_refuses_to_start,
    production_session_cookies_are_secure_and_host_only,
);
