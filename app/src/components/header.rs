use leptos::prelude::*;

use super::{CategoryMenu, SearchBox};

/// Site header: logo, category menu, search box, account and cart links.
#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="sticky top-0 z-30 border-b border-stone-200 bg-white/90 backdrop-blur">
            <div class="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3 sm:px-6">
                <a href="/" class="flex shrink-0 items-center" aria-label="Larkspur & Co. home">
                    <img
                        src="/favicon.svg"
                        alt=""
                        width="36"
                        height="36"
                        class="h-9 w-9 sm:hidden"
                    />
                    <img
                        src="/images/logo.svg"
                        alt="Larkspur & Co."
                        width="180"
                        height="40"
                        class="hidden h-10 w-auto sm:block"
                    />
                </a>
                <CategoryMenu />
                <SearchBox />
                <nav class="flex items-center gap-1 text-sm font-medium">
                    <a
                        href="/account"
                        class="rounded-full px-3 py-2 hover:bg-stone-100"
                        data-testid="account-link"
                    >
                        "Account"
                    </a>
                    <a
                        href="/cart"
                        class="relative rounded-full px-3 py-2 hover:bg-stone-100"
                        data-testid="cart-link"
                        aria-label="Cart, 0 items"
                    >
                        "Cart"
                        <span
                            data-testid="cart-count"
                            class="ml-1 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-violet-600 px-1.5 text-xs font-semibold text-white"
                        >
                            "0"
                        </span>
                    </a>
                </nav>
            </div>
        </header>
    }
}
