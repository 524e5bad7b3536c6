//! The back office under `/admin` (staff only): dashboard, orders, products with stock and
//! images, promotions, customers and roles, CSV import/export.

mod customers;
mod dashboard;
mod import;
mod jobs;
mod learning;
mod order;
mod orders;
mod outbox;
mod product;
mod products;
mod promotions;
mod settings;
mod subscription;
mod subscriptions;
mod taxonomy;

pub use customers::{AdminCustomerPage, AdminCustomersPage};
pub use dashboard::{AdminHomePage, RevenueChart};
pub use import::AdminImportPage;
pub use jobs::AdminJobsPage;
pub use learning::AdminLearningPage;
pub use order::AdminOrderPage;
pub use orders::AdminOrdersPage;
pub use outbox::{AdminOutboxMailPage, AdminOutboxPage};
pub use product::AdminProductPage;
pub use products::AdminProductsPage;
pub use promotions::{AdminPromotionPage, AdminPromotionsPage};
pub use settings::AdminSettingsPage;
pub use subscription::AdminSubscriptionPage;
pub use subscriptions::AdminSubscriptionsPage;
pub use taxonomy::AdminTaxonomyPage;

use leptos::prelude::*;

use crate::components::use_summary;
use shared::account::CurrentUser;

/// Renders `page` for staff; a shopper sees a 403 page, a visitor is sent to sign in.
#[component]
pub fn RequireStaff(page: fn(CurrentUser) -> AnyView) -> impl IntoView {
    let summary = use_summary();
    let location = leptos_router::hooks::use_location();
    view! {
        <Transition fallback=|| {
            view! { <p class="p-10 text-stone-500">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match summary.await.ok().and_then(|s| s.user) {
                    Some(user) if user.is_staff() => page(user),
                    Some(_) => {
                        #[cfg(feature = "ssr")]
                        if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                            r.set_status(axum::http::StatusCode::FORBIDDEN);
                        }
                        view! {
                            <div
                                class="mx-auto max-w-md px-4 py-16 text-center"
                                data-testid="staff-only"
                            >
                                <h1 class="font-serif text-2xl font-semibold">"Staff only"</h1>
                                <p class="mt-2 text-stone-600">
                                    "The back office is for shop staff. Your account cannot open it."
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        crate::pages::account::sign_in_first(
                            location.pathname.get_untracked(),
                            "Please sign in with a staff account.",
                        )
                    }
                }
            })}
        </Transition>
    }
}

/// The back office's navigation.
#[component]
pub fn AdminNav(current: &'static str) -> impl IntoView {
    let link = move |href: &'static str, label: &'static str| {
        let class = if href == current {
            "rounded-lg bg-stone-900 px-3 py-1.5 text-sm text-white"
        } else {
            "rounded-lg px-3 py-1.5 text-sm hover:bg-stone-200"
        };
        view! {
            <a href=href class=class>
                {label}
            </a>
        }
    };
    view! {
        <nav
            class="flex flex-wrap items-center gap-2 border-b border-stone-200 pb-3"
            aria-label="Back office"
        >
            <span class="mr-3 font-serif text-lg font-semibold">"Back office"</span>
            {link("/admin", "Overview")}
            {link("/admin/orders", "Orders")}
            {link("/admin/products", "Products")}
            {link("/admin/catalogue", "Categories & brands")}
            {link("/admin/promotions", "Promotions")}
            {link("/admin/customers", "Customers")}
            {link("/admin/learning", "Learning")}
            {link("/admin/subscriptions", "Subscriptions")}
            {link("/admin/import", "Import / export")}
            {link("/admin/outbox", "Outbox")}
            {link("/admin/jobs", "Jobs")}
            {link("/admin/settings", "Settings")}
        </nav>
    }
}

/// `path?k=v&…` with the given values that are set, encoded: a list's "next page" link that
/// keeps its filters.
pub(crate) fn page_href(path: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", shared::listing::url_encode(v))))
        .collect();
    format!("{path}?{}", query.join("&"))
}

/// "LC-100042 · SHIPPED" style badge colours.
pub(crate) fn status_class(status: &str) -> &'static str {
    match status {
        "PENDING" => "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800",
        "CONFIRMED" | "PROCESSING" => {
            "rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800"
        }
        "SHIPPED" | "DELIVERED" => {
            "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800"
        }
        _ => "rounded-full bg-stone-200 px-2 py-0.5 text-xs font-medium text-stone-700",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_links_keep_the_filters_encoded() {
        assert_eq!(
            super::page_href(
                "/admin/customers",
                &[
                    ("after", Some("42")),
                    ("q", Some("ann & bo")),
                    ("role", None)
                ],
            ),
            "/admin/customers?after=42&q=ann+%26+bo"
        );
    }
}
