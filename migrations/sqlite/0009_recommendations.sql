-- "Customers also bought", precomputed by the recommendations job (issue 7) instead of a
-- self-join over every order line on each product page view. SQLite twin of
-- migrations/postgres/0009_recommendations.sql.
CREATE TABLE product_recommendations (
    product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    recommended_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    orders BIGINT NOT NULL CHECK (orders > 0),
    position BIGINT NOT NULL CHECK (position > 0),
    PRIMARY KEY (product_id, recommended_id)
);
CREATE INDEX idx_product_recommendations_product_id_position ON product_recommendations (product_id, position);
