//! Shopper analytics events (`product_view`, `add_to_cart`, `checkout_step`, `purchase`) for
//! the dashboard's conversion funnel.
//!
//! Recording never slows a request or fails it: events go into a bounded channel and one
//! writer task per process stores them in batches (whatever has queued up while the previous
//! batch was written). When the queue is full, events are dropped and counted.
//!
//! A browser is recognised by the `lc_vid` cookie (a random id, no server-side state, so
//! crawlers cost no session rows); it is set on the first recorded event.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc;

use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Db, Ts};

/// The visitor cookie's name.
pub const VISITOR_COOKIE: &str = "lc_vid";
const QUEUE: usize = 10_000;
const BATCH: usize = 500;

/// One thing a shopper did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub kind: &'static str,
    pub visitor: Option<String>,
    pub user_id: Option<i64>,
    pub product_id: Option<i64>,
    pub variant_id: Option<i64>,
    pub cart_id: Option<i64>,
    pub order_id: Option<i64>,
    pub path: Option<String>,
    pub properties: serde_json::Value,
    pub at: Option<Ts>,
}

impl Event {
    pub fn new(kind: &'static str, visitor: Option<String>) -> Event {
        Event {
            kind,
            visitor,
            properties: serde_json::json!({}),
            ..Event::default()
        }
    }
}

/// Where events go. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Analytics {
    tx: Option<mpsc::Sender<Event>>,
    dropped: Arc<AtomicU64>,
}

impl Analytics {
    /// Records nothing (tools and benchmarks that build an app without the writer).
    pub fn disabled() -> Analytics {
        Analytics {
            tx: None,
            dropped: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Starts the writer task on `db`.
    pub fn spawn(db: Db) -> (Analytics, tokio::task::JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(QUEUE);
        let handle = tokio::spawn(writer(db, rx));
        (
            Analytics {
                tx: Some(tx),
                dropped: Arc::new(AtomicU64::new(0)),
            },
            handle,
        )
    }

    /// Queues `event` (stamped now); never waits.
    pub fn record(&self, mut event: Event) {
        let Some(tx) = &self.tx else { return };
        event.at.get_or_insert_with(Ts::now);
        if tx.try_send(event).is_err() {
            let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if n.is_power_of_two() {
                tracing::warn!(dropped = n, "analytics queue full: events dropped");
            }
        }
    }

    /// Events dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

async fn writer(db: Db, mut rx: mpsc::Receiver<Event>) {
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(e) => batch.push(e),
                Err(_) => break,
            }
        }
        if let Err(e) = store(&db, &batch).await {
            tracing::warn!(error = %e, events = batch.len(), "storing analytics events failed");
        }
        batch.clear();
    }
}

async fn store(db: &Db, events: &[Event]) -> Result<(), sqlx::Error> {
    let mut q = SqlBuf::new(db.backend());
    q.push(
        "INSERT INTO analytics_events (kind, session_id, user_id, product_id, variant_id, cart_id, order_id, path, properties, occurred_at) VALUES ",
    );
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push("(")
            .bind(Arg::Text(e.kind.to_string()))
            .push(", ")
            .bind(Arg::OptText(e.visitor.clone()))
            .push(", ")
            .bind(Arg::OptI64(e.user_id))
            .push(", ")
            .bind(Arg::OptI64(e.product_id))
            .push(", ")
            .bind(Arg::OptI64(e.variant_id))
            .push(", ")
            .bind(Arg::OptI64(e.cart_id))
            .push(", ")
            .bind(Arg::OptI64(e.order_id))
            .push(", ")
            .bind(Arg::OptText(e.path.clone()));
        q.push(", ").bind_json(e.properties.to_string()).push(", ");
        q.bind(Arg::Time(e.at.unwrap_or_else(Ts::now))).push(")");
    }
    let mut tx = db.begin_write().await?;
    tx.exec(&q.sql, q.args).await?;
    tx.commit().await
}

/// The visitor id from a `Cookie` header, if it looks like one of ours.
pub fn visitor_from_headers(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == VISITOR_COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The `Set-Cookie` value that remembers `id` for a year.
pub fn visitor_cookie(id: &str, secure: bool) -> String {
    format!(
        "{VISITOR_COOKIE}={id}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{}",
        if secure { "; Secure" } else { "" }
    )
}
