-- Issue 22: recurring billing. Each paid period of a subscription is an order (kind RENEWAL,
-- or the CHECKOUT order that started it) carrying the period it pays and an invoice number;
-- one order per (subscription, period start), so two job runners can never bill a period
-- twice. Twin of migrations/sqlite/0014_subscription_billing.sql.

ALTER TABLE orders ADD COLUMN kind TEXT NOT NULL DEFAULT 'CHECKOUT' CHECK (kind IN ('CHECKOUT', 'RENEWAL'));
ALTER TABLE orders ADD COLUMN subscription_id BIGINT REFERENCES subscriptions (id) ON DELETE SET NULL;
ALTER TABLE orders ADD COLUMN billing_period_start TEXT CHECK (billing_period_start IS NULL OR length(billing_period_start) = 10);
ALTER TABLE orders ADD COLUMN billing_period_end TEXT CHECK (billing_period_end IS NULL OR length(billing_period_end) = 10);
ALTER TABLE orders ADD COLUMN invoice_number TEXT;
CREATE UNIQUE INDEX idx_orders_invoice_number ON orders (invoice_number);
CREATE UNIQUE INDEX idx_orders_subscription_period ON orders (subscription_id, billing_period_start);

-- A charge in flight: the runner that set it (and when) is the only one charging this
-- subscription; a claim older than the lease is taken over (its charge is idempotent).
ALTER TABLE subscriptions ADD COLUMN billing_claimed_at TEXT;
-- Credit left from a plan switch, spent on the next charges (minor units, subscription currency).
ALTER TABLE subscriptions ADD COLUMN credit_amount BIGINT NOT NULL DEFAULT 0 CHECK (credit_amount >= 0);
-- The last failed charge's message, shown to the subscriber and staff.
ALTER TABLE subscriptions ADD COLUMN last_error TEXT;
-- Which gateway bills it; for Stripe Billing, Stripe's ids (the local record follows Stripe).
ALTER TABLE subscriptions ADD COLUMN provider TEXT NOT NULL DEFAULT 'TEST' CHECK (provider IN ('TEST', 'STRIPE'));
ALTER TABLE subscriptions ADD COLUMN provider_subscription_id TEXT;
ALTER TABLE subscriptions ADD COLUMN provider_customer_id TEXT;
CREATE UNIQUE INDEX idx_subscriptions_provider_subscription_id ON subscriptions (provider_subscription_id);
CREATE INDEX idx_subscriptions_next_retry_on ON subscriptions (status, next_retry_on);

INSERT INTO counters (name, value) VALUES ('invoice_number', 0);
