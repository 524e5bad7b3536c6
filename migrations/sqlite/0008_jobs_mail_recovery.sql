-- Background jobs, mail delivery and abandoned-cart recovery (issue 7). SQLite twin of
-- migrations/postgres/0008_jobs_mail_recovery.sql.

-- One row per periodic job. An instance runs a job only after claiming its lease
-- (`lease_until`), and only when `next_run_at` has come, so with several instances on one
-- database each run happens once. Totals and the last run are kept here; runs that did work
-- or failed are also logged in `job_runs`.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY,
    every_ms BIGINT NOT NULL CHECK (every_ms > 0),
    next_run_at TEXT NOT NULL,
    leased_by TEXT,
    lease_until TEXT,
    runs BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    last_started_at TEXT,
    last_finished_at TEXT,
    last_duration_ms BIGINT,
    last_items BIGINT,
    last_status TEXT CHECK (last_status IS NULL OR last_status IN ('OK', 'FAILED')),
    last_error TEXT,
    last_error_at TEXT,
    last_instance TEXT
);

CREATE TABLE job_runs (
    id INTEGER PRIMARY KEY,
    job TEXT NOT NULL,
    instance TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    items BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('OK', 'FAILED')),
    error TEXT
);
CREATE INDEX idx_job_runs_started_at ON job_runs (started_at);
CREATE INDEX idx_job_runs_job_started_at ON job_runs (job, started_at);

-- A redelivered outbox row (the sender died between sending and marking it sent) is logged once.
DROP INDEX idx_emails_sent_outbox_id;
CREATE UNIQUE INDEX idx_emails_sent_outbox_id ON emails_sent (outbox_id);
CREATE INDEX idx_outbox_created_at ON outbox (created_at);

-- Abandoned-cart reminders: one row per mail (step 1, 2, 3). Its token (only the hash is kept)
-- opens the restore and unsubscribe links.
CREATE TABLE cart_recovery_emails (
    id INTEGER PRIMARY KEY,
    cart_id BIGINT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 3),
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    sent_at TEXT NOT NULL,
    restored_at TEXT,
    UNIQUE (cart_id, step)
);
CREATE INDEX idx_cart_recovery_emails_sent_at ON cart_recovery_emails (sent_at);
CREATE INDEX idx_carts_recovered_at ON carts (recovered_at) WHERE recovered_at IS NOT NULL;
CREATE INDEX idx_carts_abandoned_at ON carts (abandoned_at) WHERE abandoned_at IS NOT NULL;

-- Addresses that asked for no more reminder mails (order and account mails still go out).
CREATE TABLE email_unsubscribes (
    email TEXT PRIMARY KEY CHECK (email = lower(email)),
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
);
