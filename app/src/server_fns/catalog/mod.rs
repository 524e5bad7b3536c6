mod categories;
mod featured;

pub use categories::{TopCategories, top_categories};
pub use featured::{FeaturedProducts, featured_products};
