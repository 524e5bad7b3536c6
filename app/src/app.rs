use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Link, MetaTags, Title, provide_meta_context};
use leptos_router::any_nested_route::IntoAnyNestedRoute;
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::SHOP_NAME;
use crate::components::{
    CategoriesResource, DeferredHydrationScripts, FlashBanner, Footer, Header,
    provide_session_context, store_name,
};
use crate::pages::CertificatePage;
use crate::pages::NotFound;
use crate::pages::TeamAcceptPage;
use crate::pages::account::InvoicePage;
use crate::pages::account::SubscriptionsPage;
use crate::pages::account::TeamPage;
use crate::pages::account::{
    AddressEditPage, AddressesPage, CheckEmailPage, ConfirmAccountPage, ForgotPasswordPage,
    LearningPage, LoginPage, OrdersPage, ProfilePage, RegisterPage, ResetPasswordPage,
    WishlistPage,
};
use crate::pages::admin::AdminLearningPage;
use crate::pages::admin::AdminTaxonomyPage;
use crate::pages::admin::{
    AdminCustomerPage, AdminCustomersPage, AdminHomePage, AdminImportPage, AdminJobsPage,
    AdminOrderPage, AdminOrdersPage, AdminOutboxMailPage, AdminOutboxPage, AdminProductPage,
    AdminProductsPage, AdminPromotionPage, AdminPromotionsPage, AdminSettingsPage,
};
use crate::pages::admin::{AdminSubscriptionPage, AdminSubscriptionsPage};
use crate::pages::{
    CartPage, CategoryPage, CheckoutPage, HomePage, LearnPage, OrderPage, ProductPage,
    ProductsPage, SearchPage, UnsubscribePage,
};
use crate::server_fns::catalog::top_categories;

/// The HTML document around the app (server side only renders this).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // A nonce for this page's inline scripts, and the Content-Security-Policy allowing it.
    #[cfg(feature = "ssr")]
    crate::security::page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <DeferredHydrationScripts options />
                <MetaTags />
            </head>
            <body class="min-h-screen bg-stone-50 text-stone-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let categories: CategoriesResource = Resource::new(|| (), |_| top_categories());
    provide_context(categories);
    provide_session_context();

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <StoreTitle />
        <Router>
            <div class="flex min-h-screen flex-col">
                <Header />
                <FlashBanner />
                <main class="flex-1">
                    <Routes fallback=|| view! { <NotFound /> }>
                        <ShopRoutes />
                        <AccountRoutes />
                        <AdminRoutes />
                    </Routes>
                </main>
                <Footer />
            </div>
        </Router>
    }
}

// The route groups below are `<Routes>` children. Each ends in one `AnyNestedRoute`: under
// `--cfg erase_components` the `component` macro makes a component returning `impl
// MatchNestedRoutes` return exactly that type (leptos-rs/leptos#3939).

/// The storefront: home, listings, product pages, cart, checkout, orders and courses.
#[component(transparent)]
fn ShopRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
        <Route path=StaticSegment("products") view=ProductsPage ssr=SsrMode::Async />
        <Route path=StaticSegment("search") view=SearchPage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("p"), ParamSegment("slug"))
            view=ProductPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("c"), ParamSegment("slug"))
            view=CategoryPage
            ssr=SsrMode::Async
        />
        <Route path=StaticSegment("cart") view=CartPage ssr=SsrMode::Async />
        <Route path=StaticSegment("checkout") view=CheckoutPage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("orders"), ParamSegment("number"))
            view=OrderPage
            ssr=SsrMode::Async
        />
        <Route path=StaticSegment("unsubscribe") view=UnsubscribePage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("teams"), StaticSegment("accept"))
            view=TeamAcceptPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("learn"), ParamSegment("slug"))
            view=LearnPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("certificates"), ParamSegment("code"))
            view=CertificatePage
            ssr=SsrMode::Async
        />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The shopper's account: sign-in, registration, profile, orders, addresses, wishlist,
/// learning.
#[component(transparent)]
fn AccountRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=StaticSegment("account") view=ProfilePage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("account"), StaticSegment("login"))
            view=LoginPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("register"))
            view=RegisterPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("check-email"))
            view=CheckEmailPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("confirm"))
            view=ConfirmAccountPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("forgot-password"))
            view=ForgotPasswordPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("reset-password"))
            view=ResetPasswordPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("orders"))
            view=OrdersPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("addresses"))
            view=AddressesPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("addresses"), ParamSegment("id"))
            view=AddressEditPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("wishlist"))
            view=WishlistPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("learning"))
            view=LearningPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("teams"), ParamSegment("id"))
            view=TeamPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("subscriptions"))
            view=SubscriptionsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("account"), StaticSegment("invoices"), ParamSegment("number"))
            view=InvoicePage
            ssr=SsrMode::Async
        />
    }
    .into_inner()
    .into_any_nested_route()
}

/// The back office.
#[component(transparent)]
fn AdminRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=StaticSegment("admin") view=AdminHomePage ssr=SsrMode::Async />
        <Route
            path=(StaticSegment("admin"), StaticSegment("orders"))
            view=AdminOrdersPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("orders"), ParamSegment("number"))
            view=AdminOrderPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("products"))
            view=AdminProductsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("products"), ParamSegment("id"))
            view=AdminProductPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("import"))
            view=AdminImportPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("promotions"))
            view=AdminPromotionsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("customers"))
            view=AdminCustomersPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("promotions"), ParamSegment("id"))
            view=AdminPromotionPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("customers"), ParamSegment("id"))
            view=AdminCustomerPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("learning"))
            view=AdminLearningPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("subscriptions"))
            view=AdminSubscriptionsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("subscriptions"), ParamSegment("id"))
            view=AdminSubscriptionPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("catalogue"))
            view=AdminTaxonomyPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("outbox"))
            view=AdminOutboxPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("outbox"), ParamSegment("id"))
            view=AdminOutboxMailPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("jobs"))
            view=AdminJobsPage
            ssr=SsrMode::Async
        />
        <Route
            path=(StaticSegment("admin"), StaticSegment("settings"))
            view=AdminSettingsPage
            ssr=SsrMode::Async
        />
    }
    .into_inner()
    .into_any_nested_route()
}

/// Page titles end with the store's name.
#[component]
fn StoreTitle() -> impl IntoView {
    let summary = crate::components::use_summary();
    view! {
        <Suspense fallback=|| {
            view! {
                <Title formatter=|text: String| {
                    if text.is_empty() {
                        SHOP_NAME.to_string()
                    } else {
                        format!("{text} · {SHOP_NAME}")
                    }
                } />
            }
        }>
            {move || Suspend::new(async move {
                let name = store_name(summary.await.ok());
                view! {
                    <Title formatter=move |text: String| {
                        if text.is_empty() { name.clone() } else { format!("{text} · {name}") }
                    } />
                }
            })}
        </Suspense>
    }
}
