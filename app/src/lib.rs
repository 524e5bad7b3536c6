//! Routes, pages, components and server functions of the storefront.
//!
//! Built twice: with `ssr` for the server (queries, state, auth live here behind the feature)
//! and with `hydrate` for the browser.
#![recursion_limit = "512"]

pub mod account_view;
pub mod admin_view;
mod app;
pub mod cart_view;
pub mod checkout_view;
pub mod components;
pub mod errors;
pub mod listing;
pub mod ops_view;
pub mod orders_view;
pub mod pages;
pub mod product;
pub mod server_fns;
pub mod types;

#[cfg(feature = "ssr")]
pub mod account;
#[cfg(feature = "ssr")]
pub mod analytics;
#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod back_office;
#[cfg(feature = "ssr")]
pub mod cart;
#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod checkout;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod orders;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod state;

pub use app::{App, shell};

/// The shop's display name.
pub const SHOP_NAME: &str = "Larkspur & Co.";
