//! Top-level pages, one per route.

mod home;
mod listing;
mod not_found;
mod product;

pub use home::HomePage;
pub use listing::{CategoryPage, ListingKind, ProductsPage, SearchPage};
pub use not_found::NotFound;
pub use product::ProductPage;
