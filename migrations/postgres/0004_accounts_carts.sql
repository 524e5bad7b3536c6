-- Accounts and carts (issue 4). PostgreSQL twin of the SQLite migration.
--
-- users.session_version: stored in every signed-in session; bumping it (password change or
-- reset, privilege change) signs out every other session of that user on every app instance.
ALTER TABLE users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0;

-- One open (ACTIVE or ABANDONED) cart per signed-in shopper; guests' carts have no user.
CREATE UNIQUE INDEX uq_carts_open_user ON carts (user_id)
    WHERE user_id IS NOT NULL AND status IN ('ACTIVE', 'ABANDONED');

-- Login throttling counts failures per key inside a window.
CREATE INDEX idx_login_attempts_key_failed ON login_attempts (throttle_key, succeeded, attempted_at);

-- Newest wishlist entries first.
CREATE INDEX idx_wishlist_items_user_created ON wishlist_items (user_id, created_at);
