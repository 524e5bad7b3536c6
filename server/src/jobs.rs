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
