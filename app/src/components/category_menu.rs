use leptos::prelude::*;

use crate::app::CategoriesResource;

/// "Shop by category" dropdown. Needs hydration to open; every category is also reachable from
/// the home page and footer without JavaScript.
#[component]
pub fn CategoryMenu() -> impl IntoView {
    let categories = expect_context::<CategoriesResource>();
    let (open, set_open) = signal(false);

    view! {
        <div class="relative hidden md:block" on:focusout=move |_| ()>
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
                class=move || {
                    if open.get() {
                        "absolute left-0 mt-2 w-64 rounded-xl border border-stone-200 bg-white p-2 shadow-lg"
                    } else {
                        "hidden"
                    }
                }
            >
                <Suspense fallback=|| view! { <p class="p-2 text-sm text-stone-500">"Loading…"</p> }>
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
                                                            <span class="text-stone-400">{c.product_count}</span>
                                                        </a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <p class="p-2 text-sm text-red-700">{e.to_string()}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </div>
    }
}
