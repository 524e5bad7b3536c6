//! Catalog queries (server side). Same SQL on SQLite and PostgreSQL.

mod categories;
mod categories_tree;
mod featured;
mod listing;
mod product;
mod search_terms;

pub use categories::top_categories;
pub use categories_tree::{CategoryNode, CategoryTree};
pub use featured::{bestsellers, featured_products};
pub use listing::{list_products, suggest};
pub use product::{cards_by_ids, product_detail};
