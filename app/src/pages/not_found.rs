use leptos::prelude::*;
use leptos_meta::Title;

/// 404 page; sets the HTTP status when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found" />
        <section
            class="mx-auto flex max-w-2xl flex-col items-center px-4 py-24 text-center"
            data-testid="not-found"
        >
            <p class="text-sm font-semibold uppercase tracking-widest text-violet-700">"404"</p>
            <h1 class="mt-2 font-serif text-4xl font-semibold">"We couldn't find that page"</h1>
            <p class="mt-4 text-stone-600">
                "The link may be broken or the page may have moved. Try searching, or head back to the shop."
            </p>
            <form action="/search" method="get" class="mt-8 flex w-full max-w-md gap-2">
                <label for="nf-search" class="sr-only">
                    "Search products"
                </label>
                <input
                    id="nf-search"
                    name="q"
                    type="search"
                    placeholder="Search products"
                    class="flex-1 rounded-full border border-stone-300 px-4 py-2"
                />
                <button
                    type="submit"
                    class="rounded-full bg-stone-900 px-5 py-2 text-sm font-semibold text-white"
                >
                    "Search"
                </button>
            </form>
            <a href="/" class="mt-6 text-sm font-medium text-violet-700 hover:underline">
                "← Back to the home page"
            </a>
        </section>
    }
}
