-- Back office, catalogue half and settings (issue 6). SQLite twin of migrations/postgres/0007_catalog_admin.sql.

-- When the low-stock mail for the variant's current dip went out (NULL: armed; cleared when
-- available is back above the threshold).
ALTER TABLE inventory ADD COLUMN low_stock_alerted_at TEXT;
CREATE INDEX idx_inventory_low_stock_alerted_at ON inventory (low_stock_alerted_at)
    WHERE low_stock_alerted_at IS NOT NULL;


-- Settings staff change in the back office (key → JSON value), laid over the environment's.
CREATE TABLE store_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
