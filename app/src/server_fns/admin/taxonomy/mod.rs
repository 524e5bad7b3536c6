//! Categories and brands (`/admin/catalogue`): the list, create or save (rename, re-slug, move
//! a category under another parent) and archive/restore. Staff only; a plain form post comes
//! back to the page with a flash message.

mod archive_brand;
mod archive_category;
mod list;
mod save_brand;
mod save_category;

pub use archive_brand::{AdminArchiveBrand, admin_archive_brand};
pub use archive_category::{AdminArchiveCategory, admin_archive_category};
pub use list::{AdminListTaxonomy, admin_list_taxonomy};
pub use save_brand::{AdminSaveBrand, admin_save_brand};
pub use save_category::{AdminSaveCategory, admin_save_category};

/// Where every form of the page comes back to.
#[cfg(feature = "ssr")]
const PAGE: &str = "/admin/catalogue";

/// `action` of an archive form: "archive" → not active, "restore" → active (else 422).
#[cfg(feature = "ssr")]
fn wanted_active(action: &str) -> Result<bool, shared::errors::AppError> {
    match action.trim() {
        "archive" => Ok(false),
        "restore" => Ok(true),
        _ => Err(shared::errors::AppError::invalid(
            "action",
            "Choose “archive” or “restore”.",
        )),
    }
}
