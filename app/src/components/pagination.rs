use leptos::prelude::*;

use crate::listing::ListingPage;

/// Previous / next links (keyset cursors in the URL, so every page is shareable).
#[component]
pub fn Pagination(data: ListingPage, base: String, include_category: bool) -> impl IntoView {
    let q = data.query.clone();
    let prev = data
        .prev
        .clone()
        .map(|c| q.prev_page(c).href(&base, include_category));
    let next = data
        .next
        .clone()
        .map(|c| q.next_page(c).href(&base, include_category));
    let page = q.page;
    (prev.is_some() || next.is_some()).then(|| {
        view! {
            <nav
                aria-label="Pagination"
                class="mt-10 flex items-center justify-between text-sm"
                data-testid="pagination"
            >
                {match prev {
                    Some(href) => {
                        view! {
                            <a
                                href=href
                                rel="prev"
                                data-testid="prev-page"
                                class="rounded-full border border-stone-300 px-4 py-2 hover:border-stone-900"
                            >
                                "← Previous"
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span></span> }.into_any(),
                }}
                <span class="text-stone-500" data-testid="page-number">
                    {format!("Page {page}")}
                </span>
                {match next {
                    Some(href) => {
                        view! {
                            <a
                                href=href
                                rel="next"
                                data-testid="next-page"
                                class="rounded-full border border-stone-300 px-4 py-2 hover:border-stone-900"
                            >
                                "Next →"
                            </a>
                        }
                            .into_any()
                    }
                    None => view! { <span></span> }.into_any(),
                }}
            </nav>
        }
    })
}
