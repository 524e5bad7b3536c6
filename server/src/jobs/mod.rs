//! Background jobs. One [`runner::Runner`] per process runs the shop's periodic work, each job
//! at most once per interval across all instances sharing the database (see `runner`). The
//! settings refresh is per instance (each keeps its own copy) and runs outside it.

pub mod runner;

use std::sync::Arc;
use std::time::Duration;

use services::db::Ts;
use tokio::task::JoinHandle;
use tower_sessions::session_store::ExpiredDeletion;

use crate::session_store::DbSessionStore;
pub use runner::{JobSpec, Outcome, Runner};

/// Re-reads the back office's settings every `every`, so a change saved on another instance
/// applies here too.
pub fn spawn_settings_refresh(
    db: services::db::Db,
    cell: services::settings::SettingsCell,
    every: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = services::back_office::store_settings::load(&db, &cell).await {
                tracing::warn!(error = %e, "reading the store settings failed");
            }
        }
    })
}

/// How often each job runs, and which run in this process.
#[derive(Clone, Debug)]
pub struct JobsConfig {
    /// Run only these jobs (`None`: all). Tests pick the ones they need.
    pub only: Option<Vec<String>>,
    /// Outbox delivery (`MAIL_EVERY`, 5 s).
    pub mail_every: Duration,
    /// Cart abandonment/expiry and reminders (`CART_JOBS_EVERY`, 60 s).
    pub cart_every: Duration,
    /// Stock holds, stale payments, refunds, low stock (30 s).
    pub orders_every: Duration,
    /// The listing summary (facet counts of broad listings; 5 s).
    pub summary_every: Duration,
    /// "Customers also bought" recomputed from the orders (10 min).
    pub recommendations_every: Duration,
    /// Expired sessions, old sign-in attempts and job logs (10 min).
    pub cleanup_every: Duration,
    /// Renewals, retries and ends of subscriptions (`SUBSCRIPTIONS_EVERY`, 10 min).
    pub subscriptions_every: Duration,
    /// A job claim older than this is taken over (5 min).
    pub lease: Duration,
}

impl Default for JobsConfig {
    fn default() -> Self {
        JobsConfig {
            only: None,
            mail_every: Duration::from_secs(5),
            cart_every: Duration::from_secs(60),
            orders_every: Duration::from_secs(30),
            summary_every: Duration::from_secs(5),
            recommendations_every: Duration::from_secs(600),
            cleanup_every: Duration::from_secs(600),
            subscriptions_every: Duration::from_secs(600),
            lease: Duration::from_secs(300),
        }
    }
}

/// Everything the jobs work with.
#[derive(Clone)]
pub struct JobDeps {
    pub db: services::db::Db,
    pub payments: Arc<dyn services::payments::PaymentGateway>,
    pub sessions: DbSessionStore,
    pub settings: services::settings::SettingsCell,
    pub transport: Arc<dyn services::mail::MailTransport>,
    pub sender: services::mail::SenderConfig,
    pub recovery_delays: Vec<Duration>,
    pub abandon_after: Duration,
    pub expire_after: Duration,
    pub pending_order_timeout: Duration,
    /// What renewals read as now (tests move it).
    pub clock: services::clock::Clock,
    /// When failed renewals are retried.
    pub dunning: storefront::subscription::DunningSchedule,
}

fn err(e: shared::errors::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// One pass of the subscription billing at `now`: renewals, retries, ends of term.
pub async fn renew_subscriptions(
    d: &JobDeps,
    now: Ts,
) -> anyhow::Result<services::subscriptions::renew::RenewalReport> {
    let settings = d.settings.get();
    let billing = services::subscriptions::renew::Billing {
        db: &d.db,
        gateway: d.payments.as_ref(),
        dunning: &d.dunning,
        prices_include_tax: settings.checkout.prices_include_tax,
        base_url: &d.sender.base_url,
    };
    let linked = services::subscriptions::remote::link_pending(&d.db, d.payments.as_ref(), now)
        .await
        .map_err(err)?;
    if linked > 0 {
        tracing::info!(linked, "subscriptions linked to Stripe Billing");
    }
    let r = services::subscriptions::renew::run_due(billing, now)
        .await
        .map_err(err)?;
    if r.total() > 0 {
        tracing::info!(
            renewed = r.renewed,
            failed = r.failed,
            canceled = r.canceled,
            ended = r.ended,
            "subscription billing pass"
        );
    }
    Ok(r)
}

/// Subscription billing, at the injected clock's now (tests move it months ahead).
fn subscriptions_spec(cfg: &JobsConfig, d: &JobDeps) -> JobSpec {
    let x = d.clone();
    JobSpec::new("subscriptions", cfg.subscriptions_every, move |_| {
        let x = x.clone();
        async move {
            let r = renew_subscriptions(&x, x.clock.now()).await?;
            Ok(r.total())
        }
    })
}

/// Expired sessions, old sign-in attempts, sign-ups and job logs.
fn cleanup_spec(cfg: &JobsConfig, d: &JobDeps) -> JobSpec {
    let x = d.clone();
    JobSpec::new("cleanup", cfg.cleanup_every, move |now: Ts| {
        let x = x.clone();
        async move {
            x.sessions.delete_expired().await?;
            let day = Duration::from_secs(24 * 3600);
            services::throttle::prune(&x.db, day).await.map_err(err)?;
            services::auth::signup::prune(&x.db).await.map_err(err)?;
            runner::prune_runs(&x.db, 14 * day, now).await?;
            Ok(0)
        }
    })
}

/// The shop's jobs.
pub fn specs(cfg: &JobsConfig, d: &JobDeps) -> Vec<JobSpec> {
    let mut specs = Vec::new();
    let x = d.clone();
    specs.push(JobSpec::new("outbox", cfg.mail_every, move |now| {
        let x = x.clone();
        async move {
            let store = x.settings.store().store_name;
            let r =
                services::mail::deliver_due(&x.db, x.transport.as_ref(), &store, &x.sender, now)
                    .await
                    .map_err(err)?;
            if r.total() > 0 {
                tracing::info!(
                    sent = r.sent,
                    retried = r.retried,
                    failed = r.failed,
                    skipped = r.skipped,
                    "outbox pass"
                );
            }
            Ok(r.total())
        }
    }));
    let x = d.clone();
    specs.push(JobSpec::new("cart-lifecycle", cfg.cart_every, move |_| {
        let x = x.clone();
        async move {
            let (abandoned, expired) =
                services::cart::sweep(&x.db, x.abandon_after, x.expire_after)
                    .await
                    .map_err(err)?;
            Ok(abandoned + expired)
        }
    }));
    let x = d.clone();
    specs.push(JobSpec::new("cart-reminders", cfg.cart_every, move |now| {
        let x = x.clone();
        async move {
            services::mail::recovery::queue_reminders(&x.db, &x.recovery_delays, now)
                .await
                .map_err(err)
        }
    }));
    let x = d.clone();
    specs.push(JobSpec::new("reservations", cfg.orders_every, move |_| {
        let x = x.clone();
        async move {
            let released = services::holds::release_expired(&x.db).await.map_err(err)?;
            let settled = services::checkout::sweep_stale_pending(
                &x.db,
                x.payments.as_ref(),
                x.pending_order_timeout,
            )
            .await
            .map_err(err)?;
            let refunds = services::orders::retry_pending_refunds(&x.db, x.payments.as_ref())
                .await
                .map_err(err)?;
            Ok(u64::try_from(released + settled + refunds).unwrap_or(u64::MAX))
        }
    }));
    specs.push(subscriptions_spec(cfg, d));
    let x = d.clone();
    specs.push(JobSpec::new("low-stock", cfg.orders_every, move |_| {
        let x = x.clone();
        async move {
            services::back_office::low_stock_sweep(&x.db)
                .await
                .map_err(err)
        }
    }));
    let x = d.clone();
    let mut summary = JobSpec::new("listing-summary", cfg.summary_every, move |_| {
        let x = x.clone();
        async move {
            Ok(u64::from(
                services::catalog::refresh_listing_summary(&x.db).await?,
            ))
        }
    });
    // A big catalogue under constant writes spends at most a fifth of a core on it.
    summary.pause_factor = 4;
    specs.push(summary);
    let x = d.clone();
    specs.push(JobSpec::new(
        "recommendations",
        cfg.recommendations_every,
        move |_| {
            let x = x.clone();
            async move {
                services::catalog::refresh_recommendations(&x.db)
                    .await
                    .map_err(err)
            }
        },
    ));
    specs.push(cleanup_spec(cfg, d));
    specs
        .into_iter()
        .filter(|s| {
            cfg.only
                .as_ref()
                .is_none_or(|only| only.iter().any(|n| n == s.name))
        })
        .collect()
}
