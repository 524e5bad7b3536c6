//! Top-level pages, one per route.

pub mod account;
mod cart;
mod home;
mod listing;
mod not_found;
mod page_error;
mod product;

pub use cart::CartPage;
pub use home::HomePage;
pub use listing::{CategoryPage, ListingKind, ProductsPage, SearchPage};
pub use not_found::NotFound;
pub use page_error::PageError;
pub use product::ProductPage;
