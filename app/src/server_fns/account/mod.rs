//! Accounts: sign-up, sign-in/out, profile, password, address book, wishlist, orders.

mod addresses;
mod login;
mod logout;
mod orders;
mod password;
mod profile;
mod register;
mod reset;
mod wishlist;

pub use addresses::{
    DeleteAddress, GetAddress, ListAddresses, SaveAddress, SetDefaultAddress, delete_address,
    get_address, list_addresses, save_address, set_default_address,
};
pub use login::{Login, login};
pub use logout::{Logout, logout};
pub use orders::{
    CancelMyOrder, MyOrders, RequestOrderReturn, cancel_my_order, my_orders, request_order_return,
};
pub use password::{ChangePassword, change_password};
pub use profile::{CurrentUserFn, UpdateProfile, current_user, update_profile};
pub use register::{ConfirmAccount, Register, confirm_account, register};
pub use reset::{RequestPasswordReset, ResetPassword, request_password_reset, reset_password};
pub use wishlist::{
    AddToWishlist, MoveToCart, MyWishlist, RemoveFromWishlist, add_to_wishlist, move_to_cart,
    my_wishlist, remove_from_wishlist,
};

/// What sign-in and sign-up answer: where to go next and merge notices.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignedIn {
    pub user: shared::account::CurrentUser,
    pub notices: Vec<String>,
    pub next: String,
}

#[cfg(feature = "ssr")]
fn welcome(s: &SignedIn, verb: &str) -> Option<shared::account::Flash> {
    let mut text = format!("{verb}, {}.", s.user.greeting_name());
    for n in &s.notices {
        text.push(' ');
        text.push_str(n);
    }
    Some(if s.notices.is_empty() {
        shared::account::Flash::success(text)
    } else {
        shared::account::Flash::notice(text)
    })
}
