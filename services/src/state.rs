//! State shared by server functions, REST handlers and background jobs.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::db::Db;

/// Passed to `leptos_routes_with_context` and to axum handlers. No global pools.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub site: Arc<SiteInfo>,
    /// Shop rules: the environment's, with the back office's changes laid over them.
    pub settings: crate::settings::SettingsCell,
    /// The payment gateway (the test gateway unless Stripe keys are set).
    pub payments: Arc<dyn crate::payments::PaymentGateway>,
    /// What the payment step shows for that gateway.
    pub gateway_info: shared::checkout::GatewayInfo,
    /// Where shopper events go (the dashboard's funnel).
    pub analytics: crate::analytics::Analytics,
    /// The time (the system's; tests share a manual clock with the jobs).
    pub clock: crate::clock::Clock,
    /// When failed subscription renewals are retried (the offline gateway's dunning).
    pub dunning: storefront::subscription::DunningSchedule,
}

/// Facts about the running site that pages need (absolute URLs, environment).
#[derive(Clone, Debug)]
pub struct SiteInfo {
    /// e.g. `http://127.0.0.1:3000`, without trailing slash.
    pub base_url: String,
    pub production: bool,
    /// Where uploaded product images are stored (served under `/media`).
    pub media_dir: std::path::PathBuf,
    /// Where mail goes, for the back office: "SMTP (host)" or "file mailbox (data/mail)".
    pub mail_transport: String,
}
