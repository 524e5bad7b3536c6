-- Listing summary: product counts per (category node, brand, stock, price band), rolled up to
-- every ancestor category and to node 0 (the whole catalogue), and per attribute value. Broad
-- listings (the whole catalogue, a department) read their facet counts and totals from here
-- instead of counting hundreds of thousands of rows per request.
--
-- The tables are rebuilt by the app (`app::catalog::refresh_listing_summary`, a background job)
-- and are only used while they are exact: every write that can change a count bumps
-- `catalog_summary_state.version`, and the app reads the summary only when
-- `built_version = version`. SQLite has one writer at a time, so a counter row costs nothing.
-- (PostgreSQL records the writing transaction ids instead; see the postgres migration.)

CREATE TABLE catalog_summary_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL DEFAULT 0,
    built_version BIGINT NOT NULL DEFAULT -1
);
INSERT INTO catalog_summary_state (id) VALUES (1);

-- node_id: a category id, or 0 for the whole catalogue. brand_id: 0 for no brand.
-- band: index into app::listing::PRICE_BUCKETS of price_min_amount.
CREATE TABLE listing_summary (
    node_id BIGINT NOT NULL,
    brand_id BIGINT NOT NULL,
    in_stock BOOLEAN NOT NULL,
    band SMALLINT NOT NULL,
    products BIGINT NOT NULL,
    PRIMARY KEY (node_id, brand_id, in_stock, band)
) WITHOUT ROWID;

CREATE TABLE listing_attr_summary (
    node_id BIGINT NOT NULL,
    in_stock BOOLEAN NOT NULL,
    band SMALLINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    products BIGINT NOT NULL,
    PRIMARY KEY (node_id, in_stock, band, name, value)
) WITHOUT ROWID;

CREATE TRIGGER trg_products_summary_ai AFTER INSERT ON products
WHEN NEW.is_active = TRUE AND NEW.price_min_amount IS NOT NULL
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_products_summary_ad AFTER DELETE ON products
WHEN OLD.is_active = TRUE AND OLD.price_min_amount IS NOT NULL
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_products_summary_au
AFTER UPDATE OF is_active, price_min_amount, category_id, brand_id, in_stock ON products
WHEN OLD.is_active IS NOT NEW.is_active OR OLD.price_min_amount IS NOT NEW.price_min_amount
  OR OLD.category_id IS NOT NEW.category_id OR OLD.brand_id IS NOT NEW.brand_id
  OR OLD.in_stock IS NOT NEW.in_stock
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_product_facets_summary_ai AFTER INSERT ON product_facets
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_product_facets_summary_ad AFTER DELETE ON product_facets
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_categories_summary_ai AFTER INSERT ON categories
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_categories_summary_ad AFTER DELETE ON categories
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER trg_categories_summary_au AFTER UPDATE OF parent_id, is_active ON categories
WHEN OLD.parent_id IS NOT NEW.parent_id OR OLD.is_active IS NOT NEW.is_active
BEGIN
    UPDATE catalog_summary_state SET version = version + 1 WHERE id = 1;
END;

-- Covering listing indexes: the live facet counts (search results, attribute filters, custom
-- price ranges) then read only the index, never the wide product rows.
DROP INDEX idx_products_listing_category_price;
CREATE INDEX idx_products_listing_category_price
    ON products (is_active, category_id, price_min_amount, id, brand_id, in_stock);
DROP INDEX idx_products_listing_price;
CREATE INDEX idx_products_listing_price
    ON products (is_active, price_min_amount, id, brand_id, in_stock, category_id);
DROP INDEX idx_products_brand_active;
CREATE INDEX idx_products_brand_active
    ON products (brand_id, is_active, category_id, price_min_amount, in_stock);
