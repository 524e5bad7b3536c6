-- Back office (issue 6): refunds by line, staff notes on orders.

-- How many units of each line have been refunded (partial refunds by line never refund a
-- unit twice).
ALTER TABLE order_items ADD COLUMN quantity_refunded INTEGER NOT NULL DEFAULT 0 CHECK (quantity_refunded >= 0);

-- Which lines a refund was for: [{"order_item_id": 1, "quantity": 2}] (empty: by amount).
ALTER TABLE refunds ADD COLUMN lines TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lines));

-- Internal notes staff add to an order (never shown to the shopper).
CREATE TABLE order_notes (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    author_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    author TEXT NOT NULL,
    body TEXT NOT NULL CHECK (length(body) > 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_order_notes_order_id ON order_notes (order_id, created_at);

