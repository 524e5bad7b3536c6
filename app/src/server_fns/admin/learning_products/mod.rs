//! The product editor's "Learning" panel (a subscription plan's terms and a course's
//! "included in the subscription" too) and "New learning product"
//! (`/_fn/admin/learning_products/…`): one server function per file. Each checks the caller
//! is staff, parses the form and calls one `services::back_office::learning_products` use
//! case; a plain form post comes back to its page with a flash message.

mod add_cohort;
mod create;
mod panel;
mod remove_cohort;
mod save_bundle;
mod save_certification;
mod save_course;
mod save_plan;
mod save_seat_tiers;
mod set_capacity;
mod set_included;

pub use add_cohort::{AdminAddCohort, admin_add_cohort};
pub use create::{AdminCreateLearningProduct, admin_create_learning_product};
pub use panel::{AdminGetLearningPanel, admin_get_learning_panel};
pub use remove_cohort::{AdminRemoveCohort, admin_remove_cohort};
pub use save_bundle::{AdminSaveBundle, admin_save_bundle};
pub use save_certification::{AdminSaveCertification, admin_save_certification};
pub use save_course::{AdminSaveCourse, admin_save_course};
pub use save_plan::{AdminSavePlan, admin_save_plan};
pub use save_seat_tiers::{AdminSaveSeatTiers, admin_save_seat_tiers};
pub use set_capacity::{AdminSetCapacity, admin_set_capacity};
pub use set_included::{AdminSetIncluded, admin_set_included};

/// Ids from a form's list fields (checkboxes), blanks skipped.
#[cfg(feature = "ssr")]
fn parse_ids(values: &[String], what: &str) -> Result<Vec<i64>, shared::errors::AppError> {
    values
        .iter()
        .filter(|v| !v.trim().is_empty())
        .map(|v| crate::server_fns::ctx::parse_id(v, what))
        .collect()
}

/// A whole number of at most `max` from field `field` (blank: `None`), or a 422 naming it.
#[cfg(feature = "ssr")]
fn whole(value: &str, field: &str, max: u32) -> Result<Option<u32>, shared::errors::AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= max)
        .map(Some)
        .ok_or_else(|| {
            shared::errors::AppError::invalid(
                field,
                format!("{value:?} is not a whole number from 0 to {max}."),
            )
        })
}

/// The currency product `product_id`'s amounts are typed in: its variants', else the store's.
#[cfg(feature = "ssr")]
async fn currency_of(
    ctx: &crate::server_fns::ctx::Ctx,
    product_id: i64,
) -> Result<storefront::Currency, shared::errors::AppError> {
    Ok(
        services::back_office::learning_products::product_currency(ctx.db(), product_id)
            .await?
            .unwrap_or_else(|| ctx.state.settings.store().currency),
    )
}
