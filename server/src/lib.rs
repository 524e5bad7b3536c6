// Release builds (no type erasure) nest view types deeply.
#![recursion_limit = "512"]

//! The storefront's HTTP server: configuration, telemetry, database, jobs, payments, mail transport, and
//! `http` (the JSON API, plain routes and middleware).

pub mod assets;
pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod jobs;
pub mod mail_transport;
pub mod metrics;
pub mod payments;
pub mod session_store;
pub mod startup;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
