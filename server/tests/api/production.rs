//! A production configuration never takes test payments by accident.

use app::db::Backend;
use server::Application;
use server::config::AppEnv;

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

both_backends_own_app!(production_without_live_payments_refuses_to_start);
