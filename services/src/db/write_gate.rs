//! One writer at a time per SQLite file, queued in this process.
//!
//! SQLite lets one connection write at a time; a second writer gets `SQLITE_BUSY` and its
//! busy handler sleeps and retries with growing pauses (1, 2, 5 … 100 ms). Under a burst of
//! writes an unlucky request can lose that race again and again: the add-to-cart benchmark saw
//! single requests wait over a second while the median was 1 ms. Taking a turn on a fair
//! (first come, first served) async lock before `BEGIN` replaces that lottery with a queue, so
//! a write waits only for the writes ahead of it. Reads never take a turn (WAL readers run
//! beside the writer). PostgreSQL has row locks and needs none of this.
//!
//! The lock is per database file, so every pool of the process on the same file shares it.
//! Take the turn right after `BEGIN` (a deferred `BEGIN` takes no lock yet), holding the
//! transaction's connection: the holder then never waits for the pool, so the queue cannot
//! deadlock with tasks that hold connections. Never take it twice in one task (it is not
//! re-entrant) and never before acquiring a connection. Single autocommit writes (the session
//! store's upsert, sign-in attempts) do not queue; they are short and rely on the busy timeout.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use sqlx::SqlitePool;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

type Gates = Mutex<HashMap<PathBuf, Arc<AsyncMutex<()>>>>;

/// Held for the length of one write transaction.
pub type WriteTurn = OwnedMutexGuard<()>;

/// Waits for this process's turn to write the file behind `pool`.
pub async fn turn(pool: &SqlitePool) -> WriteTurn {
    static GATES: OnceLock<Gates> = OnceLock::new();
    let file = pool.connect_options().get_filename().to_path_buf();
    let gate = {
        let mut gates = GATES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        gates.entry(file).or_default().clone()
    };
    gate.lock_owned().await
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use sqlx::SqlitePool;
    use sqlx::sqlite::SqliteConnectOptions;
    use tokio::time::timeout;

    use super::turn;

    fn pool(file: &str) -> SqlitePool {
        SqlitePool::connect_lazy_with(SqliteConnectOptions::new().filename(file))
    }

    #[tokio::test]
    async fn one_writer_per_file_in_turn() {
        let a = pool("/tmp/write-gate-test-a.db");
        let a_again = pool("/tmp/write-gate-test-a.db");
        let b = pool("/tmp/write-gate-test-b.db");
        let first = turn(&a).await;
        // Another pool on the same file waits for the first turn to end…
        let waiting = tokio::spawn(async move { turn(&a_again).await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "a second writer of the same file must wait"
        );
        // …while another file is not held up.
        assert!(timeout(Duration::from_secs(1), turn(&b)).await.is_ok());
        drop(first);
        assert!(timeout(Duration::from_secs(1), waiting).await.is_ok());
    }
}
