//! HTTP outside the Leptos app: the JSON API, the other plain axum routes, and the
//! middleware every request passes through.

pub mod api;
pub mod back_office;
pub mod downloads;
pub mod health;
pub mod middleware;
pub mod payments;
pub mod recovery;
pub mod seo;
