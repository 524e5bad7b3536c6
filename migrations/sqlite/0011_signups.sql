-- Issue 19.10: registration by emailed link. A sign-up waits here (with its password already
-- hashed) until the link mailed to the address is used; only then does `users` get a row. An
-- address that already has an account gets a "you already have an account" mail instead, so
-- the answer to the form never tells whether an email is registered. Only a hash of the token
-- is kept. Twin of migrations/postgres/0011_signups.sql.
CREATE TABLE account_signups (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL CHECK (email = lower(email)),
    password_hash TEXT NOT NULL,
    first_name TEXT,
    last_name TEXT,
    next_path TEXT NOT NULL DEFAULT '/account',
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_account_signups_email ON account_signups (email);
CREATE INDEX idx_account_signups_expires_at ON account_signups (expires_at);
