-- Catalogue listing and search, PostgreSQL flavour (twin: migrations/sqlite/0002_catalog_search.sql).
--
-- Adds denormalised listing columns to `products`, a `product_facets` table and full-text search
-- (`products.search_vector`, plus a trigram index on `products.search_name` for typo fallback).
-- Triggers keep all of it in step with every write to products, product_variants, inventory,
-- product_images and brands, so no writer needs app code for it. The block at the end of this
-- file rebuilds everything from scratch. A bulk loader can re-run it after loading with the user
-- triggers disabled (it is idempotent).
--
-- How the app should query (same SQL on both engines unless noted):
--   * Filter with `is_active = TRUE` and break every sort's ties on id, in the same direction as
--     the sort. Add `price_min_amount IS NOT NULL` to listings. See the SQLite twin for details.
--   * Full-text: WHERE search_vector @@ to_tsquery('shop_search', $1). Build $1 in the app:
--     split the user's text on whitespace and keep each word's alphanumeric runs (drop words
--     with none). A word becomes run <-> run <-> last:*; join the words with ' & '. For example,
--     'Café NW-MCT' becomes 'Café:* & NW <-> MCT:*'. Only letters, digits and our own operators
--     reach to_tsquery, so no user input can cause a syntax error.
--   * Typo fallback: WHERE lower(unaccent($1)) <% search_name (pg_trgm word similarity,
--     served by idx_products_search_name_trgm).

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Like 'simple' (lower-case, no stemming, no stop words, the same as SQLite's unicode61), but
-- accent-insensitive. ASCII token types need no unaccent.
CREATE TEXT SEARCH CONFIGURATION shop_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION shop_search
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;

-- ---------------------------------------------------------------------------
-- A. Denormalised listing columns
-- ---------------------------------------------------------------------------

ALTER TABLE products
    -- MIN / MAX(price_amount) over the product's active variants (NULL if none).
    ADD COLUMN price_min_amount BIGINT,
    ADD COLUMN price_max_amount BIGINT,
    -- compare_at_amount of the cheapest active variant (ties: position, id); NULL unless > its price.
    ADD COLUMN compare_at_amount BIGINT,
    -- Currency of the cheapest active variant (NULL if none).
    ADD COLUMN currency CHAR(3),
    -- TRUE iff an active variant has track_inventory = FALSE or on_hand - reserved > 0.
    ADD COLUMN in_stock BOOLEAN NOT NULL DEFAULT FALSE,
    -- url of the first product image (ORDER BY position, id).
    ADD COLUMN image_url TEXT,
    -- lower(unaccent(name)), for trigram typo matching.
    ADD COLUMN search_name TEXT,
    -- name (A), brand name (B), product + variant SKUs (B), description (C). NULL when inactive.
    -- (PostgreSQL only; SQLite keeps the same documents in product_fts.)
    ADD COLUMN search_vector TSVECTOR;

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
CREATE INDEX idx_products_search_vector ON products USING gin (search_vector);
-- unaccent() is not IMMUTABLE, so the column is filled by a trigger; no expression index is possible.
CREATE INDEX idx_products_search_name_trgm ON products USING gin (search_name gin_trgm_ops);

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
);
CREATE INDEX idx_product_facets_name_value ON product_facets (name, value, product_id);

-- ---------------------------------------------------------------------------
-- Helper functions (used by the triggers and by the rebuild block)
-- ---------------------------------------------------------------------------

-- All functions below are plpgsql. That way their queries' plans are cached per session (a
-- non-inlined SQL function is re-planned on every trigger call). They also run with
-- enable_seqscan = off. Their queries are point lookups by key, and a cached plan that was made
-- while a table looked tiny (say, right after ANALYZE on an empty table) must not turn into a
-- per-row scan of a table that grows during a bulk load. In a test run, that alone made a load
-- 12x slower. For the same reason the inventory probe is a scalar subquery, not an EXISTS
-- inside an OR, which the planner may turn into a hashed SubPlan over the whole inventory table.

-- The search document of one product. The triggers set search_vector to it when the product is
-- active and to NULL when it is not.
CREATE FUNCTION catalog_product_search_vector(p_id BIGINT, p_name TEXT, p_brand_id BIGINT, p_sku TEXT, p_description TEXT)
RETURNS TSVECTOR LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
    RETURN setweight(to_tsvector('shop_search', coalesce(p_name, '')), 'A')
        || setweight(to_tsvector('shop_search', coalesce((SELECT b.name FROM brands b WHERE b.id = p_brand_id), '')), 'B')
        || setweight(to_tsvector('shop_search', concat_ws(' ', p_sku,
               (SELECT string_agg(v.sku, ' ' ORDER BY v.position, v.id) FROM product_variants v WHERE v.product_id = p_id))), 'B')
        || setweight(to_tsvector('shop_search', coalesce(p_description, '')), 'C');
END;
$$;

-- TRUE iff an active variant has track_inventory = FALSE or on_hand - reserved > 0.
CREATE FUNCTION catalog_product_in_stock(p_id BIGINT)
RETURNS BOOLEAN LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM product_variants v
                    WHERE v.product_id = p_id AND v.is_active
                      AND (NOT v.track_inventory
                           OR (SELECT i.on_hand - i.reserved FROM inventory i WHERE i.variant_id = v.id) > 0));
END;
$$;

-- price_min/max, compare-at and currency of the cheapest active variant, and in_stock.
CREATE FUNCTION catalog_product_summary(p_id BIGINT,
    OUT price_min_amount BIGINT, OUT price_max_amount BIGINT, OUT compare_at_amount BIGINT,
    OUT currency CHAR(3), OUT in_stock BOOLEAN)
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
BEGIN
    -- One aggregate pass over the product's variants. Not min()/max() alone and not ORDER BY
    -- price LIMIT 1: the planner may serve those from idx_product_variants_price_amount, walking
    -- the whole index (observed when statistics were missing).
    SELECT min(v.price_amount), max(v.price_amount),
           (array_agg(CASE WHEN v.compare_at_amount > v.price_amount THEN v.compare_at_amount END
                      ORDER BY v.price_amount, v.position, v.id))[1],
           (array_agg(v.currency ORDER BY v.price_amount, v.position, v.id))[1]
      INTO price_min_amount, price_max_amount, compare_at_amount, currency
      FROM product_variants v WHERE v.product_id = p_id AND v.is_active;
    in_stock := catalog_product_in_stock(p_id);
END;
$$;

-- Facet rows of one product, computed from its active variants.
CREATE FUNCTION catalog_product_facet_rows(p_attributes JSONB)
RETURNS TABLE (name TEXT, value TEXT) LANGUAGE sql IMMUTABLE AS $$
    SELECT a.key,
           CASE jsonb_typeof(a.value) WHEN 'string' THEN a.value #>> '{}' ELSE a.value::text END
      FROM jsonb_each(CASE WHEN jsonb_typeof(p_attributes) = 'object' THEN p_attributes ELSE '{}'::jsonb END) a
     WHERE jsonb_typeof(a.value) = 'string' OR jsonb_typeof(a.value) = 'boolean'
        OR (jsonb_typeof(a.value) = 'number' AND a.value::text ~ '^-?[0-9]+$')
$$;

-- Recomputes a product's summary columns (p_summary) and/or its search_vector (p_search) in one
-- UPDATE. It locks the product row first. The UPDATE then takes a fresh snapshot (READ COMMITTED),
-- so concurrent changes to two variants of one product cannot both read stale data.
CREATE FUNCTION catalog_refresh_product(p_id BIGINT, p_summary BOOLEAN, p_search BOOLEAN)
RETURNS VOID LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF p_id IS NULL OR NOT (p_summary OR p_search) THEN
        RETURN;
    END IF;
    PERFORM 1 FROM products WHERE id = p_id FOR NO KEY UPDATE;
    IF NOT FOUND THEN
        RETURN;  -- the product is being deleted (cascade)
    END IF;
    IF p_summary AND p_search THEN
        UPDATE products p
           SET (price_min_amount, price_max_amount, compare_at_amount, currency, in_stock) =
                   (SELECT s.price_min_amount, s.price_max_amount, s.compare_at_amount, s.currency, s.in_stock
                      FROM catalog_product_summary(p.id) s),
               search_vector = CASE WHEN p.is_active
                                    THEN catalog_product_search_vector(p.id, p.name, p.brand_id, p.sku, p.description) END
         WHERE p.id = p_id;
    ELSIF p_summary THEN
        UPDATE products p
           SET (price_min_amount, price_max_amount, compare_at_amount, currency, in_stock) =
                   (s.price_min_amount, s.price_max_amount, s.compare_at_amount, s.currency, s.in_stock)
          FROM catalog_product_summary(p_id) s
         WHERE p.id = p_id
           AND (p.price_min_amount, p.price_max_amount, p.compare_at_amount, p.currency, p.in_stock)
               IS DISTINCT FROM (s.price_min_amount, s.price_max_amount, s.compare_at_amount, s.currency, s.in_stock);
    ELSE
        UPDATE products p
           SET search_vector = CASE WHEN p.is_active
                                    THEN catalog_product_search_vector(p.id, p.name, p.brand_id, p.sku, p.description) END
         WHERE p.id = p_id;
    END IF;
END;
$$;

-- Replaces a product's facet rows. The join with products keeps a cascading product delete from
-- re-inserting facet rows.
CREATE FUNCTION catalog_refresh_product_facets(p_id BIGINT)
RETURNS VOID LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    DELETE FROM product_facets WHERE product_id = p_id;
    INSERT INTO product_facets (product_id, name, value)
    SELECT DISTINCT p.id, f.name, f.value
      FROM products p
      JOIN product_variants v ON v.product_id = p.id
      CROSS JOIN LATERAL catalog_product_facet_rows(v.attributes) f
     WHERE p.id = p_id AND v.is_active
    ON CONFLICT DO NOTHING;
END;
$$;

-- ---------------------------------------------------------------------------
-- Triggers: products (BEFORE, so search_name / search_vector need no second write)
-- ---------------------------------------------------------------------------

CREATE FUNCTION catalog_products_search_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.name IS DISTINCT FROM OLD.name THEN
        NEW.search_name := lower(unaccent(NEW.name));
    END IF;
    NEW.search_vector := CASE WHEN NEW.is_active
        THEN catalog_product_search_vector(NEW.id, NEW.name, NEW.brand_id, NEW.sku, NEW.description) END;
    RETURN NEW;
END;
$$;

CREATE TRIGGER trg_products_search_bi BEFORE INSERT ON products
    FOR EACH ROW EXECUTE FUNCTION catalog_products_search_trg();
CREATE TRIGGER trg_products_search_bu BEFORE UPDATE OF name, description, sku, brand_id, is_active ON products
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description
          OR OLD.sku IS DISTINCT FROM NEW.sku OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
          OR OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION catalog_products_search_trg();

-- ---------------------------------------------------------------------------
-- Triggers: product_variants -> summary columns, facets, sku search
-- ---------------------------------------------------------------------------

-- INSERT and DELETE are statement-level triggers with transition tables. A multi-row INSERT or a
-- COPY then refreshes each product once per statement rather than once per variant, which
-- matters for bulk loads. Products are locked in id order.
CREATE FUNCTION catalog_product_variants_stmt_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    ids BIGINT[];
    pid BIGINT;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.product_id ORDER BY n.product_id) INTO ids FROM new_variants n;
    ELSE
        SELECT array_agg(DISTINCT o.product_id ORDER BY o.product_id) INTO ids FROM old_variants o;
    END IF;
    FOREACH pid IN ARRAY coalesce(ids, '{}'::BIGINT[]) LOOP
        PERFORM catalog_refresh_product(pid, TRUE, TRUE);
        IF TG_OP = 'DELETE' THEN
            PERFORM catalog_refresh_product_facets(pid);
        END IF;
    END LOOP;
    IF TG_OP = 'INSERT' THEN  -- new variants can only add facets
        INSERT INTO product_facets (product_id, name, value)
        SELECT DISTINCT n.product_id, f.name, f.value
          FROM new_variants n CROSS JOIN LATERAL catalog_product_facet_rows(n.attributes) f
         WHERE n.is_active
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;

CREATE FUNCTION catalog_product_variants_update_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    summary_changed BOOLEAN;
    facets_changed BOOLEAN;
    search_changed BOOLEAN;
BEGIN
    summary_changed := (OLD.price_amount, OLD.compare_at_amount, OLD.currency, OLD.is_active,
                        OLD.track_inventory, OLD.position, OLD.product_id)
           IS DISTINCT FROM (NEW.price_amount, NEW.compare_at_amount, NEW.currency, NEW.is_active,
                        NEW.track_inventory, NEW.position, NEW.product_id);
    facets_changed := (OLD.attributes, OLD.is_active, OLD.product_id)
           IS DISTINCT FROM (NEW.attributes, NEW.is_active, NEW.product_id);
    -- position too: the SKUs are concatenated in position order, which sets lexeme positions.
    search_changed := (OLD.sku, OLD.position, OLD.product_id) IS DISTINCT FROM (NEW.sku, NEW.position, NEW.product_id);
    PERFORM catalog_refresh_product(NEW.product_id, summary_changed, search_changed);
    IF facets_changed THEN
        PERFORM catalog_refresh_product_facets(NEW.product_id);
    END IF;
    IF OLD.product_id IS DISTINCT FROM NEW.product_id THEN
        PERFORM catalog_refresh_product(OLD.product_id, TRUE, TRUE);
        PERFORM catalog_refresh_product_facets(OLD.product_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_product_variants_catalog_ai AFTER INSERT ON product_variants
    REFERENCING NEW TABLE AS new_variants
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_variants_stmt_trg();
CREATE TRIGGER trg_product_variants_catalog_ad AFTER DELETE ON product_variants
    REFERENCING OLD TABLE AS old_variants
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_variants_stmt_trg();
CREATE TRIGGER trg_product_variants_catalog_au AFTER UPDATE OF
    price_amount, compare_at_amount, currency, is_active, track_inventory, position, product_id, attributes, sku
    ON product_variants
    FOR EACH ROW EXECUTE FUNCTION catalog_product_variants_update_trg();

-- ---------------------------------------------------------------------------
-- Triggers: inventory -> products.in_stock
-- These run on every reservation, so they do little. The WHEN clause skips the trigger unless
-- the row's availability (on_hand - reserved > 0) flips. Then the product row is locked,
-- in_stock is recomputed with one EXISTS, and the row is rewritten only if the value changed.
-- ---------------------------------------------------------------------------

CREATE FUNCTION catalog_inventory_in_stock_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    variant_ids BIGINT[];
    pid BIGINT;
    stock BOOLEAN;
BEGIN
    variant_ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.variant_id]
                              WHEN 'DELETE' THEN ARRAY[OLD.variant_id]
                              ELSE ARRAY[OLD.variant_id, NEW.variant_id] END;
    FOR pid IN SELECT DISTINCT v.product_id FROM product_variants v WHERE v.id = ANY (variant_ids) LOOP
        PERFORM 1 FROM products WHERE id = pid FOR NO KEY UPDATE;  -- see catalog_refresh_product
        stock := catalog_product_in_stock(pid);
        UPDATE products SET in_stock = stock WHERE id = pid AND in_stock <> stock;
    END LOOP;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_inventory_in_stock_ai AFTER INSERT ON inventory
    FOR EACH ROW WHEN (NEW.on_hand - NEW.reserved > 0)
    EXECUTE FUNCTION catalog_inventory_in_stock_trg();
CREATE TRIGGER trg_inventory_in_stock_ad AFTER DELETE ON inventory
    FOR EACH ROW WHEN (OLD.on_hand - OLD.reserved > 0)
    EXECUTE FUNCTION catalog_inventory_in_stock_trg();
CREATE TRIGGER trg_inventory_in_stock_au AFTER UPDATE OF on_hand, reserved, variant_id ON inventory
    FOR EACH ROW WHEN ((OLD.on_hand - OLD.reserved > 0) <> (NEW.on_hand - NEW.reserved > 0)
                       OR OLD.variant_id <> NEW.variant_id)
    EXECUTE FUNCTION catalog_inventory_in_stock_trg();

-- ---------------------------------------------------------------------------
-- Triggers: product_images -> products.image_url
-- ---------------------------------------------------------------------------

-- INSERT / DELETE: statement-level (one UPDATE per statement, see the variant triggers).
CREATE FUNCTION catalog_product_images_stmt_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    ids BIGINT[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT n.product_id ORDER BY n.product_id) INTO ids FROM new_images n;
    ELSE
        SELECT array_agg(DISTINCT o.product_id ORDER BY o.product_id) INTO ids FROM old_images o;
    END IF;
    UPDATE products p
       SET image_url = (SELECT i.url FROM product_images i WHERE i.product_id = p.id
                         ORDER BY i.position, i.id LIMIT 1)
     WHERE p.id = ANY (ids);
    RETURN NULL;
END;
$$;

CREATE FUNCTION catalog_product_images_update_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    UPDATE products p
       SET image_url = (SELECT i.url FROM product_images i WHERE i.product_id = p.id
                         ORDER BY i.position, i.id LIMIT 1)
     WHERE p.id IN (OLD.product_id, NEW.product_id);
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_product_images_image_url_ai AFTER INSERT ON product_images
    REFERENCING NEW TABLE AS new_images
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_images_stmt_trg();
CREATE TRIGGER trg_product_images_image_url_ad AFTER DELETE ON product_images
    REFERENCING OLD TABLE AS old_images
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_images_stmt_trg();
CREATE TRIGGER trg_product_images_image_url_au AFTER UPDATE OF product_id, url, position ON product_images
    FOR EACH ROW EXECUTE FUNCTION catalog_product_images_update_trg();

-- ---------------------------------------------------------------------------
-- Triggers: brands -> re-index that brand's products
-- (Deleting a brand sets products.brand_id to NULL. trg_products_search_bu handles that.)
-- ---------------------------------------------------------------------------

CREATE FUNCTION catalog_brands_search_trg() RETURNS TRIGGER LANGUAGE plpgsql SET enable_seqscan = off AS $$
BEGIN
    UPDATE products p
       SET search_vector = catalog_product_search_vector(p.id, p.name, p.brand_id, p.sku, p.description)
     WHERE p.brand_id = NEW.id AND p.is_active;
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_brands_search_au AFTER UPDATE OF name ON brands
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION catalog_brands_search_trg();

-- ===========================================================================
-- REBUILD / BACKFILL: recomputes every derived column and table from the base tables.
-- Idempotent. It runs here once for existing rows. A bulk generator can load with
--   ALTER TABLE products DISABLE TRIGGER USER;   (and the same for product_variants, inventory,
--   product_images, brands; ENABLE TRIGGER USER afterwards; table owner required)
-- and then re-run these statements unchanged, followed by ANALYZE products, product_facets.
-- ===========================================================================

UPDATE products p SET
    (price_min_amount, price_max_amount, compare_at_amount, currency, in_stock) =
        (SELECT s.price_min_amount, s.price_max_amount, s.compare_at_amount, s.currency, s.in_stock
           FROM catalog_product_summary(p.id) s),
    image_url = (SELECT i.url FROM product_images i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1),
    search_name = lower(unaccent(p.name)),
    search_vector = CASE WHEN p.is_active
                         THEN catalog_product_search_vector(p.id, p.name, p.brand_id, p.sku, p.description) END;

DELETE FROM product_facets;
INSERT INTO product_facets (product_id, name, value)
    SELECT DISTINCT v.product_id, f.name, f.value
      FROM product_variants v
      CROSS JOIN LATERAL catalog_product_facet_rows(v.attributes) f
     WHERE v.is_active
    ON CONFLICT DO NOTHING;
-- ===========================================================================
