// Release builds (no type erasure) nest view types deeply.
#![recursion_limit = "512"]

//! The storefront's HTTP server: configuration, telemetry, database, sessions, jobs, routes.

pub mod assets;
pub mod config;
pub mod csrf;
pub mod db;
pub mod demo;
pub mod email;
pub mod flash;
pub mod jobs;
pub mod limits;
pub mod metrics;
pub mod payments;
pub mod routes;
pub mod security_headers;
pub mod sessions;
pub mod staff_guard;
pub mod startup;
pub mod telemetry;
pub mod timing;

pub use config::Config;
pub use startup::Application;
