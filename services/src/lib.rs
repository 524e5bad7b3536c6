//! Server-only services: the database, accounts and sessions, carts, the catalogue, checkout
//! and payments, orders, the back office, mail and analytics. Server functions (`app`) and the
//! REST API, jobs and start-up (`server`) call these; they return the DTOs of `shared`.

pub mod account;
pub mod analytics;
pub mod auth;
pub mod back_office;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod client_ip;
pub mod clock;
pub mod db;
pub mod holds;
pub mod learning;
pub mod mail;
pub mod orders;
pub mod payments;
pub mod session;
pub mod settings;
pub mod state;
pub mod subscriptions;
pub mod tax;
pub mod throttle;
pub mod tokens;
