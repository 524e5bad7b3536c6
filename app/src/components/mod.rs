//! Reusable view pieces.

mod category_menu;
mod error_panel;
mod footer;
mod header;
mod price;
mod product_card;

pub use category_menu::CategoryMenu;
pub use error_panel::ErrorPanel;
pub use footer::Footer;
pub use header::Header;
pub use price::Price;
pub use product_card::{ProductCardView, ProductGrid};
