use std::sync::OnceLock;

use leptos::config::LeptosOptions;
use server::Application;
use server::config::{AppEnv, Config, SeedMode};
use services::db::{Backend, Db};
use sqlx::Connection;

pub const ADMIN_EMAIL: &str = "admin@shop.test";
pub const ADMIN_PASSWORD: &str = "integration-admin-pw";

/// Instantiates `$test(app: TestApp)` once per backend.
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    crate::helpers::within_limit(async {
                        super::$name(crate::helpers::spawn_app(services::db::Backend::Sqlite).await).await
                    })
                    .await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    crate::helpers::within_limit(async {
                        super::$name(crate::helpers::spawn_app(services::db::Backend::Postgres).await).await
                    })
                    .await
                }
            }
        )+
    };
}

/// Instantiates `$test(backend: Backend)` once per backend, for tests that spawn their own app
/// (e.g. with a tweaked configuration).
macro_rules! both_backends_own_app {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    crate::helpers::within_limit(super::$name(services::db::Backend::Sqlite)).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    crate::helpers::within_limit(super::$name(services::db::Backend::Postgres)).await
                }
            }
        )+
    };
}

/// Fails a test that runs too long instead of letting it hang the suite.
pub async fn within_limit(test: impl std::future::Future<Output = ()>) {
    tokio::time::timeout(std::time::Duration::from_secs(120), test)
        .await
        .expect("integration test did not finish within 120 s (hang?)");
}

/// A running shop and a cookie-keeping client pointed at it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub backend: Backend,
    pub database_url: String,
    pub bootstrap: server::startup::Bootstrap,
    /// What the app's jobs use (tests run passes at chosen instants).
    pub jobs: server::jobs::JobDeps,
    /// The app's clock (manual: tests move it ahead).
    pub clock: services::clock::Clock,
    /// The file mailbox (when no SMTP URL is set).
    pub mail_dir: std::path::PathBuf,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }
}

fn init_tracing() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        if std::env::var("TEST_LOG").is_ok() {
            server::telemetry::init(AppEnv::Test);
        }
    });
}

/// A fresh, empty database URL for `backend`.
pub async fn fresh_database(backend: Backend) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(format!("storefront-test-{id}"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            format!("sqlite://{}/shop.db", dir.display())
        }
        Backend::Postgres => {
            let admin_url = std::env::var("TEST_DATABASE_URL").expect(
                "TEST_DATABASE_URL must point at a PostgreSQL server for the postgres tests \
                 (./dev test starts one), e.g. postgres://postgres@127.0.0.1:55432/postgres",
            );
            let name = format!("test_{id}");
            let mut conn = sqlx::PgConnection::connect(&admin_url)
                .await
                .expect("connect to TEST_DATABASE_URL");
            sqlx::query(&format!(r#"CREATE DATABASE "{name}""#))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let base = admin_url
                .rsplit_once('/')
                .map_or(admin_url.as_str(), |(b, _)| b);
            format!("{base}/{name}")
        }
    }
}

pub fn test_config(database_url: String) -> Config {
    Config {
        database_url: server::config::Secret::new(database_url),
        site_addr: "127.0.0.1:0".parse().unwrap(),
        app_env: AppEnv::Test,
        public_url: None,
        admin_email: ADMIN_EMAIL.into(),
        admin_password: Some(ADMIN_PASSWORD.into()),
        seed: SeedMode::IfEmpty,
        db: server::db::PoolSettings::new(5),
        shop: services::settings::ShopSettings::default(),
        session_idle: std::time::Duration::from_secs(14 * 24 * 3600),
        cart_abandon_after: std::time::Duration::from_secs(3600),
        cart_expire_after: std::time::Duration::from_secs(72 * 3600),
        jobs: None,
        clock: services::clock::Clock::manual(services::db::Ts::now()),
        dunning: storefront::subscription::DunningSchedule::default(),
        recovery_delays: services::mail::recovery::DEFAULT_DELAYS.to_vec(),
        smtp_url: None,
        mail_dir: std::env::temp_dir().join(format!(
            "storefront-test-mail-{}",
            uuid::Uuid::new_v4().simple()
        )),
        mail_from: None,
        instance: None,
        body_limit: 1024 * 1024,
        max_in_flight: 512,
        request_timeout: std::time::Duration::from_secs(30),
        stripe: None,
        allow_test_payments: false,
        pending_order_timeout: std::time::Duration::from_secs(3600),
        metrics: server::config::MetricsConfig::default(),
        media_dir: std::env::temp_dir().join(format!(
            "storefront-test-media-{}",
            uuid::Uuid::new_v4().simple()
        )),
    }
}

pub fn test_leptos_options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("storefront")
        .site_root("target/site")
        .build()
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with_options(backend, tweak, test_leptos_options()).await
}

/// `spawn_app_with`, serving the site (bundle, static files) described by `leptos_options`.
pub async fn spawn_app_with_options(
    backend: Backend,
    tweak: impl FnOnce(&mut Config),
    leptos_options: LeptosOptions,
) -> TestApp {
    init_tracing();
    let mut config = test_config(fresh_database(backend).await);
    tweak(&mut config);
    let database_url = config.database_url.expose().to_string();
    let mail_dir = config.mail_dir.clone();
    let clock = config.clock.clone();
    let app = Application::build(config, leptos_options)
        .await
        .expect("application builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db().clone();
    let bootstrap = app.bootstrap.clone();
    let jobs = app.job_deps.clone();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    assert_eq!(db.backend(), backend);
    TestApp {
        address,
        client,
        db,
        backend,
        database_url,
        bootstrap,
        jobs,
        clock,
        mail_dir,
    }
}
