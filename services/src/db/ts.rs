//! Timestamps bound the same way on both engines.
//!
//! PostgreSQL columns are `TIMESTAMPTZ`; the SQLite twin stores RFC 3339 UTC text with
//! milliseconds (`2025-01-31T12:00:00.000Z`, what `strftime('%Y-%m-%dT%H:%M:%fZ')` writes).
//! [`Ts`] encodes to exactly that text on SQLite, so comparisons in SQL stay correct.

use chrono::{DateTime, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArgumentValue, SqliteTypeInfo};
use sqlx::{Encode, Type};

/// A UTC instant to bind as a query parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ts(pub DateTime<Utc>);

impl Ts {
    pub fn now() -> Ts {
        Ts(Utc::now())
    }

    /// `self − d` (saturating at the earliest representable time).
    pub fn minus(self, d: std::time::Duration) -> Ts {
        let d = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        Ts(self
            .0
            .checked_sub_signed(d)
            .unwrap_or(DateTime::<Utc>::MIN_UTC))
    }

    /// `self + d` (saturating at the latest representable time).
    pub fn plus(self, d: std::time::Duration) -> Ts {
        let d = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        Ts(self
            .0
            .checked_add_signed(d)
            .unwrap_or(DateTime::<Utc>::MAX_UTC))
    }

    /// A timestamp read back as text (`CAST(x AS TEXT)`): SQLite stores RFC 3339, PostgreSQL
    /// prints `2026-12-07 03:30:00.12+00`. `None` for anything else.
    pub fn parse_text(text: &str) -> Option<Ts> {
        chrono::DateTime::parse_from_rfc3339(text)
            .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%#z"))
            .ok()
            .map(|t| Ts(t.with_timezone(&Utc)))
    }

    /// RFC 3339 in UTC to the second, e.g. `2026-12-07T03:30:00Z`.
    pub fn to_rfc3339(self) -> String {
        self.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// The SQLite text form.
    pub fn to_sqlite_text(self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
    }
}

impl Type<Sqlite> for Ts {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Ts {
    fn encode_by_ref(
        &self,
        args: &mut Vec<SqliteArgumentValue<'q>>,
    ) -> Result<IsNull, BoxDynError> {
        args.push(SqliteArgumentValue::Text(self.to_sqlite_text().into()));
        Ok(IsNull::No)
    }
}

impl Type<Postgres> for Ts {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }
}

impl Encode<'_, Postgres> for Ts {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        <DateTime<Utc> as Encode<Postgres>>::encode_by_ref(&self.0, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_text_matches_the_schema_default() {
        let t = Ts(DateTime::parse_from_rfc3339("2025-01-31T12:00:00.5Z")
            .unwrap()
            .with_timezone(&Utc));
        assert_eq!(t.to_sqlite_text(), "2025-01-31T12:00:00.500Z");
        assert!(t.minus(std::time::Duration::from_secs(1)) < t);
    }
}
