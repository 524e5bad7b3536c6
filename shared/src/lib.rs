//! What crosses the wire: the data the server builds and the pages render (on the server and,
//! for islands, in the browser), one module per feature, and [`errors::AppError`]. Isomorphic:
//! no database, no IO. With `ssr` (the server build) errors can also set the HTTP status.

pub mod account;
pub mod admin;
pub mod admin_subscription;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod errors;
pub mod learning;
pub mod listing;
pub mod ops;
pub mod order;
pub mod product;
pub mod subscription;
