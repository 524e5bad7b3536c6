mod categories;
mod featured;
mod list;
mod product;
mod suggest;

pub use categories::{TopCategories, top_categories};
pub use featured::{Bestsellers, FeaturedProducts, bestsellers, featured_products};
pub use list::{ListProducts, list_products};
pub use product::{GetProduct, get_product};
pub use suggest::{Suggest, suggest};
