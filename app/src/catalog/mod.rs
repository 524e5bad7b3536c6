//! Catalog queries (server side). Same SQL on SQLite and PostgreSQL.

mod categories;
mod featured;

pub use categories::top_categories;
pub use featured::featured_products;
