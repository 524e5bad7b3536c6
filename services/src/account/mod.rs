//! The account area's data: address book, wishlist, order history.

pub mod addresses;
pub mod orders;
pub mod wishlist;

use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("account query", e)
}
