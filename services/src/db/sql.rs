//! Dynamic SQL with `$n` placeholders that runs on both engines.
//!
//! [`SqlBuf`] collects SQL text and typed [`Arg`]s; [`BindArgs`] binds them to a sqlx query of
//! either backend, which is where engine differences in parameter types are absorbed.

use sqlx::postgres::{PgArguments, Postgres};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::sqlite::{Sqlite, SqliteArguments};

/// A bound parameter value.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    I64(i64),
    F64(f64),
    Text(String),
    Bool(bool),
    /// A list of ids in one parameter: a JSON array on SQLite (read with `json_each`), a
    /// `BIGINT[]` on PostgreSQL (`= ANY(…)`). See [`SqlBuf::bind_id_set`].
    I64List(Vec<i64>),
    /// A timestamp as the database rendered it with `CAST(col AS TEXT)`; compare it through
    /// [`SqlBuf::bind_timestamp`] so each engine parses it back exactly.
    Timestamp(String),
    I32(i32),
    /// A nullable BIGINT (typed, so PostgreSQL accepts a NULL for a BIGINT column).
    OptI64(Option<i64>),
    /// A nullable text value.
    OptText(Option<String>),
    /// An instant (see [`super::Ts`]).
    Time(super::Ts),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::I64(v)
    }
}
impl From<i32> for Arg {
    fn from(v: i32) -> Self {
        Arg::I32(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(v)
    }
}
impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(v.to_string())
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(v)
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(v.clone())
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::OptI64(v)
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::OptText(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::OptText(v.map(str::to_string))
    }
}
impl From<super::Ts> for Arg {
    fn from(v: super::Ts) -> Self {
        Arg::Time(v)
    }
}

/// SQL text plus its arguments, numbered `$1…` in push order.
#[derive(Clone, Debug, Default)]
pub struct SqlBuf {
    pub sql: String,
    pub args: Vec<Arg>,
    backend_pg: bool,
}

impl SqlBuf {
    pub fn new(backend: super::Backend) -> Self {
        SqlBuf {
            sql: String::new(),
            args: Vec::new(),
            backend_pg: backend == super::Backend::Postgres,
        }
    }

    /// Appends raw SQL (never user input).
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder bound to `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Appends a placeholder bound to `json` (text), read as JSON on either engine.
    pub fn bind_json(&mut self, json: String) -> &mut Self {
        self.args.push(Arg::Text(json));
        let n = self.args.len();
        let placeholder = super::dialect::json_param(self.backend(), n);
        self.sql.push_str(&placeholder);
        self
    }

    /// Appends a placeholder for a timestamp previously read with `CAST(col AS TEXT)`.
    pub fn bind_timestamp(&mut self, text: String) -> &mut Self {
        if self.backend_pg {
            self.sql.push_str("CAST(");
            self.bind(Arg::Timestamp(text));
            self.sql.push_str(" AS TIMESTAMPTZ)");
            self
        } else {
            self.bind(Arg::Timestamp(text))
        }
    }

    /// Appends `(v1, v2, …)` binding each value; an empty list becomes `(NULL)` (matches nothing).
    pub fn bind_list(&mut self, values: impl IntoIterator<Item = Arg>) -> &mut Self {
        self.sql.push('(');
        let mut any = false;
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self.bind(v);
            any = true;
        }
        if !any {
            self.sql.push_str("NULL");
        }
        self.sql.push(')');
        self
    }

    /// A set of ids in one parameter, as a row source: `(SELECT value AS id FROM json_each($n))`
    /// on SQLite, `(SELECT unnest($n) AS id)` on PostgreSQL. For sets too big for `IN (…)` lists.
    pub fn bind_id_set(&mut self, ids: &[i64]) -> &mut Self {
        if self.backend_pg {
            self.sql.push_str("(SELECT unnest(");
            self.bind(Arg::I64List(ids.to_vec()));
            self.sql.push_str(") AS id)");
        } else {
            self.sql.push_str("(SELECT value AS id FROM json_each(");
            self.bind(Arg::I64List(ids.to_vec()));
            self.sql.push_str("))");
        }
        self
    }

    pub fn is_postgres(&self) -> bool {
        self.backend_pg
    }

    /// The engine the SQL is written for.
    pub fn backend(&self) -> super::Backend {
        if self.backend_pg {
            super::Backend::Postgres
        } else {
            super::Backend::Sqlite
        }
    }
}

/// A `LIKE` pattern matching `text` anywhere; use it with `ESCAPE '\'` (so `%`, `_` and `\`
/// typed by a person match themselves).
pub fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

pub use super::dialect::json_param;

/// Queues an email in the transactional outbox: binds `$1` topic, `$2` JSON payload,
/// `$3` dedupe key, `$4` now. Run it in the transaction of the change that causes the mail.
pub fn outbox_insert(backend: super::Backend) -> String {
    format!(
        "INSERT INTO outbox (kind, topic, payload, dedupe_key, run_at, created_at)
         VALUES ('EMAIL', $1, {}, $3, $4, $4)",
        json_param(backend, 2)
    )
}

/// Binds a slice of [`Arg`]s onto a sqlx query of a concrete backend.
pub trait BindArgs<'q>: Sized {
    fn bind_args(self, args: &'q [Arg]) -> Self;
}

macro_rules! bind_each {
    ($query:ident, $args:ident, $list:expr) => {{
        for a in $args {
            $query = match a {
                Arg::I64List(v) => $query.bind($list(v)),
                Arg::I64(v) => $query.bind(*v),
                Arg::F64(v) => $query.bind(*v),
                Arg::Text(v) | Arg::Timestamp(v) => $query.bind(v.as_str()),
                Arg::Bool(v) => $query.bind(*v),
                Arg::I32(v) => $query.bind(*v),
                Arg::OptI64(v) => $query.bind(*v),
                Arg::OptText(v) => $query.bind(v.as_deref()),
                Arg::Time(v) => $query.bind(*v),
            };
        }
        $query
    }};
}

macro_rules! impl_bind_args {
    ($db:ty, $args:ty, $list:expr) => {
        impl<'q> BindArgs<'q> for Query<'q, $db, $args> {
            fn bind_args(mut self, args: &'q [Arg]) -> Self {
                bind_each!(self, args, $list)
            }
        }
        impl<'q, O> BindArgs<'q> for QueryAs<'q, $db, O, $args> {
            fn bind_args(mut self, args: &'q [Arg]) -> Self {
                bind_each!(self, args, $list)
            }
        }
        impl<'q, O> BindArgs<'q> for QueryScalar<'q, $db, O, $args> {
            fn bind_args(mut self, args: &'q [Arg]) -> Self {
                bind_each!(self, args, $list)
            }
        }
    };
}

/// An id list as the JSON array SQLite's `json_each` reads.
fn json_ids(ids: &[i64]) -> String {
    let mut out = String::with_capacity(ids.len() * 8 + 2);
    out.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&id.to_string());
    }
    out.push(']');
    out
}

impl_bind_args!(Sqlite, SqliteArguments<'q>, |v: &Vec<i64>| json_ids(v));
impl_bind_args!(Postgres, PgArguments, |v: &Vec<i64>| v.clone());

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Backend;

    #[test]
    fn numbers_placeholders_in_order() {
        let mut q = SqlBuf::new(Backend::Sqlite);
        q.push("SELECT 1 WHERE a = ")
            .bind(Arg::I64(1))
            .push(" AND b IN ");
        q.bind_list([Arg::Text("x".into()), Arg::Text("y".into())]);
        assert_eq!(q.sql, "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
        assert_eq!(q.args.len(), 3);
        let mut e = SqlBuf::new(Backend::Sqlite);
        e.bind_list(Vec::new());
        assert_eq!(e.sql, "(NULL)");
    }

    #[test]
    fn timestamps_are_cast_on_postgres_only() {
        let mut pg = SqlBuf::new(Backend::Postgres);
        pg.push("t < ")
            .bind_timestamp("2026-01-01 00:00:00+00".into());
        assert_eq!(pg.sql, "t < CAST($1 AS TIMESTAMPTZ)");
        let mut lite = SqlBuf::new(Backend::Sqlite);
        lite.push("t < ")
            .bind_timestamp("2026-01-01T00:00:00Z".into());
        assert_eq!(lite.sql, "t < $1");
    }
}
