//! Catalogue editing rules shared by the back office, the CSV import and the JSON API.

mod attributes;

pub use attributes::{AttributeError, VariantAttributes, VariantSetError, product_options};
