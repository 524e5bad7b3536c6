-- Issue 22: learning subscriptions. A SUBSCRIPTION product is a plan (its variants are its
-- prices); courses flagged `included_in_subscription` open for every live subscriber.
-- Twin of migrations/postgres/0013_subscriptions.sql.

-- The new product kind (SQLite cannot change a CHECK in place; see 0012).
ALTER TABLE products RENAME COLUMN kind TO kind_before_subscriptions;
ALTER TABLE products ADD COLUMN kind TEXT NOT NULL DEFAULT 'PHYSICAL'
    CHECK (kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE', 'COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION', 'SUBSCRIPTION'));
UPDATE products SET kind = kind_before_subscriptions;
ALTER TABLE products DROP COLUMN kind_before_subscriptions;

ALTER TABLE tax_rates RENAME COLUMN product_kind TO kind_before_subscriptions;
ALTER TABLE tax_rates ADD COLUMN product_kind TEXT
    CHECK (product_kind IS NULL OR product_kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE', 'COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION', 'SUBSCRIPTION'));
UPDATE tax_rates SET product_kind = kind_before_subscriptions;
ALTER TABLE tax_rates DROP COLUMN kind_before_subscriptions;

ALTER TABLE order_items RENAME COLUMN product_kind TO kind_before_subscriptions;
ALTER TABLE order_items ADD COLUMN product_kind TEXT NOT NULL DEFAULT 'PHYSICAL'
    CHECK (product_kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE', 'COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION', 'SUBSCRIPTION'));
UPDATE order_items SET product_kind = kind_before_subscriptions;
ALTER TABLE order_items DROP COLUMN kind_before_subscriptions;

ALTER TABLE products ADD COLUMN included_in_subscription BOOLEAN NOT NULL DEFAULT FALSE;

-- A plan: how often it bills and its free trial.
CREATE TABLE subscription_plans (
    product_id BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    billing_interval TEXT NOT NULL CHECK (billing_interval IN ('MONTH', 'YEAR')),
    trial_days INTEGER NOT NULL DEFAULT 0 CHECK (trial_days BETWEEN 0 AND 365)
);

-- A subscriber's subscription. Periods are calendar dates (YYYY-MM-DD): the current one runs
-- from `period_start` to `period_end` (the renewal date). `anchor_day` is the day of the
-- month it started on. The card on file is a gateway token, never a card number.
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id BIGINT NOT NULL REFERENCES products (id) ON DELETE RESTRICT,
    variant_id BIGINT REFERENCES product_variants (id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('TRIALING', 'ACTIVE', 'PAST_DUE', 'PAUSED', 'CANCELED')),
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
    anchor_day INTEGER NOT NULL CHECK (anchor_day BETWEEN 1 AND 31),
    period_start TEXT NOT NULL CHECK (length(period_start) = 10),
    period_end TEXT NOT NULL CHECK (length(period_end) = 10),
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    next_retry_on TEXT,
    payment_token TEXT,
    card_label TEXT,
    order_id BIGINT REFERENCES orders (id) ON DELETE SET NULL,
    order_item_id BIGINT UNIQUE REFERENCES order_items (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    canceled_at TEXT
);
CREATE INDEX idx_subscriptions_user_id ON subscriptions (user_id, status);
CREATE INDEX idx_subscriptions_status_period_end ON subscriptions (status, period_end);
CREATE INDEX idx_subscriptions_plan_id ON subscriptions (plan_id);

-- Every status change, with who made it and why.
CREATE TABLE subscription_events (
    id INTEGER PRIMARY KEY,
    subscription_id BIGINT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    event TEXT NOT NULL,
    actor TEXT NOT NULL,
    reason TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX idx_subscription_events_subscription_id ON subscription_events (subscription_id);
