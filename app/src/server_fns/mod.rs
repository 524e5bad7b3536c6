//! Server functions, grouped by resource. All live under the `/_fn` prefix so they never
//! shadow the public REST API under `/api`.

pub mod catalog;

/// Prefix for every server function URL.
pub const PREFIX: &str = "/_fn";
