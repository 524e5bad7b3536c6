//! Statements written once for both engines, on the pool or inside a write transaction.
//!
//! ```ignore
//! let mut tx = db.begin_write().await?;
//! let n = tx.exec("UPDATE inventory SET reserved = reserved + $1 WHERE variant_id = $2", args![q, id]).await?;
//! tx.commit().await?;
//! ```

use sqlx::postgres::{PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteRow};
use sqlx::{FromRow, Transaction};

use super::sql::{Arg, BindArgs};
use super::{Db, WriteTurn};

/// `args![a, b, …]`: a `Vec<Arg>` from values convertible into [`Arg`].
#[macro_export]
macro_rules! args {
    ($($v:expr),* $(,)?) => { vec![$($crate::db::sql::Arg::from($v)),*] };
}

/// A row type both engines can decode.
pub trait AnyRow:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> AnyRow for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A write transaction. On SQLite it holds this process's write turn until it ends.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>, Option<WriteTurn>),
    Postgres(Transaction<'static, Postgres>),
}

macro_rules! on_conn {
    ($self:expr, $conn:ident => $body:expr) => {
        match $self {
            Tx::Sqlite(tx, _) => {
                let $conn = &mut **tx;
                $body
            }
            Tx::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}

impl Tx {
    /// Which engine the transaction runs on.
    pub fn backend(&self) -> super::Backend {
        match self {
            Tx::Sqlite(..) => super::Backend::Sqlite,
            Tx::Postgres(_) => super::Backend::Postgres,
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub async fn exec(&mut self, sql: &str, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        on_conn!(self, c => sqlx::query(sql).bind_args(&args).execute(c).await.map(|r| r.rows_affected()))
    }

    pub async fn all<T: AnyRow>(
        &mut self,
        sql: &str,
        args: Vec<Arg>,
    ) -> Result<Vec<T>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as::<_, T>(sql).bind_args(&args).fetch_all(c).await)
    }

    pub async fn opt<T: AnyRow>(
        &mut self,
        sql: &str,
        args: Vec<Arg>,
    ) -> Result<Option<T>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as::<_, T>(sql).bind_args(&args).fetch_optional(c).await)
    }

    pub async fn one<T: AnyRow>(&mut self, sql: &str, args: Vec<Arg>) -> Result<T, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as::<_, T>(sql).bind_args(&args).fetch_one(c).await)
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx, turn) => {
                let r = tx.commit().await;
                drop(turn);
                r
            }
            Tx::Postgres(tx) => tx.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx, turn) => {
                let r = tx.rollback().await;
                drop(turn);
                r
            }
            Tx::Postgres(tx) => tx.rollback().await,
        }
    }
}

impl Db {
    /// Begins a write transaction (taking the SQLite write turn right after `BEGIN`).
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self {
            Db::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let turn = self.write_turn().await;
                // Take SQLite's write lock now (as BEGIN IMMEDIATE would): a transaction that
                // read first and wrote later would fail with SQLITE_BUSY_SNAPSHOT whenever an
                // autocommit write (a session save) landed in between. A no-op UPDATE starts
                // the write transaction, waiting in the busy handler if needed.
                sqlx::query("UPDATE counters SET value = value WHERE id = -1")
                    .execute(&mut *tx)
                    .await?;
                Ok(Tx::Sqlite(tx, turn))
            }
            Db::Postgres(pool) => Ok(Tx::Postgres(pool.begin().await?)),
        }
    }

    /// A statement on the pool (autocommit); rows changed.
    pub async fn exec(&self, sql: &str, args: Vec<Arg>) -> Result<u64, sqlx::Error> {
        crate::with_db!(self, pool => sqlx::query(sql).bind_args(&args).execute(pool).await.map(|r| r.rows_affected()))
    }

    pub async fn all<T: AnyRow>(&self, sql: &str, args: Vec<Arg>) -> Result<Vec<T>, sqlx::Error> {
        crate::with_db!(self, pool => sqlx::query_as::<_, T>(sql).bind_args(&args).fetch_all(pool).await)
    }

    pub async fn opt<T: AnyRow>(
        &self,
        sql: &str,
        args: Vec<Arg>,
    ) -> Result<Option<T>, sqlx::Error> {
        crate::with_db!(self, pool => sqlx::query_as::<_, T>(sql).bind_args(&args).fetch_optional(pool).await)
    }

    pub async fn one<T: AnyRow>(&self, sql: &str, args: Vec<Arg>) -> Result<T, sqlx::Error> {
        crate::with_db!(self, pool => sqlx::query_as::<_, T>(sql).bind_args(&args).fetch_one(pool).await)
    }
}
