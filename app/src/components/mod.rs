//! Reusable view pieces.

mod auto_submit;
mod breadcrumbs;
mod card_fields;
mod cart_count;
mod category_menu;
mod error_panel;
mod filters;
mod footer;
mod header;
mod hydration_scripts;
mod line_quantities;
mod listing_toolbar;
mod logo;
mod pagination;
mod price;
mod product_card;
mod refresh;
mod request_error;
mod search_box;
mod session_ctx;

pub use auto_submit::{AutoSubmit, submit_enclosing_form};
pub use breadcrumbs::Breadcrumbs;
pub use card_fields::TestCardFields;
pub use cart_count::show_cart_count;
pub use category_menu::CategoryMenu;
pub use error_panel::ErrorPanel;
pub use filters::{FILTER_FORM_ID, FilterSidebar};
pub use footer::Footer;
pub use header::Header;
pub use hydration_scripts::DeferredHydrationScripts;
pub use line_quantities::LineQuantities;
pub use listing_toolbar::ListingToolbar;
pub use logo::Logo;
pub use pagination::Pagination;
pub use price::Price;
pub use product_card::{ProductCardView, ProductGrid};
pub use refresh::Refreshing;
pub use request_error::RequestError;
pub use search_box::SearchBox;
pub use session_ctx::{
    ActionMessage, BUTTON, BUTTON_LIGHT, CategoriesResource, FlashBanner, INPUT, LABEL,
    SummaryResource, message_text, provide_session_context, store_name, use_summary,
};
