//! Background jobs that run inside every app instance.

use std::time::Duration;

use tokio::task::JoinHandle;
use tower_sessions::session_store::ExpiredDeletion;

use crate::sessions::DbSessionStore;

/// Deletes expired sessions every `every`. Safe to run on several instances at once.
pub fn spawn_session_cleanup(store: DbSessionStore, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions failed");
            }
        }
    })
}

/// Re-reads the back office's settings every `every`, so a change saved on another instance
/// applies here too.
pub fn spawn_settings_refresh(
    db: app::db::Db,
    cell: app::settings::SettingsCell,
    every: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = app::back_office::store_settings::load(&db, &cell).await {
                tracing::warn!(error = %e, "reading the store settings failed");
            }
        }
    })
}

/// Rebuilds the listing summary (broad listings' facet counts) whenever the catalogue changed,
/// checking every `every`. A check with nothing to do is one tiny query. After a rebuild that
/// took `d`, the next one waits at least `4 × d`, so a big catalogue under constant writes
/// spends at most a fifth of a core on it (requests meanwhile count live, still exactly).
/// Several instances may run it: rebuilds are serialised by the database.
pub fn spawn_listing_summary_refresh(db: app::db::Db, every: Duration) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let started = std::time::Instant::now();
            let pause = match app::catalog::refresh_listing_summary(&db).await {
                Ok(true) => every.max(started.elapsed() * 4),
                Ok(false) => every,
                Err(e) => {
                    tracing::warn!(error = %e, "rebuilding the listing summary failed");
                    every.max(Duration::from_secs(30))
                }
            };
            tokio::time::sleep(pause).await;
        }
    })
}

/// Marks idle carts ABANDONED and old guest carts EXPIRED every `every`, releases expired
/// stock reservations, and prunes sign-in attempts older than a day. Safe on several instances (each pass is two UPDATEs).
pub fn spawn_cart_lifecycle(
    db: app::db::Db,
    payments: std::sync::Arc<dyn app::checkout::PaymentGateway>,
    every: Duration,
    abandon_after: Duration,
    expire_after: Duration,
    pending_order_timeout: Duration,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match app::cart::sweep(&db, abandon_after, expire_after).await {
                Ok((0, 0)) => {}
                Ok((abandoned, expired)) => {
                    tracing::info!(abandoned, expired, "cart lifecycle pass")
                }
                Err(e) => tracing::warn!(error = %e, "cart lifecycle pass failed"),
            }
            match app::checkout::release_expired(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(released = n, "expired stock reservations released"),
                Err(e) => tracing::warn!(error = %e, "releasing expired reservations failed"),
            }
            match app::checkout::sweep_stale_pending(&db, payments.as_ref(), pending_order_timeout)
                .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(settled = n, "orders left waiting for payment settled"),
                Err(e) => tracing::warn!(error = %e, "settling stale pending orders failed"),
            }
            match app::orders::retry_pending_refunds(&db, payments.as_ref()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "pending refunds sent again"),
                Err(e) => tracing::warn!(error = %e, "retrying pending refunds failed"),
            }
            match app::back_office::low_stock_sweep(&db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(variants = n, "low-stock alerts queued"),
                Err(e) => tracing::warn!(error = %e, "low-stock sweep failed"),
            }
            let day = Duration::from_secs(24 * 3600);
            if let Err(e) = app::auth::throttle::prune(&db, day).await {
                tracing::warn!(error = %e, "pruning sign-in attempts failed");
            }
        }
    })
}
