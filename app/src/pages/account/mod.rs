//! `/account/…`: sign-in, sign-up, password reset, profile, address book, wishlist, orders,
//! learning.

mod addresses;
mod auth_forms;
mod invoice;
mod learning;
mod orders;
mod profile;
mod reset;
mod subscriptions;
mod team;
mod wishlist;

pub use addresses::{AddressEditPage, AddressesPage};
pub use auth_forms::{CheckEmailPage, ConfirmAccountPage, LoginPage, RegisterPage};
pub use invoice::InvoicePage;
pub use learning::LearningPage;
pub use orders::OrdersPage;
pub use profile::ProfilePage;
pub use reset::{ForgotPasswordPage, ResetPasswordPage};
pub use subscriptions::SubscriptionsPage;
pub use team::TeamPage;
pub use wishlist::WishlistPage;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::use_summary;
use shared::account::CurrentUser;

/// Renders `page` for the signed-in user; otherwise sends the visitor to sign in and back.
#[component]
pub fn RequireUser(page: fn(CurrentUser) -> AnyView) -> impl IntoView {
    let summary = use_summary();
    let location = use_location();
    view! {
        <Transition fallback=|| {
            view! { <p class="p-10 text-stone-500">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match summary.await.ok().and_then(|s| s.user) {
                    Some(user) => page(user),
                    None => {
                        sign_in_first(
                            location.pathname.get_untracked(),
                            "Please sign in to see your account.",
                        )
                    }
                }
            })}
        </Transition>
    }
}

/// Sends a signed-out visitor to sign in (a redirect, with a link in the page as a fallback),
/// coming back to this page afterwards.
pub fn sign_in_first(next: String, message: &'static str) -> AnyView {
    let login = format!("/account/login?next={next}");
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&login);
    view! {
        <div class="mx-auto max-w-md px-4 py-16 text-center">
            <p>{message}</p>
            <a href=login class="mt-4 inline-block font-semibold text-violet-700 hover:underline">
                "Sign in"
            </a>
        </div>
    }
    .into_any()
}

/// Side navigation of the account area.
#[component]
pub fn AccountNav(current: &'static str) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str| {
        let class = if href == current {
            "block rounded-lg bg-stone-900 px-3 py-2 text-white"
        } else {
            "block rounded-lg px-3 py-2 hover:bg-stone-100"
        };
        view! {
            <li>
                <a href=href class=class>
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <nav aria-label="Account" class="text-sm font-medium">
            <ul class="space-y-1">
                {link("/account", "Profile")} {link("/account/orders", "Orders")}
                {link("/account/subscriptions", "Subscriptions")}
                {link("/account/learning", "My learning")} {link("/account/addresses", "Addresses")}
                {link("/account/wishlist", "Wishlist")}
            </ul>
            <LogoutButton />
        </nav>
    }
}

/// Sign out (a POST form, so it works without JavaScript).
#[component]
pub fn LogoutButton() -> impl IntoView {
    let action = ServerAction::<crate::server_fns::account::Logout>::new();
    view! {
        <leptos::form::ActionForm action attr:class="mt-4">
            <button
                type="submit"
                class="px-3 py-2 text-sm text-stone-500 hover:text-red-700"
                data-testid="logout"
            >
                "Sign out"
            </button>
        </leptos::form::ActionForm>
    }
}
