//! One body of SQL for both engines.
//!
//! [`Db`] wraps either pool; [`with_db!`](crate::with_db) expands the same query code once per
//! backend so each arm is type-checked against its concrete driver. Backend-specific SQL
//! fragments live in [`dialect`].

mod decode;
pub mod dialect;
pub mod sql;
mod ts;
mod tx;
mod write_gate;

pub use decode::{DbCurrency, Parsed, parse_currency};
pub use ts::Ts;
pub use tx::{AnyRow, Tx};
pub use write_gate::WriteTurn;

use sqlx::{PgPool, SqlitePool};

/// The active database: SQLite (embedded default) or PostgreSQL (scale-out).
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Which engine a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`.
///
/// ```ignore
/// let n: i64 = with_db!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM products").fetch_one(pool).await)?;
/// ```
#[macro_export]
macro_rules! with_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Connections open, idle, and the most allowed (for `/metrics`).
    pub fn pool_stats(&self) -> (u32, usize, u32) {
        with_db!(self, pool => (
            pool.size(),
            pool.num_idle(),
            pool.options().get_max_connections()
        ))
    }

    /// Cheap round trip used by `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_db!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }

    /// On SQLite, waits for this process's turn to write (see [`write_gate`]): call it right
    /// after `BEGIN` and hold the result until the transaction has committed. `None` (no
    /// waiting) on PostgreSQL.
    pub async fn write_turn(&self) -> Option<WriteTurn> {
        match self {
            Db::Sqlite(pool) => Some(write_gate::turn(pool).await),
            Db::Postgres(_) => None,
        }
    }

    pub async fn close(&self) {
        with_db!(self, pool => pool.close().await)
    }
}

/// True when `e` is a unique-constraint violation (on either engine).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error()
        .is_some_and(|d| d.is_unique_violation())
}

/// A failed query as the caller's error. Every connection busy for the whole acquire timeout
/// is overload, not a bug: a 503 the client may retry (the server adds `Retry-After` to every
/// 503). Anything else is logged and hidden (500).
pub fn query_error(context: &str, e: sqlx::Error) -> shared::errors::AppError {
    if matches!(e, sqlx::Error::PoolTimedOut) {
        tracing::warn!("{context}: no free database connection (overloaded)");
        return shared::errors::AppError::Unavailable(
            "The shop is very busy right now. Please try again in a moment.".into(),
        );
    }
    shared::errors::AppError::internal(context, e)
}

/// [`query_error`] for a service that returns `anyhow` errors: a database error inside is
/// judged the same way.
pub fn service_error(context: &str, e: anyhow::Error) -> shared::errors::AppError {
    match e.downcast::<sqlx::Error>() {
        Ok(e) => query_error(context, e),
        Err(e) => shared::errors::AppError::internal(context, e),
    }
}

#[cfg(test)]
mod query_error_tests {
    use super::*;

    #[test]
    fn an_exhausted_pool_is_a_503_and_other_failures_a_500() {
        assert_eq!(query_error("q", sqlx::Error::PoolTimedOut).status(), 503);
        assert_eq!(query_error("q", sqlx::Error::RowNotFound).status(), 500);
        let wrapped = anyhow::Error::new(sqlx::Error::PoolTimedOut);
        assert_eq!(service_error("q", wrapped).status(), 503);
        // The words alone are not the error: no more guessing from text.
        let text = anyhow::anyhow!("PoolTimedOut");
        assert_eq!(service_error("q", text).status(), 500);
    }
}
