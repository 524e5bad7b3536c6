//! The pages as lazily loaded routes. With `cargo leptos --split` (which `./dev` always
//! passes) each group below is its own WebAssembly module, fetched when one of its pages is
//! first shown (before hydrating, when it is the page the server rendered). A first visit
//! downloads the shell plus that page's group, not the whole shop; the server renders every
//! page exactly as before.
//!
//! The groups follow how people move through the shop and keep the number of files small
//! (every split point multiplies the shared chunks): home, listings, product, cart,
//! checkout with the order page, the account pages, the back office.

use leptos::prelude::*;
use leptos_router::{Lazy, LazyRoute};

use crate::pages::account::{
    AddressEditPage, AddressesPage, ForgotPasswordPage, LoginPage, OrdersPage, ProfilePage,
    RegisterPage, ResetPasswordPage, WishlistPage,
};
use crate::pages::admin::{
    AdminCustomerPage, AdminCustomersPage, AdminHomePage, AdminImportPage, AdminJobsPage,
    AdminOrderPage, AdminOrdersPage, AdminOutboxMailPage, AdminOutboxPage, AdminProductPage,
    AdminProductsPage, AdminPromotionPage, AdminPromotionsPage, AdminSettingsPage,
};
use crate::pages::{
    CartPage, CategoryPage, CheckoutPage, HomePage, OrderPage, ProductPage, ProductsPage,
    SearchPage, UnsubscribePage,
};

/// Pages of the listing group.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum ListingPage {
    Products,
    Search,
    Category,
}

/// Pages of the checkout group.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum CheckoutGroup {
    Checkout,
    Order,
}

/// Pages of the account group.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum AccountPage {
    Profile,
    Login,
    Register,
    ForgotPassword,
    ResetPassword,
    Orders,
    Addresses,
    AddressEdit,
    Wishlist,
    Unsubscribe,
}

/// Pages of the back office.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum AdminPage {
    Home,
    Orders,
    Order,
    Products,
    Product,
    Import,
    Promotions,
    Promotion,
    Customers,
    Customer,
    Outbox,
    OutboxMail,
    Jobs,
    Settings,
}

#[lazy]
fn home_group() -> AnyView {
    view! { <HomePage /> }.into_any()
}

#[lazy]
fn listing_group(page: ListingPage) -> AnyView {
    match page {
        ListingPage::Products => view! { <ProductsPage /> }.into_any(),
        ListingPage::Search => view! { <SearchPage /> }.into_any(),
        ListingPage::Category => view! { <CategoryPage /> }.into_any(),
    }
}

#[lazy]
fn product_group() -> AnyView {
    view! { <ProductPage /> }.into_any()
}

#[lazy]
fn cart_group() -> AnyView {
    view! { <CartPage /> }.into_any()
}

#[lazy]
fn checkout_group(page: CheckoutGroup) -> AnyView {
    match page {
        CheckoutGroup::Checkout => view! { <CheckoutPage /> }.into_any(),
        CheckoutGroup::Order => view! { <OrderPage /> }.into_any(),
    }
}

#[lazy]
fn account_group(page: AccountPage) -> AnyView {
    match page {
        AccountPage::Profile => view! { <ProfilePage /> }.into_any(),
        AccountPage::Login => view! { <LoginPage /> }.into_any(),
        AccountPage::Register => view! { <RegisterPage /> }.into_any(),
        AccountPage::ForgotPassword => view! { <ForgotPasswordPage /> }.into_any(),
        AccountPage::ResetPassword => view! { <ResetPasswordPage /> }.into_any(),
        AccountPage::Orders => view! { <OrdersPage /> }.into_any(),
        AccountPage::Addresses => view! { <AddressesPage /> }.into_any(),
        AccountPage::AddressEdit => view! { <AddressEditPage /> }.into_any(),
        AccountPage::Wishlist => view! { <WishlistPage /> }.into_any(),
        AccountPage::Unsubscribe => view! { <UnsubscribePage /> }.into_any(),
    }
}

#[lazy]
fn admin_group(page: AdminPage) -> AnyView {
    match page {
        AdminPage::Home => view! { <AdminHomePage /> }.into_any(),
        AdminPage::Orders => view! { <AdminOrdersPage /> }.into_any(),
        AdminPage::Order => view! { <AdminOrderPage /> }.into_any(),
        AdminPage::Products => view! { <AdminProductsPage /> }.into_any(),
        AdminPage::Product => view! { <AdminProductPage /> }.into_any(),
        AdminPage::Import => view! { <AdminImportPage /> }.into_any(),
        AdminPage::Promotions => view! { <AdminPromotionsPage /> }.into_any(),
        AdminPage::Promotion => view! { <AdminPromotionPage /> }.into_any(),
        AdminPage::Customers => view! { <AdminCustomersPage /> }.into_any(),
        AdminPage::Customer => view! { <AdminCustomerPage /> }.into_any(),
        AdminPage::Outbox => view! { <AdminOutboxPage /> }.into_any(),
        AdminPage::OutboxMail => view! { <AdminOutboxMailPage /> }.into_any(),
        AdminPage::Jobs => view! { <AdminJobsPage /> }.into_any(),
        AdminPage::Settings => view! { <AdminSettingsPage /> }.into_any(),
    }
}

/// One route per page: `Route => group(args…), its preload`.
macro_rules! lazy_routes {
    ($($route:ident => $group:ident($($arg:expr)?), $preload:ident;)+) => {$(
        #[doc = concat!("A page of `", stringify!($group), "`, loaded on demand.")]
        pub struct $route;

        impl $route {
            /// The route's view for `<Route view=…>`.
            pub fn lazy() -> Lazy<Self> {
                Lazy::new()
            }
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(this: Self) -> AnyView {
                let _ = this;
                let view = $group($($arg)?).await;
                // Only now is the page's own chunk here: the document counts as hydrated
                // once this view is.
                crate::components::mark_hydrated();
                view
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    )+};
}

lazy_routes! {
    HomeRoute => home_group(), __preload_home_group;
    ProductsRoute => listing_group(ListingPage::Products), __preload_listing_group;
    SearchRoute => listing_group(ListingPage::Search), __preload_listing_group;
    CategoryRoute => listing_group(ListingPage::Category), __preload_listing_group;
    ProductRoute => product_group(), __preload_product_group;
    CartRoute => cart_group(), __preload_cart_group;
    CheckoutRoute => checkout_group(CheckoutGroup::Checkout), __preload_checkout_group;
    OrderRoute => checkout_group(CheckoutGroup::Order), __preload_checkout_group;
    ProfileRoute => account_group(AccountPage::Profile), __preload_account_group;
    LoginRoute => account_group(AccountPage::Login), __preload_account_group;
    RegisterRoute => account_group(AccountPage::Register), __preload_account_group;
    ForgotPasswordRoute => account_group(AccountPage::ForgotPassword), __preload_account_group;
    ResetPasswordRoute => account_group(AccountPage::ResetPassword), __preload_account_group;
    OrdersRoute => account_group(AccountPage::Orders), __preload_account_group;
    AddressesRoute => account_group(AccountPage::Addresses), __preload_account_group;
    AddressEditRoute => account_group(AccountPage::AddressEdit), __preload_account_group;
    WishlistRoute => account_group(AccountPage::Wishlist), __preload_account_group;
    UnsubscribeRoute => account_group(AccountPage::Unsubscribe), __preload_account_group;
    AdminHomeRoute => admin_group(AdminPage::Home), __preload_admin_group;
    AdminOrdersRoute => admin_group(AdminPage::Orders), __preload_admin_group;
    AdminOrderRoute => admin_group(AdminPage::Order), __preload_admin_group;
    AdminProductsRoute => admin_group(AdminPage::Products), __preload_admin_group;
    AdminProductRoute => admin_group(AdminPage::Product), __preload_admin_group;
    AdminImportRoute => admin_group(AdminPage::Import), __preload_admin_group;
    AdminPromotionsRoute => admin_group(AdminPage::Promotions), __preload_admin_group;
    AdminPromotionRoute => admin_group(AdminPage::Promotion), __preload_admin_group;
    AdminCustomersRoute => admin_group(AdminPage::Customers), __preload_admin_group;
    AdminCustomerRoute => admin_group(AdminPage::Customer), __preload_admin_group;
    AdminOutboxRoute => admin_group(AdminPage::Outbox), __preload_admin_group;
    AdminOutboxMailRoute => admin_group(AdminPage::OutboxMail), __preload_admin_group;
    AdminJobsRoute => admin_group(AdminPage::Jobs), __preload_admin_group;
    AdminSettingsRoute => admin_group(AdminPage::Settings), __preload_admin_group;
}
