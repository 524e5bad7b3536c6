//! Sessions in the active database (so several app instances share them).

use async_trait::async_trait;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use services::db::Db;

/// Cookie name of the session id over plain HTTP (development, tests).
pub const COOKIE_NAME: &str = "lark_sid";
/// Cookie name of the session id when cookies are `Secure` (https, production): the `__Host-`
/// prefix makes browsers refuse it unless it is Secure, host-only (no `Domain`) and `Path=/`,
/// so a sibling subdomain or a plain-HTTP page cannot plant or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-lark_sid";

/// The sqlx session store of whichever backend is active.
#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl DbSessionStore {
    pub fn new(db: &Db) -> Self {
        // The `sessions` table is created by our migrations, not by the store.
        match db {
            Db::Sqlite(pool) => DbSessionStore::Sqlite(
                SqliteStore::new(pool.clone())
                    .with_table_name("sessions")
                    .expect("static table name is valid"),
            ),
            Db::Postgres(pool) => DbSessionStore::Postgres(
                PostgresStore::new(pool.clone())
                    .with_schema_name("public")
                    .and_then(|s| s.with_table_name("sessions"))
                    .expect("static schema/table names are valid"),
            ),
        }
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.create(record).await,
            DbSessionStore::Postgres(s) => s.create(record).await,
        }
    }
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.save(record).await,
            DbSessionStore::Postgres(s) => s.save(record).await,
        }
    }
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s) => s.load(id).await,
            DbSessionStore::Postgres(s) => s.load(id).await,
        }
    }
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete(id).await,
            DbSessionStore::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s) => s.delete_expired().await,
            DbSessionStore::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// HttpOnly, SameSite=Lax cookie, `Path=/`; `Secure` and `__Host-` prefixed when the public
/// URL is https or the shop runs in production.
/// Sessions end after `idle` without a request (the absolute limit is checked by the app).
pub fn layer(
    store: DbSessionStore,
    secure: bool,
    idle: std::time::Duration,
) -> SessionManagerLayer<DbSessionStore> {
    let idle = Duration::seconds(i64::try_from(idle.as_secs()).unwrap_or(i64::MAX / 1000));
    SessionManagerLayer::new(store)
        .with_name(if secure {
            SECURE_COOKIE_NAME
        } else {
            COOKIE_NAME
        })
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(idle))
}
