use leptos::prelude::*;

use super::{CategoryMenu, Logo, SearchBox, use_summary};

/// Site header: logo, category menu, search box, account and cart links. The cart count and
/// the account label come from the session summary, computed on the server for every page
/// (islands that change the cart update the count in place: `show_cart_count`).
#[component]
pub fn Header() -> impl IntoView {
    let summary = use_summary();
    let count = move || {
        summary
            .get()
            .and_then(|r| r.ok())
            .map_or(0, |s| s.cart_count)
    };
    let account_label = move || {
        summary
            .get()
            .and_then(|r| r.ok())
            .and_then(|s| s.user)
            .map_or_else(|| "Sign in".to_string(), |u| u.greeting_name())
    };
    let account_href = move || {
        let signed_in = summary
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|s| s.user.is_some());
        if signed_in {
            "/account"
        } else {
            "/account/login"
        }
    };
    view! {
        <TestModeBanner />
        <header class="sticky top-0 z-30 border-b border-stone-200 bg-white/90 backdrop-blur">
            <div class="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3 sm:px-6">
                <a href="/" class="flex shrink-0 items-center" aria-label="Larkspur & Co. home">
                    <Logo />
                </a>
                <CategoryMenu />
                <SearchBox />
                <Transition>
                    <nav class="flex items-center gap-1 text-sm font-medium">
                        <a
                            href=account_href
                            class="max-w-40 truncate rounded-full px-3 py-2 hover:bg-stone-100"
                            data-testid="account-link"
                        >
                            {account_label}
                        </a>
                        <a
                            href="/cart"
                            class="relative rounded-full px-3 py-2 hover:bg-stone-100"
                            data-testid="cart-link"
                            aria-label=move || format!("Cart, {} items", count())
                        >
                            "Cart"
                            <span
                                data-testid="cart-count"
                                class="ml-1 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-violet-600 px-1.5 text-xs font-semibold text-white"
                            >
                                {move || count().to_string()}
                            </span>
                        </a>
                    </nav>
                </Transition>
            </div>
        </header>
    }
}

/// A strip on every page while payments are simulated (the test gateway, or Stripe test keys),
/// so nobody mistakes a staging shop for the real one.
#[component]
fn TestModeBanner() -> impl IntoView {
    let summary = use_summary();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                summary
                    .await
                    .ok()
                    .filter(|s| s.test_payments)
                    .map(|_| {
                        view! {
                            <p
                                role="note"
                                data-testid="test-mode-banner"
                                class="bg-amber-100 px-4 py-1.5 text-center text-xs font-medium text-amber-950"
                            >
                                "Test mode: payments are simulated and no card is charged."
                            </p>
                        }
                    })
            })}
        </Suspense>
    }
}
