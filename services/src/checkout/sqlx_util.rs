//! Small SQL differences between the engines, for checkout's queries.

use crate::db::{Backend, Db};

/// `$n` as a JSON value (see [`crate::db::sql::json_param`]).
pub fn json_param(db: &Db, n: usize) -> String {
    crate::db::sql::json_param(db.backend(), n)
}

/// A timestamp column as Unix seconds.
pub fn epoch(db: &Db, col: &str) -> String {
    match db.backend() {
        Backend::Sqlite => format!("CAST(strftime('%s', {col}) AS BIGINT)"),
        Backend::Postgres => format!("CAST(EXTRACT(EPOCH FROM {col}) AS BIGINT)"),
    }
}
