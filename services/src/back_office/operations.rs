//! The back office's view of mail and background jobs: the outbox (queued, sent, failed
//! mails, with a preview) and the job runner's table and run log.

use crate::args;
use crate::db::sql::{Arg, SqlBuf};
use crate::db::{Backend, Db, dialect};
use crate::mail::render::{LinkMode, MailContext, RenderError, render};
use shared::errors::AppError;
use shared::ops::{JobRunView, JobView, JobsPage, OutboxMail, OutboxPage, OutboxRow};

use super::db_err;

/// Mails per page.
pub const PAGE_SIZE: i64 = 50;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    topic: String,
    template: Option<String>,
    to_email: Option<String>,
    subject: Option<String>,
    status: String,
    attempts: i64,
    created_at: String,
    done_at: Option<String>,
    last_error: Option<String>,
}

impl From<Row> for OutboxRow {
    fn from(r: Row) -> Self {
        OutboxRow {
            id: r.id,
            topic: r.topic,
            template: r.template,
            to: r.to_email,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            created_at: r.created_at,
            done_at: r.done_at,
            last_error: r.last_error,
        }
    }
}

fn select(backend: Backend) -> String {
    let template = dialect::json_text(backend, "o.payload", "template");
    let to = dialect::json_text(backend, "o.payload", "to");
    format!(
        "SELECT o.id, o.topic, {template} AS template, {to} AS to_email, s.subject, o.status,
                CAST(o.attempts AS BIGINT) AS attempts, CAST(o.created_at AS TEXT) AS created_at,
                CAST(o.done_at AS TEXT) AS done_at, o.last_error
           FROM outbox o LEFT JOIN emails_sent s ON s.outbox_id = o.id"
    )
}

const STATUSES: [&str; 4] = ["PENDING", "PROCESSING", "DONE", "FAILED"];

/// Mails, newest first, optionally of one status, older than `before`.
pub async fn outbox_page(
    db: &Db,
    status: Option<&str>,
    before: Option<i64>,
    transport: &str,
) -> Result<OutboxPage, AppError> {
    let status = status
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty());
    if let Some(s) = &status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(AppError::invalid(
            "status",
            "Status must be PENDING, PROCESSING, DONE or FAILED.",
        ));
    }
    let mut q = SqlBuf::new(db.backend());
    q.push(&select(db.backend())).push(" WHERE 1 = 1");
    if let Some(s) = status {
        q.push(" AND o.status = ").bind(Arg::Text(s));
    }
    if let Some(b) = before {
        q.push(" AND o.id < ").bind(Arg::I64(b));
    }
    q.push(" ORDER BY o.id DESC LIMIT ")
        .bind(Arg::I64(PAGE_SIZE + 1));
    let mut rows: Vec<Row> = db.all(&q.sql, q.args).await.map_err(db_err)?;
    let next_before = if rows.len() > PAGE_SIZE as usize {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    let counts: Vec<(String, i64)> = db
        .all(
            "SELECT status, COUNT(*) FROM outbox GROUP BY status ORDER BY status",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(OutboxPage {
        rows: rows.into_iter().map(OutboxRow::from).collect(),
        next_before,
        counts,
        transport: transport.to_string(),
    })
}

/// One mail: the logged copy when it was sent, else rendered now (secret links blanked).
pub async fn outbox_mail(
    db: &Db,
    id: i64,
    store: &str,
    base_url: &str,
) -> Result<OutboxMail, AppError> {
    let not_found = || AppError::NotFound("There is no such mail in the outbox.".into());
    let row: Row = db
        .opt(
            &format!("{} WHERE o.id = $1", select(db.backend())),
            args![id],
        )
        .await
        .map_err(db_err)?
        .ok_or_else(not_found)?;
    let logged: Option<(Option<String>, String, String, Option<String>)> = db
        .opt(
            "SELECT from_email, subject, body_text, body_html FROM emails_sent WHERE outbox_id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?;
    if let Some((from, subject, text, html)) = logged {
        return Ok(OutboxMail {
            row: row.into(),
            from,
            subject,
            text,
            html: html.unwrap_or_default(),
            sent: true,
        });
    }
    let payload: Option<(String,)> = db
        .opt(
            "SELECT CAST(payload AS TEXT) FROM outbox WHERE id = $1",
            args![id],
        )
        .await
        .map_err(db_err)?;
    let payload: serde_json::Value = payload
        .and_then(|(p,)| serde_json::from_str(&p).ok())
        .unwrap_or_default();
    let cx = MailContext {
        store,
        base_url,
        links: LinkMode::Redacted,
    };
    let (subject, text, html) = match render(db, cx, &payload).await {
        Ok(r) => (r.subject, r.text, r.html),
        Err(RenderError::Unrenderable(why)) => (
            "(cannot be rendered)".to_string(),
            format!("This mail cannot be rendered: {why}"),
            String::new(),
        ),
        Err(RenderError::Db(e)) => return Err(e),
    };
    Ok(OutboxMail {
        row: row.into(),
        from: None,
        subject,
        text,
        html,
        sent: false,
    })
}

#[derive(sqlx::FromRow)]
struct JobRow {
    name: String,
    every_ms: i64,
    runs: i64,
    failures: i64,
    last_started_at: Option<String>,
    last_duration_ms: Option<i64>,
    last_items: Option<i64>,
    last_status: Option<String>,
    last_error: Option<String>,
    last_error_at: Option<String>,
    last_instance: Option<String>,
    next_run_at: String,
    running_on: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RunRow {
    id: i64,
    job: String,
    instance: String,
    started_at: String,
    duration_ms: i64,
    items: i64,
    status: String,
    error: Option<String>,
}

/// Every job with its totals and last run, and the latest 100 logged runs.
pub async fn jobs_page(db: &Db, now: crate::db::Ts) -> Result<JobsPage, AppError> {
    let jobs: Vec<JobRow> = db
        .all(
            "SELECT name, every_ms, runs, failures, CAST(last_started_at AS TEXT) AS last_started_at,
                    last_duration_ms, last_items, last_status, last_error,
                    CAST(last_error_at AS TEXT) AS last_error_at, last_instance,
                    CAST(next_run_at AS TEXT) AS next_run_at,
                    CASE WHEN lease_until > $1 THEN leased_by END AS running_on
               FROM jobs ORDER BY name",
            args![now],
        )
        .await
        .map_err(db_err)?;
    let runs: Vec<RunRow> = db
        .all(
            "SELECT id, job, instance, CAST(started_at AS TEXT) AS started_at, duration_ms, items,
                    status, error
               FROM job_runs ORDER BY id DESC LIMIT 100",
            args![],
        )
        .await
        .map_err(db_err)?;
    Ok(JobsPage {
        jobs: jobs
            .into_iter()
            .map(|j| JobView {
                name: j.name,
                every_secs: j.every_ms / 1000,
                runs: j.runs,
                failures: j.failures,
                last_started_at: j.last_started_at,
                last_duration_ms: j.last_duration_ms,
                last_items: j.last_items,
                last_status: j.last_status,
                last_error: j.last_error,
                last_error_at: j.last_error_at,
                last_instance: j.last_instance,
                next_run_at: j.next_run_at,
                running_on: j.running_on,
            })
            .collect(),
        runs: runs
            .into_iter()
            .map(|r| JobRunView {
                id: r.id,
                job: r.job,
                instance: r.instance,
                started_at: r.started_at,
                duration_ms: r.duration_ms,
                items: r.items,
                status: r.status,
                error: r.error,
            })
            .collect(),
    })
}
