mod categories;
mod featured;
mod list;
mod product;

pub use categories::{TopCategories, top_categories};
pub use featured::{FeaturedProducts, featured_products};
pub use list::{ListProducts, list_products};
pub use product::{GetProduct, get_product};
