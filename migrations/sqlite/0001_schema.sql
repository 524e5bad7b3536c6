-- Larkspur & Co. storefront schema, SQLite flavour.
--
-- This file and its migrations/postgres/0001_schema.sql twin define the same tables, columns, names,
-- constraints and indexes; they differ only where the engines must.
-- Conventions:
--   * ids: `id` primary keys, `<thing>_id` foreign keys (BIGINT / i64).
--   * money: integer minor units in BIGINT `*_amount` columns (i64) beside a
--     3-letter upper-case `currency`. Quantities, counts, positions and other
--     small integers are INTEGER (i32). Tax rates: `rate_ppm` (parts per million).
--   * timestamps: TEXT holding RFC 3339 UTC ('2025-01-31T12:00:00.000Z'; TIMESTAMPTZ in the PostgreSQL twin).
--     `updated_at` is set by the application on update (no triggers).
--   * enums: upper-case TEXT guarded by CHECK constraints.
--   * JSON: TEXT guarded by json_valid() (JSONB in the PostgreSQL twin).
--   * emails are stored lower-cased (enforced by CHECK).
-- Full-text search is added by a later migration.

-- ---------------------------------------------------------------------------
-- Accounts
-- ---------------------------------------------------------------------------

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) >= 3),
    -- NULL = no password set (account cannot sign in with a password yet).
    password_hash TEXT,
    first_name TEXT,
    last_name TEXT,
    phone TEXT,
    role TEXT NOT NULL DEFAULT 'CUSTOMER' CHECK (role IN ('CUSTOMER', 'STAFF', 'ADMIN')),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    marketing_opt_in BOOLEAN NOT NULL DEFAULT FALSE,
    failed_login_count INTEGER NOT NULL DEFAULT 0 CHECK (failed_login_count >= 0),
    locked_until TEXT,
    email_verified_at TEXT,
    last_login_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_users_role ON users (role);
CREATE INDEX idx_users_created_at ON users (created_at);

CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label TEXT,
    recipient_name TEXT NOT NULL,
    company TEXT,
    line1 TEXT NOT NULL,
    line2 TEXT,
    city TEXT NOT NULL,
    region TEXT,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    phone TEXT,
    is_default_shipping BOOLEAN NOT NULL DEFAULT FALSE,
    is_default_billing BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_addresses_user_id ON addresses (user_id);
-- At most one default shipping / billing address per user. To move the default,
-- clear the old one first (separate statement), then set the new one.
CREATE UNIQUE INDEX uq_addresses_default_shipping ON addresses (user_id) WHERE is_default_shipping = TRUE;
CREATE UNIQUE INDEX uq_addresses_default_billing ON addresses (user_id) WHERE is_default_billing = TRUE;

-- ---------------------------------------------------------------------------
-- Catalogue
-- ---------------------------------------------------------------------------

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    parent_id BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    slug TEXT NOT NULL UNIQUE CHECK (slug = lower(slug) AND length(slug) > 0),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    image_url TEXT,
    seo_title TEXT,
    seo_description TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX idx_categories_parent_id ON categories (parent_id, position);

CREATE TABLE brands (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE CHECK (slug = lower(slug) AND length(slug) > 0),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    logo_url TEXT,
    website_url TEXT,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE CHECK (slug = lower(slug) AND length(slug) > 0),
    -- Base SKU; variant SKUs are derived from it (BASE-<OPTION VALUES>).
    sku TEXT UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'PHYSICAL' CHECK (kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE')),
    category_id BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    brand_id BIGINT REFERENCES brands (id) ON DELETE SET NULL,
    -- Option definitions in display order, e.g.
    -- [{"name":"size","values":["S","M","L"]},{"name":"colour","values":["Black","Oat"]}]
    -- (an array because JSONB does not preserve object key order).
    options TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(options)),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    is_featured BOOLEAN NOT NULL DEFAULT FALSE,
    seo_title TEXT,
    seo_description TEXT,
    -- DIGITAL products: where the file lives (served through download_links).
    download_url TEXT,
    sales_count BIGINT NOT NULL DEFAULT 0 CHECK (sales_count >= 0),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_products_category_id ON products (category_id);
CREATE INDEX idx_products_brand_id ON products (brand_id);
CREATE INDEX idx_products_created_at ON products (created_at);
CREATE INDEX idx_products_sales_count ON products (sales_count);
CREATE INDEX idx_products_active_featured ON products (is_active, is_featured);

CREATE TABLE product_variants (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    sku TEXT NOT NULL UNIQUE,
    -- Display name, e.g. 'M / Black'; 'Default' for single-variant products.
    name TEXT NOT NULL,
    -- Option values, e.g. {"size":"M","colour":"Black"}; {} for the default variant.
    attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    -- "Was" price shown struck through; the UI treats it as a sale only when > price.
    compare_at_amount BIGINT CHECK (compare_at_amount IS NULL OR compare_at_amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    weight_grams INTEGER NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
    -- FALSE for digital goods / services: no inventory row needed, never out of stock.
    track_inventory BOOLEAN NOT NULL DEFAULT TRUE,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_product_variants_product_id ON product_variants (product_id, position);
CREATE INDEX idx_product_variants_price_amount ON product_variants (price_amount);

-- Components of a BUNDLE product.
CREATE TABLE bundle_items (
    id INTEGER PRIMARY KEY,
    bundle_product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    component_variant_id BIGINT NOT NULL REFERENCES product_variants (id) ON DELETE RESTRICT,
    quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (bundle_product_id, component_variant_id)
);
CREATE INDEX idx_bundle_items_component_variant_id ON bundle_items (component_variant_id);

CREATE TABLE product_images (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    variant_id BIGINT REFERENCES product_variants (id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    alt TEXT NOT NULL DEFAULT '',
    width INTEGER CHECK (width IS NULL OR width > 0),
    height INTEGER CHECK (height IS NULL OR height > 0),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_product_images_product_id ON product_images (product_id, position);
CREATE INDEX idx_product_images_variant_id ON product_images (variant_id);

CREATE TABLE product_reviews (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    order_id BIGINT,  -- informational (verified purchase); no FK to keep reviews independent of order deletion
    author_name TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    is_verified_purchase BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_product_reviews_product_id ON product_reviews (product_id, status, created_at);
CREATE INDEX idx_product_reviews_user_id ON product_reviews (user_id);

-- ---------------------------------------------------------------------------
-- Inventory
-- ---------------------------------------------------------------------------

-- available = on_hand - reserved.
--   reserve:  reserved += q            (guarded: WHERE on_hand - reserved >= q)
--   confirm:  on_hand -= q, reserved -= q
--   release / expire: reserved -= q
-- Every write bumps `version` (optimistic locking: ... WHERE version = $n).
CREATE TABLE inventory (
    id INTEGER PRIMARY KEY,
    variant_id BIGINT NOT NULL UNIQUE REFERENCES product_variants (id) ON DELETE CASCADE,
    on_hand INTEGER NOT NULL DEFAULT 0,
    reserved INTEGER NOT NULL DEFAULT 0,
    low_stock_threshold INTEGER NOT NULL DEFAULT 5 CHECK (low_stock_threshold >= 0),
    version INTEGER NOT NULL DEFAULT 0,
    last_restocked_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (on_hand >= 0),
    CHECK (reserved >= 0),
    CHECK (reserved <= on_hand)
);

-- ---------------------------------------------------------------------------
-- Carts
-- ---------------------------------------------------------------------------

CREATE TABLE carts (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,  -- public identifier (cookie / recovery link)
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    session_id TEXT,
    status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'ABANDONED', 'CONVERTED', 'EXPIRED')),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    email TEXT CHECK (email IS NULL OR email = lower(email)),
    last_activity_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    expires_at TEXT,
    abandoned_at TEXT,
    converted_at TEXT,
    recovery_emails_sent INTEGER NOT NULL DEFAULT 0 CHECK (recovery_emails_sent >= 0),
    last_recovery_email_at TEXT,
    recovered_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_carts_status_last_activity_at ON carts (status, last_activity_at);
CREATE INDEX idx_carts_user_id ON carts (user_id);
CREATE INDEX idx_carts_session_id ON carts (session_id);

CREATE TABLE cart_items (
    id INTEGER PRIMARY KEY,
    cart_id BIGINT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    variant_id BIGINT NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_amount BIGINT NOT NULL CHECK (unit_price_amount >= 0),  -- snapshot when added
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (cart_id, variant_id)
);
CREATE INDEX idx_cart_items_cart_id ON cart_items (cart_id);
CREATE INDEX idx_cart_items_variant_id ON cart_items (variant_id);

-- ---------------------------------------------------------------------------
-- Promotions
-- ---------------------------------------------------------------------------

-- value: PERCENTAGE -> basis points (1500 = 15%); FIXED_AMOUNT -> minor units
-- in `currency`; FREE_SHIPPING -> 0 (ignored); BUY_X_GET_Y -> basis points off
-- the `get_quantity` cheapest qualifying units (10000 = free).
-- applies_to: {} = whole cart, or e.g. {"category_ids":[1,2],"product_ids":[7]}.
CREATE TABLE promotions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('PERCENTAGE', 'FIXED_AMOUNT', 'FREE_SHIPPING', 'BUY_X_GET_Y')),
    value BIGINT NOT NULL DEFAULT 0 CHECK (value >= 0),
    currency TEXT CHECK (currency IS NULL OR (length(currency) = 3 AND currency = upper(currency))),
    min_subtotal_amount BIGINT CHECK (min_subtotal_amount IS NULL OR min_subtotal_amount >= 0),
    max_discount_amount BIGINT CHECK (max_discount_amount IS NULL OR max_discount_amount >= 0),
    buy_quantity INTEGER CHECK (buy_quantity IS NULL OR buy_quantity > 0),
    get_quantity INTEGER CHECK (get_quantity IS NULL OR get_quantity > 0),
    applies_to TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(applies_to)),
    starts_at TEXT,
    ends_at TEXT,
    usage_limit INTEGER CHECK (usage_limit IS NULL OR usage_limit >= 0),
    usage_limit_per_customer INTEGER CHECK (usage_limit_per_customer IS NULL OR usage_limit_per_customer >= 0),
    times_used INTEGER NOT NULL DEFAULT 0 CHECK (times_used >= 0),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    -- TRUE: applied without a code when its conditions hold.
    is_automatic BOOLEAN NOT NULL DEFAULT FALSE,
    -- FALSE: cannot be combined with other promotions.
    stackable BOOLEAN NOT NULL DEFAULT FALSE,
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (kind <> 'PERCENTAGE' OR value <= 10000),
    CHECK (kind <> 'BUY_X_GET_Y' OR (value <= 10000 AND buy_quantity IS NOT NULL AND get_quantity IS NOT NULL)),
    CHECK (kind <> 'FIXED_AMOUNT' OR currency IS NOT NULL),
    CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX idx_promotions_active_window ON promotions (is_active, starts_at, ends_at);

CREATE TABLE coupons (
    id INTEGER PRIMARY KEY,
    promotion_id BIGINT NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE CHECK (code = upper(code) AND length(code) > 0),
    usage_limit INTEGER CHECK (usage_limit IS NULL OR usage_limit >= 0),
    times_used INTEGER NOT NULL DEFAULT 0 CHECK (times_used >= 0),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_coupons_promotion_id ON coupons (promotion_id);

CREATE TABLE cart_coupons (
    id INTEGER PRIMARY KEY,
    cart_id BIGINT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    coupon_id BIGINT NOT NULL REFERENCES coupons (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (cart_id, coupon_id)
);
CREATE INDEX idx_cart_coupons_coupon_id ON cart_coupons (coupon_id);

-- ---------------------------------------------------------------------------
-- Tax and shipping
-- ---------------------------------------------------------------------------

-- Most specific match wins: region over country-wide, category over all,
-- then highest priority. rate_ppm: 82500 = 8.25%.
CREATE TABLE tax_rates (
    id INTEGER PRIMARY KEY,
    country TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    region TEXT,
    category_id BIGINT REFERENCES categories (id) ON DELETE CASCADE,
    product_kind TEXT CHECK (product_kind IS NULL OR product_kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE')),
    name TEXT NOT NULL,
    rate_ppm BIGINT NOT NULL CHECK (rate_ppm BETWEEN 0 AND 1000000),
    is_inclusive BOOLEAN NOT NULL DEFAULT FALSE,
    applies_to_shipping BOOLEAN NOT NULL DEFAULT FALSE,
    priority INTEGER NOT NULL DEFAULT 0,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_tax_rates_country_region ON tax_rates (country, region);
CREATE INDEX idx_tax_rates_category_id ON tax_rates (category_id);

CREATE TABLE shipping_zones (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

-- region NULL = the whole country.
CREATE TABLE shipping_zone_countries (
    id INTEGER PRIMARY KEY,
    shipping_zone_id BIGINT NOT NULL REFERENCES shipping_zones (id) ON DELETE CASCADE,
    country TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    region TEXT,
    UNIQUE (shipping_zone_id, country, region)
);
CREATE INDEX idx_shipping_zone_countries_country ON shipping_zone_countries (country, region);

CREATE TABLE shipping_methods (
    id INTEGER PRIMARY KEY,
    shipping_zone_id BIGINT NOT NULL REFERENCES shipping_zones (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    carrier TEXT,
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    free_over_amount BIGINT CHECK (free_over_amount IS NULL OR free_over_amount >= 0),
    min_weight_grams INTEGER CHECK (min_weight_grams IS NULL OR min_weight_grams >= 0),
    max_weight_grams INTEGER CHECK (max_weight_grams IS NULL OR max_weight_grams >= 0),
    min_delivery_days INTEGER CHECK (min_delivery_days IS NULL OR min_delivery_days >= 0),
    max_delivery_days INTEGER CHECK (max_delivery_days IS NULL OR max_delivery_days >= 0),
    is_active BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (shipping_zone_id, code)
);

-- ---------------------------------------------------------------------------
-- Checkout and orders
-- ---------------------------------------------------------------------------

CREATE TABLE checkouts (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    cart_id BIGINT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    email TEXT CHECK (email IS NULL OR email = lower(email)),
    step TEXT NOT NULL DEFAULT 'ADDRESS' CHECK (step IN ('ADDRESS', 'SHIPPING', 'PAYMENT', 'REVIEW', 'COMPLETE')),
    status TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'PROCESSING', 'COMPLETED', 'EXPIRED', 'CANCELLED')),
    shipping_address TEXT CHECK (shipping_address IS NULL OR json_valid(shipping_address)),
    billing_address TEXT CHECK (billing_address IS NULL OR json_valid(billing_address)),
    shipping_method_id BIGINT REFERENCES shipping_methods (id) ON DELETE SET NULL,
    customer_note TEXT,
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    subtotal_amount BIGINT NOT NULL DEFAULT 0 CHECK (subtotal_amount >= 0),
    discount_amount BIGINT NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    shipping_amount BIGINT NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
    tax_amount BIGINT NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    total_amount BIGINT NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    idempotency_key TEXT UNIQUE,
    expires_at TEXT,
    completed_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_checkouts_cart_id ON checkouts (cart_id);
CREATE INDEX idx_checkouts_user_id ON checkouts (user_id);
CREATE INDEX idx_checkouts_status_expires_at ON checkouts (status, expires_at);
CREATE INDEX idx_checkouts_shipping_method_id ON checkouts (shipping_method_id);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,  -- human friendly, e.g. 'LC-100042'
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,  -- NULL for guest orders
    email TEXT NOT NULL CHECK (email = lower(email)),
    cart_id BIGINT REFERENCES carts (id) ON DELETE SET NULL,
    checkout_id BIGINT REFERENCES checkouts (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')),
    payment_status TEXT NOT NULL DEFAULT 'PENDING' CHECK (payment_status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED', 'VOIDED')),
    fulfillment_status TEXT NOT NULL DEFAULT 'UNFULFILLED' CHECK (fulfillment_status IN ('UNFULFILLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'PARTIALLY_RETURNED', 'RETURNED')),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    subtotal_amount BIGINT NOT NULL DEFAULT 0 CHECK (subtotal_amount >= 0),
    discount_amount BIGINT NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    shipping_amount BIGINT NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
    tax_amount BIGINT NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    total_amount BIGINT NOT NULL DEFAULT 0 CHECK (total_amount >= 0),
    refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    -- Address snapshots (NULL shipping_address for digital-only orders).
    shipping_address TEXT CHECK (shipping_address IS NULL OR json_valid(shipping_address)),
    billing_address TEXT CHECK (billing_address IS NULL OR json_valid(billing_address)),
    shipping_method_id BIGINT REFERENCES shipping_methods (id) ON DELETE SET NULL,
    shipping_method_name TEXT,
    shipping_method_code TEXT,
    tracking_number TEXT,
    carrier TEXT,
    customer_note TEXT,
    notes TEXT,  -- staff notes
    cancel_reason TEXT,
    idempotency_key TEXT UNIQUE,
    placed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    confirmed_at TEXT,
    shipped_at TEXT,
    delivered_at TEXT,
    cancelled_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (refunded_amount <= total_amount)
);
CREATE INDEX idx_orders_user_id_placed_at ON orders (user_id, placed_at DESC);
CREATE INDEX idx_orders_status_placed_at ON orders (status, placed_at);
CREATE INDEX idx_orders_payment_status ON orders (payment_status);
CREATE INDEX idx_orders_placed_at ON orders (placed_at);
CREATE INDEX idx_orders_email ON orders (email);
CREATE INDEX idx_orders_cart_id ON orders (cart_id);
CREATE INDEX idx_orders_checkout_id ON orders (checkout_id);
CREATE INDEX idx_orders_tracking_number ON orders (tracking_number);

CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    -- Set for components expanded from a BUNDLE line (the bundle line itself).
    parent_item_id BIGINT REFERENCES order_items (id) ON DELETE CASCADE,
    variant_id BIGINT REFERENCES product_variants (id) ON DELETE SET NULL,
    product_id BIGINT REFERENCES products (id) ON DELETE SET NULL,
    -- Snapshots taken when the order is placed.
    product_name TEXT NOT NULL,
    variant_name TEXT NOT NULL DEFAULT '',
    sku TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
    image_url TEXT,
    product_kind TEXT NOT NULL DEFAULT 'PHYSICAL' CHECK (product_kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE')),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_amount BIGINT NOT NULL CHECK (unit_price_amount >= 0),
    discount_amount BIGINT NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
    tax_amount BIGINT NOT NULL DEFAULT 0 CHECK (tax_amount >= 0),
    tax_rate_ppm BIGINT CHECK (tax_rate_ppm IS NULL OR tax_rate_ppm BETWEEN 0 AND 1000000),
    total_amount BIGINT NOT NULL CHECK (total_amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    quantity_fulfilled INTEGER NOT NULL DEFAULT 0,
    quantity_returned INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (quantity_fulfilled BETWEEN 0 AND quantity),
    CHECK (quantity_returned BETWEEN 0 AND quantity)
);
CREATE INDEX idx_order_items_order_id ON order_items (order_id);
CREATE INDEX idx_order_items_parent_item_id ON order_items (parent_item_id);
CREATE INDEX idx_order_items_variant_id ON order_items (variant_id);
CREATE INDEX idx_order_items_product_id ON order_items (product_id);

CREATE TABLE order_state_history (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    from_status TEXT CHECK (from_status IS NULL OR from_status IN ('PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')),
    to_status TEXT NOT NULL CHECK (to_status IN ('PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED')),
    actor TEXT NOT NULL DEFAULT 'system',  -- 'system', 'customer', 'staff:<email>', 'webhook:stripe', ...
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_order_state_history_order_id_created_at ON order_state_history (order_id, created_at);
CREATE INDEX idx_order_state_history_actor_user_id ON order_state_history (actor_user_id);

-- Stock holds taken at checkout (see the `inventory` comment for the arithmetic).
CREATE TABLE inventory_reservations (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,  -- uuid
    variant_id BIGINT NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    cart_id BIGINT REFERENCES carts (id) ON DELETE SET NULL,
    checkout_id BIGINT REFERENCES checkouts (id) ON DELETE SET NULL,
    order_id BIGINT REFERENCES orders (id) ON DELETE SET NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'CONFIRMED', 'RELEASED', 'EXPIRED')),
    expires_at TEXT NOT NULL,
    confirmed_at TEXT,
    released_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_inventory_reservations_expires_at_status ON inventory_reservations (expires_at, status);
CREATE INDEX idx_inventory_reservations_variant_id_status ON inventory_reservations (variant_id, status);
CREATE INDEX idx_inventory_reservations_cart_id ON inventory_reservations (cart_id);
CREATE INDEX idx_inventory_reservations_checkout_id ON inventory_reservations (checkout_id);
CREATE INDEX idx_inventory_reservations_order_id ON inventory_reservations (order_id);

-- Audit trail of on_hand changes (delta may be negative).
CREATE TABLE inventory_movements (
    id INTEGER PRIMARY KEY,
    variant_id BIGINT NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    delta INTEGER NOT NULL,
    on_hand_after INTEGER CHECK (on_hand_after IS NULL OR on_hand_after >= 0),
    reason TEXT NOT NULL CHECK (reason IN ('INITIAL', 'RESTOCK', 'SALE', 'CANCELLATION', 'RETURN', 'ADJUSTMENT', 'DAMAGED')),
    note TEXT,
    actor TEXT NOT NULL DEFAULT 'system',
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    order_id BIGINT REFERENCES orders (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_inventory_movements_variant_id_created_at ON inventory_movements (variant_id, created_at);
CREATE INDEX idx_inventory_movements_order_id ON inventory_movements (order_id);
CREATE INDEX idx_inventory_movements_actor_user_id ON inventory_movements (actor_user_id);

CREATE TABLE promotion_redemptions (
    id INTEGER PRIMARY KEY,
    promotion_id BIGINT NOT NULL REFERENCES promotions (id) ON DELETE RESTRICT,
    coupon_id BIGINT REFERENCES coupons (id) ON DELETE SET NULL,
    code TEXT,  -- coupon code snapshot
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    email TEXT CHECK (email IS NULL OR email = lower(email)),
    discount_amount BIGINT NOT NULL CHECK (discount_amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (order_id, promotion_id)
);
CREATE INDEX idx_promotion_redemptions_promotion_user ON promotion_redemptions (promotion_id, user_id);
CREATE INDEX idx_promotion_redemptions_promotion_email ON promotion_redemptions (promotion_id, email);
CREATE INDEX idx_promotion_redemptions_coupon_id ON promotion_redemptions (coupon_id);
CREATE INDEX idx_promotion_redemptions_user_id ON promotion_redemptions (user_id);

-- ---------------------------------------------------------------------------
-- Fulfilment, returns, digital delivery
-- ---------------------------------------------------------------------------

CREATE TABLE fulfillments (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'CANCELLED')),
    carrier TEXT,
    tracking_number TEXT,
    tracking_url TEXT,
    shipped_at TEXT,
    delivered_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_fulfillments_order_id ON fulfillments (order_id);
CREATE INDEX idx_fulfillments_tracking_number ON fulfillments (tracking_number);

CREATE TABLE fulfillment_items (
    id INTEGER PRIMARY KEY,
    fulfillment_id BIGINT NOT NULL REFERENCES fulfillments (id) ON DELETE CASCADE,
    order_item_id BIGINT NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    UNIQUE (fulfillment_id, order_item_id)
);
CREATE INDEX idx_fulfillment_items_order_item_id ON fulfillment_items (order_item_id);

CREATE TABLE returns (
    id INTEGER PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'REQUESTED' CHECK (status IN ('REQUESTED', 'APPROVED', 'RECEIVED', 'REFUNDED', 'REJECTED', 'CANCELLED')),
    reason TEXT,
    customer_note TEXT,
    staff_note TEXT,
    approved_at TEXT,
    received_at TEXT,
    resolved_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_returns_order_id ON returns (order_id);
CREATE INDEX idx_returns_status_created_at ON returns (status, created_at);
CREATE INDEX idx_returns_user_id ON returns (user_id);

CREATE TABLE return_items (
    id INTEGER PRIMARY KEY,
    return_id BIGINT NOT NULL REFERENCES returns (id) ON DELETE CASCADE,
    order_item_id BIGINT NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    reason TEXT,
    restock BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (return_id, order_item_id)
);
CREATE INDEX idx_return_items_order_item_id ON return_items (order_item_id);

CREATE TABLE download_links (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    order_item_id BIGINT NOT NULL REFERENCES order_items (id) ON DELETE CASCADE,
    download_count INTEGER NOT NULL DEFAULT 0 CHECK (download_count >= 0),
    max_downloads INTEGER CHECK (max_downloads IS NULL OR max_downloads > 0),
    expires_at TEXT,
    last_downloaded_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_download_links_order_id ON download_links (order_id);
CREATE INDEX idx_download_links_order_item_id ON download_links (order_item_id);

-- ---------------------------------------------------------------------------
-- Payments
-- ---------------------------------------------------------------------------

CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    order_id BIGINT REFERENCES orders (id) ON DELETE CASCADE,
    checkout_id BIGINT REFERENCES checkouts (id) ON DELETE SET NULL,
    provider TEXT NOT NULL CHECK (provider IN ('TEST', 'STRIPE')),
    provider_payment_id TEXT UNIQUE,  -- e.g. Stripe PaymentIntent id
    provider_charge_id TEXT,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'AUTHORIZED', 'CAPTURED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED', 'VOIDED')),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    captured_amount BIGINT NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
    refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    failure_code TEXT,
    failure_message TEXT,
    card_brand TEXT,
    card_last4 TEXT CHECK (card_last4 IS NULL OR length(card_last4) = 4),
    idempotency_key TEXT UNIQUE,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    authorized_at TEXT,
    captured_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    CHECK (captured_amount <= amount),
    CHECK (refunded_amount <= captured_amount)
);
CREATE INDEX idx_payments_order_id ON payments (order_id);
CREATE INDEX idx_payments_checkout_id ON payments (checkout_id);
CREATE INDEX idx_payments_status ON payments (status);

CREATE TABLE refunds (
    id INTEGER PRIMARY KEY,
    payment_id BIGINT NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    return_id BIGINT REFERENCES returns (id) ON DELETE SET NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    reason TEXT,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
    provider_refund_id TEXT UNIQUE,
    failure_message TEXT,
    idempotency_key TEXT UNIQUE,
    created_by_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    processed_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_refunds_payment_id ON refunds (payment_id);
CREATE INDEX idx_refunds_order_id ON refunds (order_id);
CREATE INDEX idx_refunds_return_id ON refunds (return_id);
CREATE INDEX idx_refunds_created_by_user_id ON refunds (created_by_user_id);

CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error TEXT,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    processed_at TEXT,
    UNIQUE (provider, event_id)
);
CREATE INDEX idx_webhook_events_processed_at ON webhook_events (processed_at);

-- ---------------------------------------------------------------------------
-- Background work, email, auth helpers
-- ---------------------------------------------------------------------------

-- Transactional outbox. Claim with
--   UPDATE outbox SET status = 'PROCESSING', locked_at = $1, locked_by = $2, attempts = attempts + 1
--   WHERE id = (SELECT id FROM outbox WHERE status = 'PENDING' AND run_at <= $1 ORDER BY run_at, id LIMIT 1)
--   RETURNING ...
-- dedupe_key (e.g. 'order-confirmation:42') + ON CONFLICT DO NOTHING prevents double sends.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (length(kind) > 0),  -- 'EMAIL', ...
    topic TEXT NOT NULL,                          -- e.g. 'order.confirmed'
    payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload)),
    dedupe_key TEXT UNIQUE,
    status TEXT NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PROCESSING', 'DONE', 'FAILED')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts INTEGER NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
    run_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    locked_at TEXT,
    locked_by TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    done_at TEXT
);
CREATE INDEX idx_outbox_status_run_at ON outbox (status, run_at);
CREATE INDEX idx_outbox_status_locked_at ON outbox (status, locked_at);

-- Log of rendered emails (also backs the dev "mailbox" view).
CREATE TABLE emails_sent (
    id INTEGER PRIMARY KEY,
    outbox_id BIGINT REFERENCES outbox (id) ON DELETE SET NULL,
    to_email TEXT NOT NULL,
    from_email TEXT,
    subject TEXT NOT NULL,
    template TEXT,
    body_text TEXT NOT NULL,
    body_html TEXT,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    order_id BIGINT REFERENCES orders (id) ON DELETE SET NULL,
    provider_message_id TEXT,
    sent_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_emails_sent_to_email_sent_at ON emails_sent (to_email, sent_at);
CREATE INDEX idx_emails_sent_sent_at ON emails_sent (sent_at);
CREATE INDEX idx_emails_sent_outbox_id ON emails_sent (outbox_id);
CREATE INDEX idx_emails_sent_user_id ON emails_sent (user_id);
CREATE INDEX idx_emails_sent_order_id ON emails_sent (order_id);

CREATE TABLE password_reset_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_password_reset_tokens_user_id ON password_reset_tokens (user_id);

CREATE TABLE email_verification_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_email_verification_tokens_user_id ON email_verification_tokens (user_id);

-- Throttling: one row per attempt; key e.g. 'login:email:ann@example.com' or 'login:ip:203.0.113.9'.
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    throttle_key TEXT NOT NULL,
    email TEXT,
    ip_address TEXT,
    succeeded BOOLEAN NOT NULL DEFAULT FALSE,
    attempted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_login_attempts_throttle_key_attempted_at ON login_attempts (throttle_key, attempted_at);
CREATE INDEX idx_login_attempts_attempted_at ON login_attempts (attempted_at);

-- Back-office audit trail.
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    actor_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL DEFAULT 'system',
    action TEXT NOT NULL,         -- e.g. 'product.update', 'order.refund'
    entity_type TEXT NOT NULL,    -- e.g. 'product', 'order'
    entity_id BIGINT,
    changes TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(changes)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_audit_events_entity ON audit_events (entity_type, entity_id, created_at);
CREATE INDEX idx_audit_events_actor_user_id ON audit_events (actor_user_id, created_at);
CREATE INDEX idx_audit_events_created_at ON audit_events (created_at);

-- Portable named counters, e.g. order numbers:
--   UPDATE counters SET value = value + 1 WHERE name = 'order_number' RETURNING value
CREATE TABLE counters (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    value BIGINT NOT NULL DEFAULT 0
);
INSERT INTO counters (name, value) VALUES ('order_number', 100000);

-- ---------------------------------------------------------------------------
-- Customer engagement
-- ---------------------------------------------------------------------------

CREATE TABLE wishlist_items (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    variant_id BIGINT REFERENCES product_variants (id) ON DELETE SET NULL,  -- preferred variant, optional
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (user_id, product_id)
);
CREATE INDEX idx_wishlist_items_product_id ON wishlist_items (product_id);
CREATE INDEX idx_wishlist_items_variant_id ON wishlist_items (variant_id);

-- "Email me when it's back in stock".
CREATE TABLE stock_alerts (
    id INTEGER PRIMARY KEY,
    variant_id BIGINT NOT NULL REFERENCES product_variants (id) ON DELETE CASCADE,
    email TEXT NOT NULL CHECK (email = lower(email)),
    user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
    notified_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (variant_id, email)
);
CREATE INDEX idx_stock_alerts_user_id ON stock_alerts (user_id);

-- kind: 'PAGE_VIEW', 'PRODUCT_VIEW', 'SEARCH', 'ADD_TO_CART', 'REMOVE_FROM_CART',
-- 'CHECKOUT_STARTED', 'ORDER_PLACED', ... (not constrained, so new kinds need no migration).
CREATE TABLE analytics_events (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    session_id TEXT,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    product_id BIGINT REFERENCES products (id) ON DELETE SET NULL,
    variant_id BIGINT REFERENCES product_variants (id) ON DELETE SET NULL,
    cart_id BIGINT REFERENCES carts (id) ON DELETE SET NULL,
    order_id BIGINT REFERENCES orders (id) ON DELETE SET NULL,
    path TEXT,
    referrer TEXT,
    properties TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(properties)),
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
CREATE INDEX idx_analytics_events_kind_occurred_at ON analytics_events (kind, occurred_at);
CREATE INDEX idx_analytics_events_occurred_at ON analytics_events (occurred_at);
CREATE INDEX idx_analytics_events_session_id ON analytics_events (session_id);
CREATE INDEX idx_analytics_events_user_id ON analytics_events (user_id);
CREATE INDEX idx_analytics_events_product_id ON analytics_events (product_id, occurred_at);
CREATE INDEX idx_analytics_events_variant_id ON analytics_events (variant_id);
CREATE INDEX idx_analytics_events_cart_id ON analytics_events (cart_id);
CREATE INDEX idx_analytics_events_order_id ON analytics_events (order_id);

-- ---------------------------------------------------------------------------
-- tower-sessions-sqlx-store (exact shape expected by the crate)
-- ---------------------------------------------------------------------------

CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL, expiry_date INTEGER NOT NULL);
CREATE INDEX idx_sessions_expiry_date ON sessions (expiry_date);
