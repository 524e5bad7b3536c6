-- Listing summary: product counts per (category node, brand, stock, price band), rolled up to
-- every ancestor category and to node 0 (the whole catalogue), and per attribute value. Broad
-- listings (the whole catalogue, a department) read their facet counts and totals from here
-- instead of counting hundreds of thousands of rows per request.
--
-- The tables are rebuilt by the app (`app::catalog::refresh_listing_summary`, a background job)
-- and are only used while they are exact: every transaction that changes a count records its
-- transaction id in `catalog_summary_dirty` (an insert, so concurrent writers never wait on each
-- other or deadlock), and the app reads the summary only when that table is empty. A rebuild
-- deletes exactly the ids it saw before counting, so a change committed meanwhile keeps its
-- row and the summary stays unused until the next rebuild.

CREATE TABLE catalog_summary_state (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    built BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO catalog_summary_state (id) VALUES (1);

CREATE TABLE catalog_summary_dirty (
    txid BIGINT PRIMARY KEY
);

-- node_id: a category id, or 0 for the whole catalogue. brand_id: 0 for no brand.
-- band: index into app::listing::PRICE_BUCKETS of price_min_amount.
CREATE TABLE listing_summary (
    node_id BIGINT NOT NULL,
    brand_id BIGINT NOT NULL,
    in_stock BOOLEAN NOT NULL,
    band SMALLINT NOT NULL,
    products BIGINT NOT NULL,
    PRIMARY KEY (node_id, brand_id, in_stock, band)
);

CREATE TABLE listing_attr_summary (
    node_id BIGINT NOT NULL,
    in_stock BOOLEAN NOT NULL,
    band SMALLINT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    products BIGINT NOT NULL,
    PRIMARY KEY (node_id, in_stock, band, name, value)
);

CREATE FUNCTION catalog_summary_dirty_trg() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalog_summary_dirty (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_products_summary_ai AFTER INSERT ON products
    FOR EACH ROW WHEN (NEW.is_active AND NEW.price_min_amount IS NOT NULL)
    EXECUTE FUNCTION catalog_summary_dirty_trg();
CREATE TRIGGER trg_products_summary_ad AFTER DELETE ON products
    FOR EACH ROW WHEN (OLD.is_active AND OLD.price_min_amount IS NOT NULL)
    EXECUTE FUNCTION catalog_summary_dirty_trg();
CREATE TRIGGER trg_products_summary_au
    AFTER UPDATE OF is_active, price_min_amount, category_id, brand_id, in_stock ON products
    FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active
                       OR OLD.price_min_amount IS DISTINCT FROM NEW.price_min_amount
                       OR OLD.category_id IS DISTINCT FROM NEW.category_id
                       OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
                       OR OLD.in_stock IS DISTINCT FROM NEW.in_stock)
    EXECUTE FUNCTION catalog_summary_dirty_trg();
CREATE TRIGGER trg_product_facets_summary AFTER INSERT OR DELETE OR UPDATE ON product_facets
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_summary_dirty_trg();
CREATE TRIGGER trg_categories_summary AFTER INSERT OR DELETE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_summary_dirty_trg();
CREATE TRIGGER trg_categories_summary_au AFTER UPDATE OF parent_id, is_active ON categories
    FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id
                       OR OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION catalog_summary_dirty_trg();

-- Covering listing indexes: the live facet counts (search results, attribute filters, custom
-- price ranges) can then use index-only scans.
DROP INDEX idx_products_listing_category_price;
CREATE INDEX idx_products_listing_category_price
    ON products (is_active, category_id, price_min_amount, id) INCLUDE (brand_id, in_stock);
DROP INDEX idx_products_listing_price;
CREATE INDEX idx_products_listing_price
    ON products (is_active, price_min_amount, id) INCLUDE (brand_id, in_stock, category_id);
DROP INDEX idx_products_brand_active;
CREATE INDEX idx_products_brand_active
    ON products (brand_id, is_active) INCLUDE (category_id, price_min_amount, in_stock);
