//! Server functions, grouped by resource. All live under the `/_fn` prefix so they never
//! shadow the public REST API under `/api`.

pub mod account;
pub mod admin;
pub mod cart;
pub mod catalog;
pub mod checkout;
#[cfg(feature = "ssr")]
pub mod ctx;
pub mod learning;
pub mod session;
pub mod subscriptions;
#[cfg(feature = "ssr")]
pub mod visitor;

/// Prefix for every server function URL.
pub const PREFIX: &str = "/_fn";
