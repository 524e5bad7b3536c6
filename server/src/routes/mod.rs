//! Plain axum routes (non-Leptos).

pub mod api;
pub mod health;
pub mod payments;
pub mod seo;
