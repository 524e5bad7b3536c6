//! The catalogue half of the back office: products and variants, stock adjustments and
//! low-stock alerts, product images, CSV export/import, and the dashboard. The admin pages,
//! the CSV routes and the JSON API call these functions, so the rules are the same
//! everywhere; every change by staff leaves an `audit_events` row.

pub mod csv_cells;
pub mod csv_orders;
pub mod csv_products;
pub mod customers;
pub mod dashboard;
pub mod inventory;
pub mod learning_products;
pub mod media;
pub mod operations;
pub mod product_save;
pub mod products;
pub mod promotions;
pub mod store_settings;
pub mod subscriptions;
pub mod taxonomy;

pub use csv_orders::export_orders;
pub use csv_products::{export_products, import_products, import_with_progress};
pub use customers::{customer, list_customers, set_role};
pub use dashboard::{dashboard, low_stock_count};
pub use inventory::{AdjustReason, StockLevel, adjust_stock, low_stock_sweep, set_threshold};
pub use media::{MAX_IMAGE_BYTES, add_image, remove_image};
pub use product_save::{ProductInput, SaveOutcome, VariantInput, archive_product, save_product};
pub use products::{editor, list_products, load_product};
pub use promotions::{delete_promotion, list_promotions, load_promotion, preview, save_promotion};
pub use taxonomy::{
    BrandInput, CategoryInput, create_brand, create_category, list_taxonomy, set_brand_active,
    set_category_active, update_brand, update_category,
};

pub(crate) use crate::orders::audit;

pub(crate) fn db_err(e: sqlx::Error) -> shared::errors::AppError {
    crate::db::query_error("back-office query", e)
}

/// A unique value (slug, SKU, code) another writer took between our check and our write
/// (PostgreSQL, two saves at once): a 409 saying so, not a failure.
pub(crate) fn clash(what: &'static str) -> impl Fn(sqlx::Error) -> shared::errors::AppError {
    move |e| {
        if crate::db::is_unique_violation(&e) {
            shared::errors::AppError::Conflict(format!(
                "Someone else saved the same {what} a moment ago; reload and try again."
            ))
        } else {
            db_err(e)
        }
    }
}
