use leptos::prelude::*;

/// Site footer.
#[component]
pub fn Footer() -> impl IntoView {
    let summary = super::use_summary();
    view! {
        <footer class="mt-16 border-t border-stone-200 bg-white">
            <div class="mx-auto grid max-w-7xl gap-8 px-4 py-10 text-sm text-stone-600 sm:grid-cols-3 sm:px-6">
                <div>
                    <p
                        class="font-serif text-lg font-semibold text-stone-900"
                        data-testid="store-name"
                    >
                        <Suspense fallback=|| {
                            crate::SHOP_NAME
                        }>
                            {move || Suspend::new(async move {
                                super::store_name(summary.await.ok())
                            })}
                        </Suspense>
                    </p>
                    <p class="mt-2">
                        "Thoughtfully made clothing, gear and goods. Free shipping over $75."
                    </p>
                </div>
                <nav aria-label="Shop">
                    <p class="font-semibold text-stone-900">"Shop"</p>
                    <ul class="mt-2 space-y-1">
                        <li>
                            <a href="/products" class="hover:text-violet-700">
                                "All products"
                            </a>
                        </li>
                        <li>
                            <a href="/search?q=sale" class="hover:text-violet-700">
                                "Sale"
                            </a>
                        </li>
                        <li>
                            <a href="/cart" class="hover:text-violet-700">
                                "Cart"
                            </a>
                        </li>
                    </ul>
                </nav>
                <nav aria-label="Help">
                    <p class="font-semibold text-stone-900">"Help"</p>
                    <ul class="mt-2 space-y-1">
                        <li>
                            <a href="/account" class="hover:text-violet-700">
                                "Your account"
                            </a>
                        </li>
                        <li>
                            <a href="/account/orders" class="hover:text-violet-700">
                                "Order status"
                            </a>
                        </li>
                    </ul>
                </nav>
            </div>
            <p class="border-t border-stone-100 py-4 text-center text-xs text-stone-500">
                "© 2026 Larkspur & Co. Demo store — no real orders are shipped."
            </p>
        </footer>
    }
}
