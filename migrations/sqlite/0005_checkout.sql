-- Checkout (issue 5): promotion conditions and tiers, atomic per-customer usage, the
-- checkout record's payment step, guest access to orders, one open checkout per cart.

-- Promotion conditions the pricing engine checks (src/pricing).
ALTER TABLE promotions ADD COLUMN requires_account BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE promotions ADD COLUMN first_order_only BOOLEAN NOT NULL DEFAULT FALSE;
-- BUY_X_GET_Y: how many groups at most per order (NULL: as many as the cart holds).
ALTER TABLE promotions ADD COLUMN max_applications INTEGER CHECK (max_applications IS NULL OR max_applications > 0);

-- Tiered spend: a FIXED_AMOUNT promotion with tiers takes off the discount of the highest
-- tier whose min_spend the order reaches (its own `value` is then ignored).
CREATE TABLE promotion_tiers (
    id INTEGER PRIMARY KEY,
    promotion_id BIGINT NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    min_spend_amount BIGINT NOT NULL CHECK (min_spend_amount >= 0),
    discount_amount BIGINT NOT NULL CHECK (discount_amount > 0),
    UNIQUE (promotion_id, min_spend_amount)
);

-- Uses per customer ('user:<id>' for accounts, 'email:<normalised email>' for guests),
-- counted by one conditional upsert when an order is placed and given back when it is
-- cancelled, so concurrent orders can never pass usage_limit_per_customer.
CREATE TABLE promotion_customer_uses (
    id INTEGER PRIMARY KEY,
    promotion_id BIGINT NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
    customer_key TEXT NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    UNIQUE (promotion_id, customer_key)
);

-- The payment step: which method, and the gateway's token for what the shopper entered
-- (never card data: only brand and last four digits are kept).
ALTER TABLE checkouts ADD COLUMN payment_method TEXT CHECK (payment_method IS NULL OR payment_method IN ('test_card', 'stripe'));
ALTER TABLE checkouts ADD COLUMN payment_token TEXT;
ALTER TABLE checkouts ADD COLUMN card_brand TEXT;
ALTER TABLE checkouts ADD COLUMN card_last4 TEXT CHECK (card_last4 IS NULL OR length(card_last4) = 4);
ALTER TABLE checkouts ADD COLUMN billing_same_as_shipping BOOLEAN NOT NULL DEFAULT TRUE;
-- Why the last attempt to pay failed (shown on the payment step until the next attempt).
ALTER TABLE checkouts ADD COLUMN last_error TEXT;
CREATE UNIQUE INDEX uq_checkouts_open_cart ON checkouts (cart_id) WHERE status IN ('OPEN', 'PROCESSING');

-- Guests open their order with a secret link (/orders/<number>?key=<access_token>).
ALTER TABLE orders ADD COLUMN access_token TEXT;
CREATE UNIQUE INDEX uq_orders_access_token ON orders (access_token);
