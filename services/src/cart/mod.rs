//! Carts: a guest's cart hangs off the session (by token), a signed-in shopper's off the
//! account. Every change runs in one transaction that first touches the cart row, which
//! serialises changes to one cart on both engines (PostgreSQL row lock, SQLite's single
//! writer); the line itself is an upsert on UNIQUE (cart_id, variant_id), so concurrent adds
//! never lose an update or duplicate a line. The limits and totals come from the domain core.

mod add;
mod items;
mod lifecycle;
mod lookup;
mod merge;
mod view;

pub use add::add_to_cart;
pub use items::{Added, add_item, clear, remove_item, set_quantity, variant_for_sale};
pub use lifecycle::sweep;
pub use lookup::{CartRef, Owner, find_cart, item_count, owner_of};
pub use merge::merge_into_user;
pub use view::load_view;

use shared::errors::AppError;

fn db_err(e: sqlx::Error) -> AppError {
    crate::db::query_error("cart query", e)
}
