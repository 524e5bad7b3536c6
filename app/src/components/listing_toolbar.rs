use leptos::prelude::*;

use super::auto_submit::AutoSubmit;
use super::filters::FILTER_FORM_ID;
use shared::listing::{ListingPage, Sort};

/// Active filter chips (each removable) and the sort order.
#[component]
pub fn ListingToolbar(data: ListingPage, base: String, include_category: bool) -> impl IntoView {
    let q = data.query.clone();
    let mut chips: Vec<(String, String)> = Vec::new();
    for b in &q.brands {
        let label = data
            .facets
            .iter()
            .filter(|g| g.param == "brand")
            .flat_map(|g| g.values.iter())
            .find(|v| &v.value == b)
            .map_or(b.clone(), |v| v.label.clone());
        chips.push((label, q.toggled("brand", b).href(&base, include_category)));
    }
    for (name, values) in &q.attributes {
        for v in values {
            chips.push((
                format!("{name}: {v}"),
                q.toggled(name, v).href(&base, include_category),
            ));
        }
    }
    if q.min_price.is_some() || q.max_price.is_some() {
        let fmt =
            |m: i64| storefront::money::Money::new(m, storefront::money::Currency::Usd).to_string();
        let label = match (q.min_price, q.max_price) {
            (Some(a), Some(b)) => format!("{} – {}", fmt(a), fmt(b)),
            (Some(a), None) => format!("From {}", fmt(a)),
            (None, Some(b)) => format!("Up to {}", fmt(b)),
            (None, None) => String::new(),
        };
        chips.push((
            label,
            q.with_price(None, None).href(&base, include_category),
        ));
    }
    if q.in_stock {
        chips.push((
            "In stock".into(),
            q.with_in_stock(false).href(&base, include_category),
        ));
    }
    let sorts: Vec<Sort> = Sort::ALL
        .into_iter()
        .filter(|s| *s != Sort::Relevance || q.q.is_some())
        .collect();
    let current = q.sort;
    view! {
        <div class="mb-5 flex flex-wrap items-center justify-between gap-3">
            <ul class="flex flex-wrap gap-2" data-testid="active-filters">
                {chips
                    .into_iter()
                    .map(|(label, href)| {
                        view! {
                            <li>
                                <a
                                    href=href
                                    class="inline-flex items-center gap-1 rounded-full bg-violet-100 px-3 py-1 text-xs font-medium text-violet-900 hover:bg-violet-200"
                                    aria-label=format!("Remove filter {label}")
                                >
                                    {label.clone()}
                                    <span aria-hidden="true">"×"</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <AutoSubmit class="flex items-center gap-2 text-sm">
                <label for="sort">"Sort by"</label>
                <select
                    id="sort"
                    name="sort"
                    form=FILTER_FORM_ID
                    data-testid="sort"
                    class="rounded-lg border border-stone-300 bg-white px-2 py-1"
                >
                    {sorts
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=s == current>
                                    {s.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <noscript>
                    <button
                        type="submit"
                        form=FILTER_FORM_ID
                        class="rounded-lg border border-stone-300 px-2 py-1"
                    >
                        "Sort"
                    </button>
                </noscript>
            </AutoSubmit>
        </div>
    }
}
