//! Routes, pages, components and server functions of the storefront.
//!
//! Built twice: with `ssr` for the server (queries, state, auth live here behind the feature)
//! and with `hydrate` for the browser.
#![recursion_limit = "512"]

mod app;
pub mod components;
pub mod pages;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod security;

pub use app::{App, shell};

/// The shop's display name.
pub const SHOP_NAME: &str = "Larkspur & Co.";
