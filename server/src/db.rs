//! Connecting to and migrating the active database.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use services::db::Db;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// Pool limits (`DB_MAX_CONNECTIONS`, `DB_ACQUIRE_TIMEOUT`, `DB_STATEMENT_TIMEOUT`).
#[derive(Clone, Copy, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    /// A request waiting this long for a free connection gets 503 + Retry-After.
    pub acquire_timeout: Duration,
    /// PostgreSQL cancels a statement running longer (SQLite has no such limit).
    pub statement_timeout: Duration,
}

impl PoolSettings {
    pub fn new(max_connections: u32) -> PoolSettings {
        PoolSettings {
            max_connections,
            acquire_timeout: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(60),
        }
    }
}

/// Opens a pool for `url` with default limits (tools and benchmarks).
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    connect_with(url, PoolSettings::new(max_connections)).await
}

/// Opens a pool for `url`. SQLite files (and their folder) are created when missing and run in
/// WAL mode with foreign keys on.
pub async fn connect_with(url: &str, limits: PoolSettings) -> anyhow::Result<Db> {
    let max_connections = limits.max_connections;
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        // Every session in UTC: timestamps read as text (reports, exports) are UTC on both
        // engines, whatever the server's own time zone.
        let options = sqlx::postgres::PgConnectOptions::from_str(url)
            .context("DATABASE_URL is not a valid PostgreSQL URL")?
            .options([
                ("TimeZone", "UTC".to_string()),
                (
                    "statement_timeout",
                    limits.statement_timeout.as_millis().max(1).to_string(),
                ),
            ]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(limits.acquire_timeout)
            .connect_with(options)
            .await
            .context("connecting to PostgreSQL (check DATABASE_URL)")?;
        Ok(Db::Postgres(pool))
    } else if url.starts_with("sqlite:") {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid SQLite DATABASE_URL {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // Reads through a memory map instead of a read() per page, a 32 MiB page cache per
            // connection instead of 2 MiB, and temporary B-trees (GROUP BY) in memory: a
            // million-product catalogue's searches and counts are several times faster warm.
            .pragma("mmap_size", "2147418112")
            .pragma("cache_size", "-32768")
            .pragma("temp_store", "memory");
        let path = options.get_filename().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating database folder {}", dir.display()))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(limits.acquire_timeout)
            .connect_with(options)
            .await
            .with_context(|| format!("opening SQLite database {}", path.display()))?;
        Ok(Db::Sqlite(pool))
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:// (got {url:?})")
    }
}

/// Applies pending migrations for the active backend.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    match db {
        Db::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await,
        Db::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await,
    }
    .context("running database migrations")
}
