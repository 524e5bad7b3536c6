//! Plain axum routes (non-Leptos).

pub mod api;
pub mod back_office;
pub mod health;
pub mod payments;
pub mod recovery;
pub mod seo;
pub mod staff;
