//! The outbox sender: claims due rows, renders and sends them, marks them sent.
//!
//! Delivery is at least once: a row is claimed (`PROCESSING`, with the claimer's name and time)
//! before sending and marked `DONE` after. A sender that dies in between leaves the claim,
//! which another pass takes over once it is older than the lease. The mail then goes out with
//! the same `Message-ID` (and the file mailbox writes the same file), so the rare resend is
//! recognisable as a duplicate. Several instances never claim the same row: PostgreSQL skips
//! rows another transaction has locked (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.

use std::time::Duration;

use serde_json::Value;

use super::render::{LinkMode, MailContext, RenderError, render};
use super::{MailTransport, OutgoingMail, SendError};
use crate::args;
use crate::db::{Backend, Db, Ts};
use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("outbox query", e)
}

/// Who sends, from where, and how patiently.
#[derive(Clone, Debug)]
pub struct SenderConfig {
    /// This instance's name (claims carry it).
    pub instance: String,
    /// Absolute base of links in mails.
    pub base_url: String,
    /// The sender address; the store name is its display name.
    pub from_address: String,
    /// A claim older than this is taken over (its sender is presumed dead).
    pub lease: Duration,
    /// Rows per claim.
    pub batch: i64,
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: u64,
    /// Failed for now; tried again later.
    pub retried: u64,
    /// Given up (permanent error or out of attempts).
    pub failed: u64,
    /// Reminders to addresses that unsubscribed meanwhile, dropped.
    pub skipped: u64,
}

impl DeliveryReport {
    pub fn total(&self) -> u64 {
        self.sent + self.retried + self.failed + self.skipped
    }
}

/// How long to wait before attempt `attempts + 1`: 30 s, 2 min, 8 min, 32 min, … up to 6 h.
pub fn backoff(attempts: i64) -> Duration {
    let exp = u32::try_from(attempts.clamp(1, 10) - 1).unwrap_or(0);
    Duration::from_secs((30u64 * 4u64.pow(exp)).min(6 * 3600))
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    payload: String,
    attempts: i64,
    max_attempts: i64,
}

fn claim_sql(backend: Backend) -> String {
    let lock = crate::db::dialect::for_update_skip_locked(backend);
    format!(
        "UPDATE outbox SET status = 'PROCESSING', locked_at = $1, locked_by = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM outbox
                        WHERE kind = 'EMAIL'
                          AND ((status = 'PENDING' AND run_at <= $1)
                               OR (status = 'PROCESSING' AND locked_at < $3))
                        ORDER BY id LIMIT $4{lock})
         RETURNING id, CAST(payload AS TEXT) AS payload, CAST(attempts AS BIGINT) AS attempts,
                   CAST(max_attempts AS BIGINT) AS max_attempts"
    )
}

async fn claim(db: &Db, cfg: &SenderConfig, now: Ts) -> Result<Vec<Claimed>, AppError> {
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let mut rows: Vec<Claimed> = tx
        .all(
            &claim_sql(db.backend()),
            args![now, cfg.instance.as_str(), now.minus(cfg.lease), cfg.batch],
        )
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Sends every due mail (up to 10 batches), as of `now`.
///
/// A claim is only acted on during the first half of the lease: rows not sent by then (a slow
/// mail server) go back to the queue unsent, so a claim another sender could take over is
/// never sent by this one too. Each batch is stamped with its own claim time.
#[tracing::instrument(skip_all, fields(instance = %cfg.instance))]
pub async fn deliver_due(
    db: &Db,
    transport: &dyn MailTransport,
    store_name: &str,
    cfg: &SenderConfig,
    now: Ts,
) -> Result<DeliveryReport, AppError> {
    let mut report = DeliveryReport::default();
    let started = std::time::Instant::now();
    for _ in 0..10 {
        if started.elapsed() > cfg.lease / 2 {
            break;
        }
        let claimed_at = std::time::Instant::now();
        let rows = claim(db, cfg, now.plus(started.elapsed())).await?;
        let full = i64::try_from(rows.len()).unwrap_or(i64::MAX) >= cfg.batch;
        let mut rows = rows.into_iter();
        for row in rows.by_ref() {
            if claimed_at.elapsed() > cfg.lease / 2 {
                release(db, cfg, row.id).await?;
                break;
            }
            deliver_one(db, transport, store_name, cfg, now, row, &mut report).await?;
        }
        for row in rows {
            release(db, cfg, row.id).await?;
        }
        if !full {
            break;
        }
    }
    Ok(report)
}

/// Gives a claimed, unsent row back to the queue (its attempt not counted).
async fn release(db: &Db, cfg: &SenderConfig, id: i64) -> Result<(), AppError> {
    db.exec(
        "UPDATE outbox SET status = 'PENDING', locked_at = NULL, locked_by = NULL,
                attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
          WHERE id = $1 AND status = 'PROCESSING' AND locked_by = $2",
        args![id, cfg.instance.as_str()],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn deliver_one(
    db: &Db,
    transport: &dyn MailTransport,
    store_name: &str,
    cfg: &SenderConfig,
    now: Ts,
    row: Claimed,
    report: &mut DeliveryReport,
) -> Result<(), AppError> {
    let payload: Value = match serde_json::from_str(&row.payload) {
        Ok(v) => v,
        Err(e) => {
            report.failed += 1;
            return give_up(db, cfg, row.id, &format!("unreadable payload: {e}"), now).await;
        }
    };
    if payload.get("template").and_then(Value::as_str) == Some("cart_recovery")
        && let Some(why) = super::recovery::stale_reminder(db, &payload).await?
    {
        report.skipped += 1;
        return finish(db, cfg, row.id, Some(why), None, now).await;
    }
    let cx = |links| MailContext {
        store: store_name,
        base_url: &cfg.base_url,
        links,
    };
    // What is logged (and shown to staff) has its secret links blanked; rendered first, so a
    // failure can never leave the real links in the log.
    let rendered = match render(db, cx(LinkMode::Real), &payload).await {
        Ok(r) => render(db, cx(LinkMode::Redacted), &payload)
            .await
            .map(|logged| (r, logged)),
        Err(e) => Err(e),
    };
    let (rendered, logged) = match rendered {
        Ok(r) => r,
        Err(RenderError::Unrenderable(why)) => {
            report.failed += 1;
            return give_up(db, cfg, row.id, &why, now).await;
        }
        Err(RenderError::Db(e)) => {
            report.retried += 1;
            return retry(db, cfg, &row, &e.to_string(), now).await;
        }
    };
    let host = match super::url_host(&cfg.base_url) {
        "" => "localhost",
        h => h,
    };
    let mail = OutgoingMail {
        outbox_id: row.id,
        from_name: store_name.to_string(),
        from_address: cfg.from_address.clone(),
        to: rendered.to.clone(),
        subject: rendered.subject.clone(),
        text: rendered.text.clone(),
        html: rendered.html.clone(),
        message_id: format!("<outbox-{}@{host}>", row.id),
        unsubscribe_url: rendered.unsubscribe_url.clone(),
    };
    match transport.send(&mail).await {
        Ok(provider_id) => {
            report.sent += 1;
            let log = SentLog {
                to: mail.to,
                from: format!("{} <{}>", mail.from_name, mail.from_address),
                subject: logged.subject,
                template: logged.template,
                text: logged.text,
                html: logged.html,
                order_id: logged.order_id,
                provider_id: provider_id.or(Some(mail.message_id)),
            };
            finish(db, cfg, row.id, None, Some(log), now).await
        }
        Err(SendError::Permanent(why)) => {
            report.failed += 1;
            give_up(db, cfg, row.id, &why, now).await
        }
        Err(SendError::Transient(why)) => {
            report.retried += 1;
            retry(db, cfg, &row, &why, now).await
        }
    }
}

struct SentLog {
    to: String,
    from: String,
    subject: String,
    template: String,
    text: String,
    html: String,
    order_id: Option<i64>,
    provider_id: Option<String>,
}

/// Marks the row sent (secrets dropped from its payload) and logs the mail.
async fn finish(
    db: &Db,
    cfg: &SenderConfig,
    id: i64,
    note: Option<&str>,
    log: Option<SentLog>,
    now: Ts,
) -> Result<(), AppError> {
    let mut tx = db.begin_write().await.map_err(db_err)?;
    let redact = redact_payload(db.backend());
    let moved = tx
        .exec(
            &format!(
                "UPDATE outbox SET status = 'DONE', done_at = $1, locked_at = NULL, last_error = $2,
                        payload = {redact}
                  WHERE id = $3 AND status = 'PROCESSING' AND locked_by = $4"
            ),
            args![now, note.map(str::to_string), id, cfg.instance.as_str()],
        )
        .await
        .map_err(db_err)?;
    if moved != 1 {
        tracing::warn!(
            outbox_id = id,
            "another sender took this mail over while it was being sent; it may arrive twice"
        );
    }
    if let Some(l) = log {
        let sql = "INSERT INTO emails_sent (outbox_id, to_email, from_email, subject, template, body_text,
                                      body_html, order_id, provider_message_id, sent_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (outbox_id) DO NOTHING";
        tx.exec(
            sql,
            args![
                id,
                l.to,
                l.from,
                l.subject,
                l.template,
                l.text,
                l.html,
                l.order_id,
                l.provider_id,
                now
            ],
        )
        .await
        .map_err(db_err)?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(())
}

async fn retry(
    db: &Db,
    cfg: &SenderConfig,
    row: &Claimed,
    why: &str,
    now: Ts,
) -> Result<(), AppError> {
    if row.attempts >= row.max_attempts {
        return give_up(db, cfg, row.id, why, now).await;
    }
    tracing::warn!(
        outbox_id = row.id,
        attempts = row.attempts,
        error = why,
        "mail not sent; will retry"
    );
    db.exec(
        "UPDATE outbox SET status = 'PENDING', run_at = $1, locked_at = NULL, locked_by = NULL, last_error = $2
          WHERE id = $3 AND status = 'PROCESSING' AND locked_by = $4",
        args![now.plus(backoff(row.attempts)), why, row.id, cfg.instance.as_str()],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn give_up(db: &Db, cfg: &SenderConfig, id: i64, why: &str, now: Ts) -> Result<(), AppError> {
    tracing::error!(outbox_id = id, error = why, "mail given up");
    db.exec(
        // The payload keeps its links, so "Send again" works (staff only see redacted renders).
        "UPDATE outbox SET status = 'FAILED', done_at = $1, locked_at = NULL, last_error = $2
          WHERE id = $3 AND status = 'PROCESSING' AND locked_by = $4",
        args![now, why, id, cfg.instance.as_str()],
    )
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The payload without its secrets (reset link, restore token).
fn redact_payload(backend: Backend) -> String {
    crate::db::dialect::json_without(backend, "payload", &["token", "reset_url"])
}

/// Puts a FAILED mail back in the queue (the back office's "Send again").
pub async fn requeue(db: &Db, id: i64) -> Result<(), AppError> {
    let n = db
        .exec(
            "UPDATE outbox SET status = 'PENDING', run_at = $1, attempts = 0, locked_by = NULL,
                    locked_at = NULL, done_at = NULL
              WHERE id = $2 AND status = 'FAILED'",
            args![Ts::now(), id],
        )
        .await
        .map_err(db_err)?;
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(
            "Only a mail that failed can be sent again.".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(120));
        assert_eq!(backoff(3), Duration::from_secs(480));
        assert_eq!(backoff(9), Duration::from_secs(6 * 3600));
        assert_eq!(backoff(i64::MAX), Duration::from_secs(6 * 3600));
    }
}
