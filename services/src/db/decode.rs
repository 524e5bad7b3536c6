//! Columns that decode straight into domain types. A stored value the domain does not know
//! fails the query (a logged 500), never becomes a silent default.

use storefront::Currency;

/// A `currency` column (`CHAR(3)` / `TEXT`) as the domain's [`Currency`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DbCurrency(pub Currency);

impl<DB: sqlx::Database> sqlx::Type<DB> for DbCurrency
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for DbCurrency
where
    &'r str: sqlx::Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let code = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
        parse_currency(code).map(DbCurrency).map_err(Into::into)
    }
}

/// A text column that decodes through `T`'s `FromStr` (roles, statuses, kinds): a value the
/// domain does not know fails the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parsed<T>(pub T);

impl<DB: sqlx::Database, T> sqlx::Type<DB> for Parsed<T>
where
    String: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<'r, DB: sqlx::Database, T> sqlx::Decode<'r, DB> for Parsed<T>
where
    &'r str: sqlx::Decode<'r, DB>,
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
        text.parse()
            .map(Parsed)
            .map_err(|e| format!("unexpected value {text:?} in the database: {e}").into())
    }
}

/// A stored currency code as the domain type, for values read some other way (JSON, CSV).
pub fn parse_currency(code: &str) -> Result<Currency, String> {
    code.trim()
        .parse()
        .map_err(|_| format!("unknown currency code {code:?} in the database"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_parse_and_unknown_ones_are_errors() {
        assert_eq!(parse_currency("EUR "), Ok(Currency::Eur));
        assert!(parse_currency("XXX").is_err());
        assert!(parse_currency("").is_err());
    }
}
