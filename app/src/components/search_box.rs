use leptos::prelude::*;

use crate::server_fns::catalog::suggest;
use shared::catalog::ProductCard;

/// Header search: a plain GET form to `/search` (works without JavaScript); when hydrated,
/// suggestions appear as you type (an island).
#[island]
pub fn SearchBox() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    let (debounced, set_debounced) = signal(String::new());
    let (open, set_open) = signal(false);
    #[cfg(feature = "hydrate")]
    let timer = StoredValue::new(None::<leptos::leptos_dom::helpers::TimeoutHandle>);

    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        set_text.set(value.clone());
        set_open.set(true);
        #[cfg(feature = "hydrate")]
        {
            if let Some(h) = timer.get_value() {
                h.clear();
            }
            let h = set_timeout_with_handle(
                move || set_debounced.set(value),
                std::time::Duration::from_millis(150),
            )
            .ok();
            timer.set_value(h);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (value, set_debounced);
    };
    let suggestions = LocalResource::new(move || {
        let q = debounced.get();
        async move {
            if q.trim().chars().count() < 2 {
                Vec::new()
            } else {
                suggest(q).await.unwrap_or_default()
            }
        }
    });
    let items = move || suggestions.get().unwrap_or_default();
    let visible =
        move || open.get() && !items().is_empty() && text.get().trim().chars().count() >= 2;

    view! {
        <form
            action="/search"
            method="get"
            role="search"
            class="relative flex flex-1 items-center"
            on:focusout=move |_| {
                #[cfg(feature = "hydrate")]
                set_timeout(move || set_open.set(false), std::time::Duration::from_millis(200));
            }
        >
            <label for="site-search" class="sr-only">
                "Search products"
            </label>
            <input
                id="site-search"
                name="q"
                type="search"
                placeholder="Search products, brands, SKUs…"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || visible().to_string()
                on:input=on_input
                on:focus=move |_| set_open.set(true)
                on:keydown=move |e: leptos::ev::KeyboardEvent| {
                    if e.key() == "Escape" && visible() {
                        e.prevent_default();
                        set_open.set(false);
                    }
                }
                class="w-full rounded-full border border-stone-300 bg-stone-50 px-4 py-2 text-sm outline-none focus:border-violet-500 focus:ring-2 focus:ring-violet-200"
            />
            <Show when=visible>{suggestion_list(items, text, set_open)}</Show>
        </form>
    }
}

/// The suggestions under the search box, then a link to every result for the text.
fn suggestion_list(
    items: impl Fn() -> Vec<ProductCard> + Copy + Send + Sync + 'static,
    text: ReadSignal<String>,
    set_open: WriteSignal<bool>,
) -> impl IntoView {
    view! {
        <ul
            id="search-suggestions"
            role="listbox"
            data-testid="search-suggestions"
            class="absolute left-0 right-0 top-full z-40 mt-2 overflow-hidden rounded-xl border border-stone-200 bg-white shadow-lg"
        >
            {move || items().into_iter().map(|p| suggestion_item(p, set_open)).collect_view()}
            <li>
                <a
                    href=move || {
                        format!("/search?q={}", shared::listing::url_encode(text.get().trim()))
                    }
                    on:click=move |_| set_open.set(false)
                    class="block border-t border-stone-100 px-3 py-2 text-sm font-medium text-violet-700 hover:bg-violet-50"
                >
                    {move || format!("See all results for “{}”", text.get().trim())}
                </a>
            </li>
        </ul>
    }
}

/// One suggested product: its picture, name and price, linking to its page.
fn suggestion_item(p: ProductCard, set_open: WriteSignal<bool>) -> impl IntoView {
    view! {
        <li role="option">
            <a
                href=format!("/p/{}", p.slug)
                on:click=move |_| set_open.set(false)
                class="flex items-center gap-3 px-3 py-2 text-sm hover:bg-violet-50"
            >
                <img
                    src=p.image_url.clone().unwrap_or_else(|| "/images/placeholder.svg".into())
                    alt=""
                    width="40"
                    height="40"
                    class="h-10 w-10 rounded-lg bg-stone-100 object-cover"
                />
                <span class="flex-1">{p.name.clone()}</span>
                <span class="text-stone-500">{p.price.to_string()}</span>
            </a>
        </li>
    }
}
