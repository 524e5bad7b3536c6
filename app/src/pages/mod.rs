//! Top-level pages, one per route.

pub mod account;
pub mod admin;
mod cart;
mod certificate;
pub mod checkout;
mod home;
mod learn;
mod listing;
mod not_found;
mod order;
mod page_error;
mod product;
mod team_accept;
mod unsubscribe;

pub use cart::CartPage;
pub use certificate::CertificatePage;
pub use checkout::CheckoutPage;
pub use home::HomePage;
pub use learn::LearnPage;
pub use listing::{CategoryPage, ListingKind, ProductsPage, SearchPage};
pub use not_found::NotFound;
pub use order::{OrderPage, Timeline};
pub use page_error::PageError;
pub use product::ProductPage;
pub use team_accept::TeamAcceptPage;
pub use unsubscribe::UnsubscribePage;
