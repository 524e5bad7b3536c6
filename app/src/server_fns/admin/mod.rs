//! The back office's server functions (`/_fn/admin/…`). Every one checks the caller's role
//! on the server first (a shopper gets 403 and nothing happens); the server also refuses any
//! `/_fn/admin/` call from a non-staff session before it is decoded.

pub mod customers;
pub mod learning_products;
pub mod operations;
pub mod orders;
mod overview;
pub mod products;
pub mod promotions;
pub mod settings;
pub mod subscriptions;
pub mod taxonomy;

pub use overview::{AdminDashboard, AdminImportReport, admin_dashboard, admin_import_report};

/// Line picks from a form's parallel `item[i]` / `qty[i]` fields (blank or 0 quantities
/// are skipped).
#[cfg(feature = "ssr")]
pub(crate) fn picks(
    item: &[String],
    qty: &[String],
) -> Result<Vec<storefront::LinePick>, shared::errors::AppError> {
    use shared::errors::AppError;
    if item.len() != qty.len() || item.len() > 500 {
        return Err(AppError::invalid("lines", "The item list is not valid."));
    }
    let mut out = Vec::new();
    for (i, q) in item.iter().zip(qty) {
        let q = q.trim();
        if q.is_empty() {
            continue;
        }
        let quantity: u32 = q.parse().map_err(|_| {
            AppError::invalid("lines", format!("{q:?} is not a quantity (use 0 to 999)."))
        })?;
        if quantity > 999 {
            return Err(AppError::invalid("lines", "Use quantities from 0 to 999."));
        }
        if quantity == 0 {
            continue;
        }
        out.push(storefront::LinePick {
            order_item_id: crate::server_fns::ctx::parse_id(i, "item")?,
            quantity,
        });
    }
    Ok(out)
}
