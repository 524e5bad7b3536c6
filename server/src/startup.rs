//! Building and running the application (zero2prod style: bind first, then serve).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use app::{App, shell};
use axum::Router;
use axum::routing::{get, post};
use leptos::config::LeptosOptions;
use leptos_axum::{LeptosRoutes, generate_route_list};
use services::db::Db;
use services::state::{AppState, SiteInfo};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::demo::{self, AdminReport};
use crate::http::middleware::sessions;
use crate::http::middleware::{csrf, flash, staff_guard, timing};
use crate::http::{api, back_office, downloads, health, payments, recovery, seo};
use crate::session_store::DbSessionStore;
use crate::{db, jobs};

/// What start-up did, for the banner `main` prints.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    pub admin: AdminReport,
    /// Number of demo products loaded by this start, if any.
    pub seeded_products: Option<usize>,
}

/// A bound, ready-to-serve shop.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    jobs: Vec<JoinHandle<()>>,
    /// `/metrics` on its own private address (`METRICS_ADDR`), if configured.
    metrics_server: Option<(TcpListener, Router)>,
    pub bootstrap: Bootstrap,
    /// The job runner and what its jobs work with (tests run passes through them).
    pub runner: jobs::Runner,
    pub job_deps: jobs::JobDeps,
}

/// `<host>-<pid>-<port>`: tells instances apart in job claims and logs.
fn instance_name(addr: SocketAddr) -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "shop".into());
    format!("{host}-{}-{}", std::process::id(), addr.port())
}

/// `shop@<host of the public URL>` (`shop@localhost` for an IP address).
fn default_from(base_url: &str) -> String {
    let host = services::mail::url_host(base_url);
    let host = if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() {
        "localhost"
    } else {
        host
    };
    format!("shop@{host}")
}

/// Without a webhook secret, Stripe payments that need 3-D Secure finish only on return.
fn warn_without_webhook_secret(config: &Config) {
    if config
        .stripe
        .as_ref()
        .is_some_and(|s| s.webhook_secret.is_none())
    {
        tracing::warn!(
            "STRIPE_WEBHOOK_SECRET is not set: /webhooks/stripe refuses events, so payments that need 3-D Secure finish only when the shopper returns"
        );
    }
}

/// What the background jobs need (the mail sender's address checked here, at start-up).
fn job_deps(
    config: &Config,
    state: &AppState,
    store: &DbSessionStore,
    transport: Arc<dyn services::mail::MailTransport>,
    instance: &str,
) -> anyhow::Result<jobs::JobDeps> {
    let from_address = config
        .mail_from
        .clone()
        .unwrap_or_else(|| default_from(&state.site.base_url));
    from_address
        .parse::<lettre::Address>()
        .with_context(|| format!("MAIL_FROM must be an email address, got {from_address:?}"))?;
    Ok(jobs::JobDeps {
        db: state.db.clone(),
        payments: state.payments.clone(),
        sessions: store.clone(),
        settings: state.settings.clone(),
        transport,
        sender: services::mail::SenderConfig {
            instance: instance.to_string(),
            base_url: state.site.base_url.clone(),
            from_address,
            lease: Duration::from_secs(300),
            batch: 20,
        },
        recovery_delays: config.recovery_delays.clone(),
        abandon_after: config.cart_abandon_after,
        expire_after: config.cart_expire_after,
        pending_order_timeout: config.pending_order_timeout,
        clock: config.clock.clone(),
        dunning: config.dunning.clone(),
    })
}

/// `/metrics` on its own private address (`METRICS_ADDR`), open there, when configured.
async fn private_metrics(
    addr: Option<std::net::SocketAddr>,
    shared: &crate::metrics::MetricsState,
) -> anyhow::Result<Option<(TcpListener, Router)>> {
    let Some(addr) = addr else { return Ok(None) };
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding METRICS_ADDR {addr}"))?;
    let private = crate::metrics::MetricsState {
        access: crate::metrics::Access::Open,
        ..shared.clone()
    };
    let router = Router::new().route(
        "/metrics",
        axum::routing::get(crate::metrics::metrics).with_state(private),
    );
    Ok(Some((listener, router)))
}

impl Application {
    /// Connects and migrates the database, loads the demo catalog when needed, makes sure an
    /// admin exists, and binds `config.site_addr` (port 0 picks a free port).
    pub async fn build(config: Config, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        // Checked before anything is written: production never takes test payments.
        if let Some(why) = crate::payments::test_payments_in_production(
            config.is_production(),
            config.allow_test_payments,
            config.stripe.as_ref(),
        ) {
            anyhow::bail!(why);
        }
        let db = db::connect_with(config.database_url.expose(), config.db).await?;
        db::migrate(&db).await?;
        let seeded_products = demo::seed_if_needed(&db, config.seed).await?;
        let admin = demo::ensure_admin(&db, &config).await?;

        let listener = TcpListener::bind(config.site_addr).await.with_context(|| {
            format!("binding {} (is another server running?)", config.site_addr)
        })?;
        let addr = listener.local_addr()?;
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"));
        // Production runs behind a TLS-terminating proxy even when PUBLIC_URL is not set yet.
        let secure_cookies = base_url.starts_with("https://") || config.is_production();

        let (payments, gateway_info) = crate::payments::gateway(config.stripe.as_ref())?;
        warn_without_webhook_secret(&config);
        let (analytics, analytics_writer) = services::analytics::Analytics::spawn(db.clone());
        let (mail_transport, mail_label) =
            crate::mail_transport::transport(config.smtp_url.as_deref(), &config.mail_dir)?;
        let instance = config
            .instance
            .clone()
            .unwrap_or_else(|| instance_name(addr));
        let mut leptos_options = leptos_options;
        leptos_options.site_addr = addr;
        let state = AppState {
            leptos_options,
            db: db.clone(),
            site: Arc::new(SiteInfo {
                base_url,
                production: config.is_production(),
                media_dir: config.media_dir.clone(),
                mail_transport: mail_label,
            }),
            settings: services::settings::SettingsCell::new(
                config.shop.clone(),
                app::SHOP_NAME,
                demo::store_currency(&db).await?,
            ),
            payments,
            gateway_info,
            analytics,
            clock: config.clock.clone(),
            dunning: config.dunning.clone(),
        };

        services::back_office::store_settings::load(&db, &state.settings)
            .await
            .map_err(|e| anyhow::anyhow!("loading the store settings: {e}"))?;
        let store = DbSessionStore::new(&db);
        let mut jobs = vec![
            analytics_writer,
            jobs::spawn_settings_refresh(
                db.clone(),
                state.settings.clone(),
                Duration::from_secs(10),
            ),
        ];
        let runner = jobs::Runner::new(
            db.clone(),
            instance.clone(),
            config
                .jobs
                .as_ref()
                .map_or(Duration::from_secs(300), |j| j.lease),
        );
        let job_deps = job_deps(&config, &state, &store, mail_transport, &instance)?;
        if let Some(cfg) = &config.jobs {
            for spec in jobs::specs(cfg, &job_deps) {
                jobs.push(runner.spawn(spec));
            }
        }
        let metrics_state = crate::metrics::MetricsState {
            metrics: Arc::default(),
            db: db.clone(),
            runner: runner.clone(),
            access: crate::metrics::Access::for_shop(&config),
            db_cache: Arc::default(),
        };
        let metrics_server = private_metrics(config.metrics.addr, &metrics_state).await?;
        let options = RouterOptions {
            secure_cookies,
            session_idle: config.session_idle,
            body_limit: config.body_limit,
            max_in_flight: config.max_in_flight,
            request_timeout: config.request_timeout,
            metrics: metrics_state,
        };
        let router = router(state.clone(), store, options);

        Ok(Application {
            listener,
            router,
            state,
            jobs,
            metrics_server,
            bootstrap: Bootstrap {
                admin,
                seeded_products,
            },
            runner,
            job_deps,
        })
    }

    pub fn port(&self) -> u16 {
        self.state.leptos_options.site_addr.port()
    }

    pub fn base_url(&self) -> &str {
        &self.state.site.base_url
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests and closes the pool.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let metrics_server = self.metrics_server.map(|(listener, router)| {
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router).await {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            })
        });
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        for job in self.jobs.into_iter().chain(metrics_server) {
            job.abort();
        }
        self.state.db.close().await;
        served.context("serving HTTP")
    }
}

/// Compress what the default predicate would, except progress pages streamed as they are
/// produced (compression would hold their chunks back).
#[derive(Clone, Copy)]
struct Streamed;

impl tower_http::compression::Predicate for Streamed {
    fn should_compress<B: axum::body::HttpBody>(&self, response: &axum::http::Response<B>) -> bool {
        !response
            .headers()
            .contains_key(crate::http::back_office::NO_COMPRESS)
            && tower_http::compression::DefaultPredicate::new().should_compress(response)
    }
}

/// The app's routes, generated once per process. Generating runs the app with resource
/// loading suppressed through a process-wide flag, so a resource first polled by a request
/// being served at that moment would never resolve (leptos#4773). One app per process never
/// overlaps the two; the integration tests run many apps in one process and did, hanging a
/// page render now and then.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Cookie, limit and metrics settings of the router.
pub struct RouterOptions {
    pub secure_cookies: bool,
    pub session_idle: Duration,
    pub body_limit: usize,
    pub max_in_flight: usize,
    pub request_timeout: Duration,
    pub metrics: crate::metrics::MetricsState,
}

/// All routes: probes, metrics, Leptos pages and server functions, static files and the 404
/// page.
pub fn router(state: AppState, store: DbSessionStore, o: RouterOptions) -> Router {
    let metrics = o.metrics.metrics.clone();
    let gate = Arc::new(tokio::sync::Semaphore::new(o.max_in_flight.max(1)));
    let routes = route_list();
    let options = state.leptos_options.clone();
    let site_root = options.site_root.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route(
            "/metrics",
            get(crate::metrics::metrics).with_state(o.metrics.clone()),
        )
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap_index))
        .route("/sitemaps/{file}", get(seo::sitemap_file))
        .route("/webhooks/stripe", post(payments::stripe_webhook))
        .route("/checkout/return", get(payments::checkout_return))
        .route(
            "/cart/recover",
            get(recovery::recover_cart_page).post(recovery::recover_cart),
        )
        .route("/email/unsubscribe", post(recovery::one_click_unsubscribe))
        .route("/downloads/{token}", get(downloads::download))
        .route(
            "/account/subscriptions/{id}/portal",
            post(api::billing_portal_redirect),
        )
        .merge(api::with_document())
        .merge(back_office::routes(&state))
        .leptos_routes_with_context(&state, routes, || {}, move || shell(options.clone()))
        // Static files (the WASM bundle, CSS, images) straight from the site root, with
        // conditional requests (304) handled; anything else goes to the app's 404 page. Not
        // `leptos_axum::file_and_error_handler` alone: it applies whatever `ResponseOptions`
        // the thread's current reactive owner carries to the file it serves, so under
        // concurrent requests the bundle was now and then answered with another page's 404
        // status (and that page never hydrated).
        .fallback_service(
            tower_http::services::ServeDir::new(&*site_root)
                .precompressed_gzip()
                .precompressed_br()
                .call_fallback_on_method_not_allowed(true)
                .fallback(axum::handler::Handler::with_state(
                    leptos_axum::file_and_error_handler::<AppState, _>(shell),
                    state.clone(),
                )),
        )
        .layer(axum::middleware::from_fn(crate::assets::cache_control))
        .layer(axum::middleware::from_fn(flash::take_flash))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            staff_guard::staff_only,
        ))
        .layer(sessions::layer(store, o.secure_cookies, o.session_idle))
        .layer(axum::middleware::from_fn_with_state(
            state.site.clone(),
            csrf::reject_cross_site,
        ))
        .layer(CompressionLayer::new().compress_when(Streamed))
        .layer(axum::middleware::from_fn_with_state(
            o.body_limit,
            crate::http::middleware::limits::limit_body,
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            o.request_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (metrics.clone(), gate),
            crate::http::middleware::limits::shed_load,
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics,
            crate::metrics::track,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::middleware::security_headers::add,
        ))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(timing::server_timing))
        .with_state(state)
}
