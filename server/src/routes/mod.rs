//! Plain axum routes (non-Leptos).

pub mod health;
