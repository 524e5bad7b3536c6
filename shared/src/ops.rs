//! What the back office's Outbox and Jobs pages show (built on the server, shipped to the
//! browser).

use serde::{Deserialize, Serialize};

/// One queued or sent mail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i64,
    /// e.g. `order.confirmed`, `cart.reminder`.
    pub topic: String,
    pub template: Option<String>,
    pub to: Option<String>,
    /// The subject it went out with (sent mails only).
    pub subject: Option<String>,
    /// PENDING, PROCESSING, DONE or FAILED.
    pub status: String,
    pub attempts: i64,
    pub created_at: String,
    pub done_at: Option<String>,
    /// Why the last attempt failed (or why it was skipped).
    pub last_error: Option<String>,
}

/// A page of `/admin/outbox`, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxPage {
    pub rows: Vec<OutboxRow>,
    /// `?before=` of the next (older) page.
    pub next_before: Option<i64>,
    /// Mails per status, over the whole outbox.
    pub counts: Vec<(String, i64)>,
    /// Where mail goes: "SMTP (smtp.example.com)" or "file mailbox (data/mail)".
    pub transport: String,
}

/// One mail as it was sent (or, not sent yet, as it would be); secret links blanked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub row: OutboxRow,
    pub from: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// False: rendered now for the preview (the mail has not gone out).
    pub sent: bool,
}

/// A background job and its last run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub name: String,
    pub every_secs: i64,
    pub runs: i64,
    pub failures: i64,
    pub last_started_at: Option<String>,
    pub last_duration_ms: Option<i64>,
    pub last_items: Option<i64>,
    /// OK or FAILED.
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// Which instance ran it last.
    pub last_instance: Option<String>,
    pub next_run_at: String,
    /// The instance running it right now.
    pub running_on: Option<String>,
}

/// A logged run: one that did something or failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRunView {
    pub id: i64,
    pub job: String,
    pub instance: String,
    pub started_at: String,
    pub duration_ms: i64,
    pub items: i64,
    pub status: String,
    pub error: Option<String>,
}

/// `/admin/jobs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobsPage {
    pub jobs: Vec<JobView>,
    /// The latest logged runs (failures first among the newest).
    pub runs: Vec<JobRunView>,
}
