//! Catalog queries (server side). Same SQL on SQLite and PostgreSQL.

mod categories;
mod categories_tree;
mod facets;
mod featured;
mod listing;
mod listing_plan;
mod product;
mod search_terms;
mod summary;

pub use categories::top_categories;
pub use categories_tree::{CategoryNode, CategoryTree};
pub use featured::{bestsellers, featured_products};
pub use listing::{CountSource, list_products, list_products_with, suggest};
pub use product::{cards_by_ids, product_detail, refresh_recommendations};
pub use summary::refresh_listing_summary;
