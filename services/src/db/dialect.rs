//! Every SQL difference between SQLite and PostgreSQL that queries outside `db/` need, as a
//! function of the [`Backend`]: a query writes `dialect::for_update(tx.backend())` instead of
//! matching on the engine itself. The one larger difference, full-text search (FTS5 on SQLite,
//! `tsvector` on PostgreSQL), lives with the catalogue's search (`catalog::search_terms`,
//! `catalog::listing_plan`, `catalog::summary`).

use super::Backend;

/// `$n` as a JSON value: a text parameter on SQLite, cast to JSONB on PostgreSQL.
pub fn json_param(backend: Backend, n: usize) -> String {
    match backend {
        Backend::Sqlite => format!("${n}"),
        Backend::Postgres => format!("CAST(${n} AS JSONB)"),
    }
}

/// The text of top-level field `key` of JSON column `col`.
pub fn json_text(backend: Backend, col: &str, key: &str) -> String {
    match backend {
        Backend::Sqlite => format!("json_extract({col}, '$.{key}')"),
        Backend::Postgres => format!("{col}->>'{key}'"),
    }
}

/// JSON column `col` without its top-level fields `keys`.
pub fn json_without(backend: Backend, col: &str, keys: &[&str]) -> String {
    match backend {
        Backend::Sqlite => {
            let paths: Vec<String> = keys.iter().map(|k| format!("'$.{k}'")).collect();
            format!("json_remove({col}, {})", paths.join(", "))
        }
        Backend::Postgres => {
            let minus: String = keys.iter().map(|k| format!(" - '{k}'")).collect();
            format!("{col}{minus}")
        }
    }
}

/// Timestamp column `col` as whole Unix seconds.
pub fn epoch_seconds(backend: Backend, col: &str) -> String {
    match backend {
        Backend::Sqlite => format!("CAST(strftime('%s', {col}) AS BIGINT)"),
        Backend::Postgres => format!("CAST(EXTRACT(EPOCH FROM {col}) AS BIGINT)"),
    }
}

/// Timestamp column `col`'s day in UTC, as `YYYY-MM-DD` text.
pub fn utc_day(backend: Backend, col: &str) -> String {
    match backend {
        // SQLite stores UTC timestamps as ISO text.
        Backend::Sqlite => format!("substr({col}, 1, 10)"),
        Backend::Postgres => format!("to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
    }
}

/// Appended to a `SELECT`: lock the rows until the transaction ends. PostgreSQL needs it; on
/// SQLite a write transaction already excludes every other writer.
pub fn for_update(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    }
}

/// Like [`for_update`] in a join: locks only the rows of the table aliased `alias`.
pub fn for_update_of(backend: Backend, alias: &str) -> String {
    match backend {
        Backend::Sqlite => String::new(),
        Backend::Postgres => format!(" FOR UPDATE OF {alias}"),
    }
}

/// Like [`for_update`], skipping rows another worker has locked (job and outbox claims).
pub fn for_update_skip_locked(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Backend::{Postgres, Sqlite};

    #[test]
    fn each_engine_gets_its_spelling() {
        assert_eq!(json_param(Sqlite, 2), "$2");
        assert_eq!(json_param(Postgres, 2), "CAST($2 AS JSONB)");
        assert_eq!(
            json_text(Sqlite, "o.payload", "to"),
            "json_extract(o.payload, '$.to')"
        );
        assert_eq!(json_text(Postgres, "o.payload", "to"), "o.payload->>'to'");
        assert_eq!(
            json_without(Sqlite, "payload", &["token", "reset_url"]),
            "json_remove(payload, '$.token', '$.reset_url')"
        );
        assert_eq!(
            json_without(Postgres, "payload", &["token", "reset_url"]),
            "payload - 'token' - 'reset_url'"
        );
        assert_eq!(for_update(Sqlite), "");
        assert_eq!(for_update_skip_locked(Postgres), " FOR UPDATE SKIP LOCKED");
        assert!(epoch_seconds(Postgres, "p.ends_at").contains("EXTRACT(EPOCH FROM p.ends_at)"));
        assert_eq!(utc_day(Sqlite, "o.placed_at"), "substr(o.placed_at, 1, 10)");
    }
}
