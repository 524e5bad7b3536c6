//! Staff catalogue management: list, editor, save, archive, stock, images.

mod edit;
mod list;
mod stock;

pub use edit::{
    AdminArchiveProduct, AdminRemoveImage, AdminSaveProduct, admin_archive_product,
    admin_remove_image, admin_save_product,
};
pub use list::{AdminListProducts, AdminProductEditor, admin_list_products, admin_product_editor};
pub use stock::{AdminAdjustStock, AdminSetThreshold, admin_adjust_stock, admin_set_threshold};
