use leptos::ev;
use leptos::prelude::*;

use super::CategoriesResource;

/// "Shop by category" dropdown: the list is rendered on the server, inside the
/// [`CategoryDropdown`] island that opens and closes it. Every category is also reachable from
/// the home page tiles without JavaScript.
#[component]
pub fn CategoryMenu() -> impl IntoView {
    let categories = expect_context::<CategoriesResource>();
    view! {
        <CategoryDropdown>
            <Suspense fallback=|| {
                view! { <p class="p-2 text-sm text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match categories.await {
                        Ok(cats) => {
                            view! {
                                <ul>
                                    {cats
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <a
                                                        href=format!("/c/{}", c.slug)
                                                        class="flex justify-between rounded-lg px-3 py-2 text-sm hover:bg-violet-50"
                                                    >
                                                        <span>{c.name}</span>
                                                        <span class="text-stone-500">{c.product_count}</span>
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! { <p class="p-2 text-sm text-red-700">{e.to_string()}</p> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </CategoryDropdown>
    }
}

/// The dropdown's button and panel (an island). Closes on Escape, on a click outside, or when a
/// link in it is followed.
#[island]
fn CategoryDropdown(children: Children) -> impl IntoView {
    let (open, set_open) = signal(false);
    let close = move || set_open.set(false);
    let container = NodeRef::<leptos::html::Div>::new();

    // Close on a press anywhere outside the menu (browser only).
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let handle = window_event_listener(ev::pointerdown, move |e| {
            if !open.get_untracked() {
                return;
            }
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Node>().ok());
            if let Some(el) = container.get_untracked()
                && !el.contains(target.as_ref())
            {
                set_open.set(false);
            }
        });
        on_cleanup(move || handle.remove());
    }

    view! {
        <div
            node_ref=container
            class="relative hidden md:block"
            on:keydown=move |e: ev::KeyboardEvent| {
                if e.key() == "Escape" {
                    close();
                }
            }
        >
            <button
                type="button"
                data-testid="categories-toggle"
                aria-haspopup="true"
                aria-controls="categories-menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| set_open.update(|o| *o = !*o)
                class="rounded-full px-3 py-2 text-sm font-medium hover:bg-stone-100"
            >
                "Shop by category"
                <span aria-hidden="true" class="ml-1 text-stone-400">
                    {move || if open.get() { "▴" } else { "▾" }}
                </span>
            </button>
            <div
                id="categories-menu"
                data-testid="categories-menu"
                on:click=move |_| close()
                class=move || {
                    if open.get() {
                        "absolute left-0 z-40 mt-2 w-64 rounded-xl border border-stone-200 bg-white p-2 shadow-lg"
                    } else {
                        "hidden"
                    }
                }
            >
                {children()}
            </div>
        </div>
    }
}
