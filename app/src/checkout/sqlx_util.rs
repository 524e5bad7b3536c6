//! Small SQL differences between the engines, for checkout's queries.

use crate::db::{Backend, Db};

/// `$n` as a JSON value: a text parameter on SQLite, cast to JSONB on PostgreSQL.
pub fn json_param(db: &Db, n: usize) -> String {
    match db.backend() {
        Backend::Sqlite => format!("${n}"),
        Backend::Postgres => format!("CAST(${n} AS JSONB)"),
    }
}

/// A timestamp column as Unix seconds.
pub fn epoch(db: &Db, col: &str) -> String {
    match db.backend() {
        Backend::Sqlite => format!("CAST(strftime('%s', {col}) AS BIGINT)"),
        Backend::Postgres => format!("CAST(EXTRACT(EPOCH FROM {col}) AS BIGINT)"),
    }
}
