//! Catalog queries (server side). Same SQL on SQLite and PostgreSQL.

mod featured;
mod categories;

pub use categories::top_categories;
pub use featured::featured_products;
