//! Demo data: the catalog loaded into an empty shop, and the bootstrap admin account.

mod admin;
mod catalog;
mod promotions;
mod seed;
mod shipping_tax;

pub use admin::{AdminReport, ensure_admin};
pub use catalog::{DemoCatalog, demo_catalog};
pub use seed::seed_if_needed;
