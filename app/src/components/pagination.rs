use leptos::prelude::*;

use shared::listing::ListingPage;

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
                <PageLink href=prev rel="prev" label="← Previous" />
                <span class="text-stone-500" data-testid="page-number">
                    {format!("Page {page}")}
                </span>
                <PageLink href=next rel="next" label="Next →" />
            </nav>
        }
    })
}

/// One pagination link (`rel` is "prev" or "next"), or an empty slot keeping the layout.
#[component]
fn PageLink(href: Option<String>, rel: &'static str, label: &'static str) -> impl IntoView {
    match href {
        Some(href) => view! {
            <a
                href=href
                rel=rel
                data-testid=format!("{rel}-page")
                class="rounded-full border border-stone-300 px-4 py-2 hover:border-stone-900"
            >
                {label}
            </a>
        }
        .into_any(),
        None => view! { <span></span> }.into_any(),
    }
}
