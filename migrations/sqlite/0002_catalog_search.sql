-- Catalogue listing and search, SQLite flavour (twin: migrations/postgres/0002_catalog_search.sql).
--
-- Adds denormalised listing columns to `products`, a `product_facets` table and full-text search
-- (`product_fts`, plus `product_trgm` for typo fallback). Triggers keep all of it in step with
-- every write to products, product_variants, inventory, product_images and brands, so no writer
-- needs app code for it. The block at the end of this file rebuilds everything from scratch. A
-- bulk loader can re-run it after loading (it is idempotent).
--
-- Needs SQLite >= 3.34 (FTS5 trigram tokenizer); sqlx 0.8 bundles 3.46.
--
-- How the app should query (same SQL on both engines unless noted):
--   * Filter with `is_active = TRUE`, not bare `is_active`. SQLite only uses the listing indexes
--     for an equality test.
--   * Break every sort's ties on id, in the same direction as the sort, e.g.
--     ORDER BY price_min_amount, id  /  ORDER BY sales_count DESC, id DESC.
--     The indexes are ascending; SQLite and PostgreSQL scan them backwards for DESC, DESC.
--   * Add `price_min_amount IS NOT NULL` to listings. A product with no active variant cannot be
--     bought, and the engines sort NULLs differently (SQLite puts them first, PostgreSQL last).
--   * Full-text: WHERE product_fts MATCH $1 (no table alias: FTS5 needs the table's own name
--     on the left of MATCH). Build $1 in the app: split the user's text on whitespace and keep
--     each word's alphanumeric runs (drop words with none). A word becomes the prefix phrase
--     "run run last"*; join the words with spaces (AND). For example, 'Café NW-MCT' becomes
--     '"Café"* "NW MCT"*'. Only letters, digits, spaces, quotes and * reach MATCH, so no user
--     input can cause a syntax error.

-- ---------------------------------------------------------------------------
-- A. Denormalised listing columns
-- ---------------------------------------------------------------------------

-- MIN / MAX(price_amount) over the product's active variants (NULL if none).
ALTER TABLE products ADD COLUMN price_min_amount BIGINT;
ALTER TABLE products ADD COLUMN price_max_amount BIGINT;
-- compare_at_amount of the cheapest active variant (ties: position, id); NULL unless > its price.
ALTER TABLE products ADD COLUMN compare_at_amount BIGINT;
-- Currency of the cheapest active variant (NULL if none).
ALTER TABLE products ADD COLUMN currency TEXT;
-- TRUE iff an active variant has track_inventory = FALSE or on_hand - reserved > 0.
ALTER TABLE products ADD COLUMN in_stock BOOLEAN NOT NULL DEFAULT FALSE;
-- url of the first product image (ORDER BY position, id).
ALTER TABLE products ADD COLUMN image_url TEXT;
-- lower(name). SQLite has no unaccent; typo search uses product_trgm instead.
ALTER TABLE products ADD COLUMN search_name TEXT;

-- Keyset listing indexes: (is_active, [category_id,] sort key, id).
CREATE INDEX idx_products_listing_category_price ON products (is_active, category_id, price_min_amount, id);
CREATE INDEX idx_products_listing_category_created ON products (is_active, category_id, created_at, id);
CREATE INDEX idx_products_listing_category_sales ON products (is_active, category_id, sales_count, id);
CREATE INDEX idx_products_listing_category_name ON products (is_active, category_id, name, id);
CREATE INDEX idx_products_listing_price ON products (is_active, price_min_amount, id);
CREATE INDEX idx_products_listing_created ON products (is_active, created_at, id);
CREATE INDEX idx_products_listing_sales ON products (is_active, sales_count, id);
CREATE INDEX idx_products_listing_name ON products (is_active, name, id);
CREATE INDEX idx_products_brand_active ON products (brand_id, is_active);

-- ---------------------------------------------------------------------------
-- B. Facets: distinct (key, value) pairs of the active variants' `attributes`.
-- String, integer and boolean values are kept (booleans as 'true' / 'false'); nulls, nested values
-- and non-integer numbers are skipped, so both engines hold the same rows.
-- ---------------------------------------------------------------------------

CREATE TABLE product_facets (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (product_id, name, value)
) WITHOUT ROWID;
CREATE INDEX idx_product_facets_name_value ON product_facets (name, value, product_id);

-- ---------------------------------------------------------------------------
-- C. Full-text search (rowid = products.id; active products only)
-- ---------------------------------------------------------------------------

-- Rank with bm25(product_fts, 10.0, 4.0, 4.0, 1.0), i.e. name A, brand B, skus B, description C.
CREATE VIRTUAL TABLE product_fts USING fts5(
    name, brand, skus, description,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
-- Typo fallback: lower(name) || ' ' || lower(brand name), one token per 3 characters.
CREATE VIRTUAL TABLE product_trgm USING fts5(name, tokenize = 'trigram');

-- What the triggers and the rebuild block write into product_fts / product_trgm. It is a plain
-- view: the filters on id, brand_id and is_active reach the products table.
CREATE VIEW product_search_documents AS
SELECT p.id,
       p.brand_id,
       p.is_active,
       p.name,
       coalesce(b.name, '') AS brand,
       trim(coalesce(p.sku, '') || ' ' ||
            coalesce((SELECT group_concat(v.sku, ' ') FROM product_variants v WHERE v.product_id = p.id), '')) AS skus,
       p.description,
       trim(lower(p.name) || ' ' || lower(coalesce(b.name, ''))) AS trgm
  FROM products p
  LEFT JOIN brands b ON b.id = p.brand_id;

-- ---------------------------------------------------------------------------
-- Triggers: products
-- ---------------------------------------------------------------------------

CREATE TRIGGER trg_products_search_ai AFTER INSERT ON products
BEGIN
    UPDATE products SET search_name = lower(NEW.name) WHERE id = NEW.id;
    -- The DELETEs make INSERT OR REPLACE safe. Its implicit delete does not fire triggers.
    DELETE FROM product_fts WHERE rowid = NEW.id;
    DELETE FROM product_trgm WHERE rowid = NEW.id;
    INSERT INTO product_fts (rowid, name, brand, skus, description)
        SELECT id, name, brand, skus, description FROM product_search_documents
         WHERE id = NEW.id AND is_active = TRUE;
    INSERT INTO product_trgm (rowid, name)
        SELECT id, trgm FROM product_search_documents WHERE id = NEW.id AND is_active = TRUE;
END;

CREATE TRIGGER trg_products_search_au AFTER UPDATE OF name, description, sku, brand_id, is_active ON products
WHEN NEW.name IS NOT OLD.name OR NEW.description IS NOT OLD.description OR NEW.sku IS NOT OLD.sku
  OR NEW.brand_id IS NOT OLD.brand_id OR NEW.is_active IS NOT OLD.is_active
BEGIN
    UPDATE products SET search_name = lower(NEW.name) WHERE id = NEW.id AND NEW.name IS NOT OLD.name;
    DELETE FROM product_fts WHERE rowid = NEW.id;
    DELETE FROM product_trgm WHERE rowid = NEW.id;
    INSERT INTO product_fts (rowid, name, brand, skus, description)
        SELECT id, name, brand, skus, description FROM product_search_documents
         WHERE id = NEW.id AND is_active = TRUE;
    INSERT INTO product_trgm (rowid, name)
        SELECT id, trgm FROM product_search_documents WHERE id = NEW.id AND is_active = TRUE;
END;

CREATE TRIGGER trg_products_search_ad AFTER DELETE ON products
BEGIN
    DELETE FROM product_fts WHERE rowid = OLD.id;
    DELETE FROM product_trgm WHERE rowid = OLD.id;
END;

-- ---------------------------------------------------------------------------
-- Triggers: product_variants -> price / compare-at / currency / in_stock, facets, sku search
-- (The summary UPDATE is repeated in each trigger because SQLite has no procedures. Keep the
--  copies identical, including the one in the rebuild block.)
-- ---------------------------------------------------------------------------

CREATE TRIGGER trg_product_variants_catalog_ai AFTER INSERT ON product_variants
BEGIN
    UPDATE products SET
        (price_min_amount, price_max_amount) =
            (SELECT min(v.price_amount), max(v.price_amount) FROM product_variants v
              WHERE v.product_id = products.id AND v.is_active = TRUE),
        (compare_at_amount, currency) =
            (SELECT CASE WHEN v.compare_at_amount > v.price_amount THEN v.compare_at_amount END, v.currency
               FROM product_variants v WHERE v.product_id = products.id AND v.is_active = TRUE
              ORDER BY v.price_amount, v.position, v.id LIMIT 1),
        in_stock = EXISTS (SELECT 1 FROM product_variants v
                            WHERE v.product_id = products.id AND v.is_active = TRUE
                              AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                    WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0)))
     WHERE id = NEW.product_id;
    -- A new variant can only add facets.
    INSERT OR IGNORE INTO product_facets (product_id, name, value)
        SELECT NEW.product_id, j.key,
               CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END
          FROM json_each(CASE WHEN json_type(NEW.attributes) = 'object' THEN NEW.attributes ELSE '{}' END) j
         WHERE NEW.is_active = TRUE AND j.type IN ('text', 'integer', 'true', 'false');
    DELETE FROM product_fts WHERE rowid = NEW.product_id;
    INSERT INTO product_fts (rowid, name, brand, skus, description)
        SELECT id, name, brand, skus, description FROM product_search_documents
         WHERE id = NEW.product_id AND is_active = TRUE;
END;

CREATE TRIGGER trg_product_variants_catalog_ad AFTER DELETE ON product_variants
BEGIN
    UPDATE products SET
        (price_min_amount, price_max_amount) =
            (SELECT min(v.price_amount), max(v.price_amount) FROM product_variants v
              WHERE v.product_id = products.id AND v.is_active = TRUE),
        (compare_at_amount, currency) =
            (SELECT CASE WHEN v.compare_at_amount > v.price_amount THEN v.compare_at_amount END, v.currency
               FROM product_variants v WHERE v.product_id = products.id AND v.is_active = TRUE
              ORDER BY v.price_amount, v.position, v.id LIMIT 1),
        in_stock = EXISTS (SELECT 1 FROM product_variants v
                            WHERE v.product_id = products.id AND v.is_active = TRUE
                              AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                    WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0)))
     WHERE id = OLD.product_id;
    DELETE FROM product_facets WHERE product_id = OLD.product_id;
    -- The join with products keeps a cascading product delete from re-inserting facet rows.
    INSERT OR IGNORE INTO product_facets (product_id, name, value)
        SELECT v.product_id, j.key,
               CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END
          FROM products p
          JOIN product_variants v ON v.product_id = p.id
          JOIN json_each(CASE WHEN json_type(v.attributes) = 'object' THEN v.attributes ELSE '{}' END) j
         WHERE p.id = OLD.product_id AND v.is_active = TRUE AND j.type IN ('text', 'integer', 'true', 'false');
    DELETE FROM product_fts WHERE rowid = OLD.product_id;
    INSERT INTO product_fts (rowid, name, brand, skus, description)
        SELECT id, name, brand, skus, description FROM product_search_documents
         WHERE id = OLD.product_id AND is_active = TRUE;
END;

-- One UPDATE trigger. Each statement runs only when the columns it depends on changed.
-- It refreshes both the old and the new product when product_id changes.
CREATE TRIGGER trg_product_variants_catalog_au AFTER UPDATE OF
    price_amount, compare_at_amount, currency, is_active, track_inventory, position, product_id, attributes, sku
    ON product_variants
BEGIN
    UPDATE products SET
        (price_min_amount, price_max_amount) =
            (SELECT min(v.price_amount), max(v.price_amount) FROM product_variants v
              WHERE v.product_id = products.id AND v.is_active = TRUE),
        (compare_at_amount, currency) =
            (SELECT CASE WHEN v.compare_at_amount > v.price_amount THEN v.compare_at_amount END, v.currency
               FROM product_variants v WHERE v.product_id = products.id AND v.is_active = TRUE
              ORDER BY v.price_amount, v.position, v.id LIMIT 1),
        in_stock = EXISTS (SELECT 1 FROM product_variants v
                            WHERE v.product_id = products.id AND v.is_active = TRUE
                              AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                    WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0)))
     WHERE id IN (OLD.product_id, NEW.product_id)
       AND (NEW.price_amount IS NOT OLD.price_amount OR NEW.compare_at_amount IS NOT OLD.compare_at_amount
            OR NEW.currency IS NOT OLD.currency OR NEW.is_active IS NOT OLD.is_active
            OR NEW.track_inventory IS NOT OLD.track_inventory OR NEW.position IS NOT OLD.position
            OR NEW.product_id IS NOT OLD.product_id);

    DELETE FROM product_facets
     WHERE product_id IN (OLD.product_id, NEW.product_id)
       AND (NEW.attributes IS NOT OLD.attributes OR NEW.is_active IS NOT OLD.is_active
            OR NEW.product_id IS NOT OLD.product_id);
    INSERT OR IGNORE INTO product_facets (product_id, name, value)
        SELECT v.product_id, j.key,
               CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END
          FROM products p
          JOIN product_variants v ON v.product_id = p.id
          JOIN json_each(CASE WHEN json_type(v.attributes) = 'object' THEN v.attributes ELSE '{}' END) j
         WHERE p.id IN (OLD.product_id, NEW.product_id) AND v.is_active = TRUE
           AND j.type IN ('text', 'integer', 'true', 'false')
           AND (NEW.attributes IS NOT OLD.attributes OR NEW.is_active IS NOT OLD.is_active
                OR NEW.product_id IS NOT OLD.product_id);

    DELETE FROM product_fts
     WHERE rowid IN (OLD.product_id, NEW.product_id)
       AND (NEW.sku IS NOT OLD.sku OR NEW.product_id IS NOT OLD.product_id);
    INSERT INTO product_fts (rowid, name, brand, skus, description)
        SELECT id, name, brand, skus, description FROM product_search_documents
         WHERE id IN (OLD.product_id, NEW.product_id) AND is_active = TRUE
           AND (NEW.sku IS NOT OLD.sku OR NEW.product_id IS NOT OLD.product_id);
END;

-- ---------------------------------------------------------------------------
-- Triggers: inventory -> products.in_stock
-- These run on every reservation, so they do little. The WHEN clause skips the trigger unless
-- the row's availability (on_hand - reserved > 0) flips. The UPDATE writes only if in_stock
-- actually changes, so it can just negate the column.
-- ---------------------------------------------------------------------------

CREATE TRIGGER trg_inventory_in_stock_ai AFTER INSERT ON inventory
WHEN NEW.on_hand - NEW.reserved > 0
BEGIN
    UPDATE products SET in_stock = NOT in_stock
     WHERE id = (SELECT product_id FROM product_variants WHERE id = NEW.variant_id)
       AND in_stock <> EXISTS (SELECT 1 FROM product_variants v
                                WHERE v.product_id = products.id AND v.is_active = TRUE
                                  AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                        WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0)));
END;

CREATE TRIGGER trg_inventory_in_stock_ad AFTER DELETE ON inventory
WHEN OLD.on_hand - OLD.reserved > 0
BEGIN
    UPDATE products SET in_stock = NOT in_stock
     WHERE id = (SELECT product_id FROM product_variants WHERE id = OLD.variant_id)
       AND in_stock <> EXISTS (SELECT 1 FROM product_variants v
                                WHERE v.product_id = products.id AND v.is_active = TRUE
                                  AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                        WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0)));
END;

CREATE TRIGGER trg_inventory_in_stock_au AFTER UPDATE OF on_hand, reserved, variant_id ON inventory
WHEN (OLD.on_hand - OLD.reserved > 0) <> (NEW.on_hand - NEW.reserved > 0) OR OLD.variant_id <> NEW.variant_id
BEGIN
    UPDATE products SET in_stock = NOT in_stock
     WHERE id IN (SELECT product_id FROM product_variants WHERE id IN (OLD.variant_id, NEW.variant_id))
       AND in_stock <> EXISTS (SELECT 1 FROM product_variants v
                                WHERE v.product_id = products.id AND v.is_active = TRUE
                                  AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                        WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0)));
END;

-- ---------------------------------------------------------------------------
-- Triggers: product_images -> products.image_url
-- ---------------------------------------------------------------------------

CREATE TRIGGER trg_product_images_image_url_ai AFTER INSERT ON product_images
BEGIN
    UPDATE products SET image_url = (SELECT i.url FROM product_images i WHERE i.product_id = products.id
                                      ORDER BY i.position, i.id LIMIT 1)
     WHERE id = NEW.product_id;
END;

CREATE TRIGGER trg_product_images_image_url_ad AFTER DELETE ON product_images
BEGIN
    UPDATE products SET image_url = (SELECT i.url FROM product_images i WHERE i.product_id = products.id
                                      ORDER BY i.position, i.id LIMIT 1)
     WHERE id = OLD.product_id;
END;

CREATE TRIGGER trg_product_images_image_url_au AFTER UPDATE OF product_id, url, position ON product_images
BEGIN
    UPDATE products SET image_url = (SELECT i.url FROM product_images i WHERE i.product_id = products.id
                                      ORDER BY i.position, i.id LIMIT 1)
     WHERE id IN (OLD.product_id, NEW.product_id);
END;

-- ---------------------------------------------------------------------------
-- Triggers: brands -> re-index that brand's products
-- (Deleting a brand sets products.brand_id to NULL. trg_products_search_au handles that.)
-- ---------------------------------------------------------------------------

CREATE TRIGGER trg_brands_search_au AFTER UPDATE OF name ON brands
WHEN NEW.name IS NOT OLD.name
BEGIN
    DELETE FROM product_fts WHERE rowid IN (SELECT id FROM products WHERE brand_id = NEW.id);
    DELETE FROM product_trgm WHERE rowid IN (SELECT id FROM products WHERE brand_id = NEW.id);
    INSERT INTO product_fts (rowid, name, brand, skus, description)
        SELECT id, name, brand, skus, description FROM product_search_documents
         WHERE brand_id = NEW.id AND is_active = TRUE;
    INSERT INTO product_trgm (rowid, name)
        SELECT id, trgm FROM product_search_documents WHERE brand_id = NEW.id AND is_active = TRUE;
END;

-- ===========================================================================
-- REBUILD / BACKFILL: recomputes every derived column and table from the base tables.
-- Idempotent. It runs here once for existing rows. A bulk generator can re-run these statements
-- unchanged after loading. SQLite cannot disable triggers, so they fire during the load as well.
-- ===========================================================================

UPDATE products SET
    search_name = lower(name),
    (price_min_amount, price_max_amount) =
        (SELECT min(v.price_amount), max(v.price_amount) FROM product_variants v
          WHERE v.product_id = products.id AND v.is_active = TRUE),
    (compare_at_amount, currency) =
        (SELECT CASE WHEN v.compare_at_amount > v.price_amount THEN v.compare_at_amount END, v.currency
           FROM product_variants v WHERE v.product_id = products.id AND v.is_active = TRUE
          ORDER BY v.price_amount, v.position, v.id LIMIT 1),
    in_stock = EXISTS (SELECT 1 FROM product_variants v
                        WHERE v.product_id = products.id AND v.is_active = TRUE
                          AND (v.track_inventory = FALSE OR EXISTS (SELECT 1 FROM inventory i
                                WHERE i.variant_id = v.id AND i.on_hand - i.reserved > 0))),
    image_url = (SELECT i.url FROM product_images i WHERE i.product_id = products.id
                  ORDER BY i.position, i.id LIMIT 1);

DELETE FROM product_facets;
INSERT OR IGNORE INTO product_facets (product_id, name, value)
    SELECT v.product_id, j.key,
           CASE j.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(j.value AS TEXT) END
      FROM product_variants v
      JOIN json_each(CASE WHEN json_type(v.attributes) = 'object' THEN v.attributes ELSE '{}' END) j
     WHERE v.is_active = TRUE AND j.type IN ('text', 'integer', 'true', 'false');

DELETE FROM product_fts;
INSERT INTO product_fts (rowid, name, brand, skus, description)
    SELECT id, name, brand, skus, description FROM product_search_documents WHERE is_active = TRUE;

DELETE FROM product_trgm;
INSERT INTO product_trgm (rowid, name)
    SELECT id, trgm FROM product_search_documents WHERE is_active = TRUE;

-- Optional after a large load (not part of the migration): INSERT INTO product_fts(product_fts)
-- VALUES ('optimize'); and the same for product_trgm; then ANALYZE (or PRAGMA optimize).
-- ===========================================================================
