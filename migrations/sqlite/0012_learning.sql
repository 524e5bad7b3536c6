-- Issue 21: learning products (courses, course bundles, team licences, certifications) and
-- what fulfilling them grants. Twin of migrations/postgres/0012_learning.sql.

-- The new product kinds. SQLite cannot change a CHECK in place: each kind column is renamed,
-- re-added with the wider CHECK, copied and dropped (a column's own CHECK goes with it).
ALTER TABLE products RENAME COLUMN kind TO kind_before_learning;
ALTER TABLE products ADD COLUMN kind TEXT NOT NULL DEFAULT 'PHYSICAL'
    CHECK (kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE', 'COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION'));
UPDATE products SET kind = kind_before_learning;
ALTER TABLE products DROP COLUMN kind_before_learning;

ALTER TABLE tax_rates RENAME COLUMN product_kind TO kind_before_learning;
ALTER TABLE tax_rates ADD COLUMN product_kind TEXT
    CHECK (product_kind IS NULL OR product_kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE', 'COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION'));
UPDATE tax_rates SET product_kind = kind_before_learning;
ALTER TABLE tax_rates DROP COLUMN kind_before_learning;

ALTER TABLE order_items RENAME COLUMN product_kind TO kind_before_learning;
ALTER TABLE order_items ADD COLUMN product_kind TEXT NOT NULL DEFAULT 'PHYSICAL'
    CHECK (product_kind IN ('PHYSICAL', 'DIGITAL', 'BUNDLE', 'COURSE', 'COURSE_BUNDLE', 'TEAM_LICENCE', 'CERTIFICATION'));
UPDATE order_items SET product_kind = kind_before_learning;
ALTER TABLE order_items DROP COLUMN kind_before_learning;

-- A course's syllabus: a JSON array of module titles, in order. A course's enrolment limit is
-- its variant's stock (track_inventory), so places are held and sold like stock.
CREATE TABLE course_details (
    product_id BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    modules TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(modules)),
    level TEXT NOT NULL DEFAULT 'ALL' CHECK (level IN ('BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'ALL')),
    hours INTEGER NOT NULL DEFAULT 0 CHECK (hours >= 0)
);

-- A COURSE_BUNDLE's courses and a TEAM_LICENCE's course are its `bundle_items`. The bundle's
-- variant price is the courses' sum less this discount (kept up to date when either changes).
CREATE TABLE bundle_discounts (
    product_id BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    percent_bps INTEGER CHECK (percent_bps IS NULL OR percent_bps BETWEEN 0 AND 10000),
    amount BIGINT CHECK (amount IS NULL OR amount >= 0),
    CHECK ((percent_bps IS NULL) <> (amount IS NULL))
);

-- A TEAM_LICENCE's per-seat prices: from `min_seats` seats on, each costs `unit_amount` (in the
-- variant's currency). The first tier starts at 2 seats.
CREATE TABLE seat_tiers (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    min_seats INTEGER NOT NULL CHECK (min_seats BETWEEN 2 AND 1000),
    unit_amount BIGINT NOT NULL CHECK (unit_amount >= 0),
    PRIMARY KEY (product_id, min_seats)
);

-- Courses a CERTIFICATION's buyer must own (or have in the same cart).
CREATE TABLE certification_prerequisites (
    certification_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    PRIMARY KEY (certification_id, course_id)
);
CREATE INDEX idx_certification_prerequisites_course_id ON certification_prerequisites (course_id);

-- A CERTIFICATION's variants are its cohorts (exam dates); capacity is the variant's stock.
CREATE TABLE cohorts (
    variant_id BIGINT PRIMARY KEY REFERENCES product_variants (id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL CHECK (length(starts_on) = 10)
);

-- Team licences bought: `seats` seats on the licence product's courses, owned by the buyer.
CREATE TABLE licences (
    id INTEGER PRIMARY KEY,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    owner_user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    order_item_id BIGINT NOT NULL UNIQUE REFERENCES order_items (id) ON DELETE CASCADE,
    seats INTEGER NOT NULL CHECK (seats BETWEEN 2 AND 1000),
    status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED')),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX idx_licences_owner_user_id ON licences (owner_user_id);
CREATE INDEX idx_licences_order_id ON licences (order_id);

-- A licence's seats: invited by email (only a hash of the accept token is kept), taken by an
-- account, revoked (and then free to invite someone else).
CREATE TABLE licence_seats (
    id INTEGER PRIMARY KEY,
    licence_id BIGINT NOT NULL REFERENCES licences (id) ON DELETE CASCADE,
    email TEXT NOT NULL CHECK (email = lower(email)),
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    token_hash TEXT UNIQUE,
    status TEXT NOT NULL DEFAULT 'INVITED' CHECK (status IN ('INVITED', 'ACTIVE', 'REVOKED')),
    invited_at TEXT NOT NULL,
    accepted_at TEXT,
    revoked_at TEXT,
    last_opened_at TEXT
);
CREATE UNIQUE INDEX idx_licence_seats_live_email ON licence_seats (licence_id, email) WHERE status <> 'REVOKED';
CREATE INDEX idx_licence_seats_user_id ON licence_seats (user_id);

-- Access to a course: from an order line (a course, or a bundle's share) or from a seat.
-- The unique keys make granting idempotent: a replayed confirmation grants nothing twice.
CREATE TABLE enrolments (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    order_id BIGINT REFERENCES orders (id) ON DELETE CASCADE,
    order_item_id BIGINT REFERENCES order_items (id) ON DELETE CASCADE,
    seat_id BIGINT REFERENCES licence_seats (id) ON DELETE CASCADE,
    -- The part of the line's price this course carries (a bundle's share), for exact refunds.
    share_amount BIGINT CHECK (share_amount IS NULL OR share_amount >= 0),
    status TEXT NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED')),
    granted_at TEXT NOT NULL,
    revoked_at TEXT,
    UNIQUE (order_item_id, course_id),
    UNIQUE (seat_id, course_id)
);
CREATE INDEX idx_enrolments_user_id ON enrolments (user_id, course_id);
CREATE INDEX idx_enrolments_course_id ON enrolments (course_id);
CREATE INDEX idx_enrolments_order_id ON enrolments (order_id);

-- "Mark module done": module indexes (0-based) into the course's syllabus.
CREATE TABLE course_progress (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    module INTEGER NOT NULL CHECK (module >= 0),
    completed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, course_id, module)
);

-- A place in a certification cohort; staff mark it PASSED (a certificate with a public
-- verification code) or FAILED.
CREATE TABLE certification_registrations (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    variant_id BIGINT REFERENCES product_variants (id) ON DELETE SET NULL,
    order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    order_item_id BIGINT NOT NULL UNIQUE REFERENCES order_items (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'PASSED', 'FAILED', 'REVOKED')),
    certificate_code TEXT UNIQUE,
    passed_at TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX idx_certification_registrations_user_id ON certification_registrations (user_id);
CREATE INDEX idx_certification_registrations_product_id ON certification_registrations (product_id);
CREATE INDEX idx_certification_registrations_order_id ON certification_registrations (order_id);

-- The file a DIGITAL product delivers, served through its order's download links.
CREATE TABLE download_files (
    product_id BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL CHECK (length(file_name) > 0),
    content_type TEXT NOT NULL DEFAULT 'application/octet-stream',
    content BLOB NOT NULL
);
ALTER TABLE download_links ADD COLUMN revoked_at TEXT;
