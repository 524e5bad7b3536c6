use leptos::prelude::*;
use leptos_router::components::Form;
use storefront::money::{Currency, Money};

use super::auto_submit::AutoSubmit;
use shared::listing::{FacetGroup, ListingPage, ListingQuery, PriceBucket};

/// The id of the GET form holding every filter (the sort select joins it via `form=`).
pub const FILTER_FORM_ID: &str = "listing-filters";

fn amount_input(minor: Option<i64>) -> String {
    minor
        .map(|m| Money::new(m, Currency::Usd).to_plain_string())
        .unwrap_or_default()
}

/// Filters with facet counts. A plain GET form (works without JavaScript); with JavaScript
/// the [`AutoSubmit`] island applies a checkbox or radio as soon as it changes.
///
/// Below `lg` (one column) the filters fold behind a "Filters (n)" toggle, so products come first on a
/// phone: a CSS-only checkbox (`peer`) shows the panel, with or without JavaScript. Each
/// change loads the results with the panel folded again, so they show first.
#[component]
pub fn FilterSidebar(data: ListingPage, base: String, include_category: bool) -> impl IntoView {
    let q = data.query.clone();
    let active = q.active_filter_count(include_category);
    let toggle_label = if active > 0 {
        format!("Filters ({active})")
    } else {
        "Filters".to_string()
    };
    let groups: Vec<FacetGroup> = data.facets.clone();
    let (category_groups, other_groups): (Vec<_>, Vec<_>) =
        groups.into_iter().partition(|g| g.param == "category");
    let category_links = category_link_items(&q, category_groups, &base, include_category);
    let hidden_inputs = hidden_query_inputs(&q, include_category);
    let checkbox_groups = other_groups
        .into_iter()
        .map(facet_checkboxes)
        .collect_view();
    let price = price_filter(&q, &data.price_buckets, &base, include_category);
    let in_stock = in_stock_filter(q.in_stock, data.in_stock_count);

    view! {
        <aside aria-label="Filters" class="text-sm" data-testid="filters">
            <h2 class="sr-only">"Filters"</h2>
            <input
                type="checkbox"
                id="filters-toggle"
                aria-controls="filters-panel"
                class="peer sr-only lg:hidden"
            />
            <label
                for="filters-toggle"
                aria-controls="filters-panel"
                data-testid="filters-toggle"
                class="flex w-full cursor-pointer items-center justify-center rounded-full border border-stone-300 bg-white px-4 py-2 font-semibold hover:border-stone-900 peer-checked:border-stone-900 peer-focus-visible:ring-2 peer-focus-visible:ring-violet-400 lg:hidden"
            >
                {toggle_label}
            </label>
            <div
                id="filters-panel"
                data-testid="filters-panel"
                class="mt-4 hidden space-y-4 peer-checked:block lg:mt-0 lg:block"
            >
                {(!data.facets.iter().all(|g| g.param != "category"))
                    .then(|| {
                        view! {
                            <div>
                                <h3 class="font-semibold">"Category"</h3>
                                <ul class="mt-2 space-y-0.5">{category_links}</ul>
                            </div>
                        }
                    })}
                <Form method="get" action=base.clone() noscroll=true attr:id=FILTER_FORM_ID>
                    <AutoSubmit class="space-y-4">
                        {hidden_inputs} {checkbox_groups} {price} {in_stock}
                        <button
                            type="submit"
                            data-testid="apply-filters"
                            class="w-full rounded-full bg-stone-900 px-4 py-2 font-semibold text-white hover:bg-violet-700"
                        >
                            "Apply filters"
                        </button>
                    </AutoSubmit>
                </Form>
            </div>
        </aside>
    }
}

/// The category facet as links (categories are pages, not checkboxes).
fn category_link_items(
    q: &ListingQuery,
    category_groups: Vec<FacetGroup>,
    base: &str,
    include_category: bool,
) -> impl IntoView + use<> {
    category_groups
        .into_iter()
        .flat_map(|g| g.values)
        .map(|v| {
            // From /products and /c/… a category link opens that category's page; search
            // results stay on /search with a category filter.
            let href = if include_category && base != "/products" {
                q.toggled("category", &v.value).href(base, true)
            } else {
                ListingQuery {
                    category: None,
                    ..q.first_page()
                }
                .href(&format!("/c/{}", v.value), false)
            };
            view! {
                <li>
                    <a
                        href=href
                        class="flex justify-between rounded-lg px-2 py-1 hover:bg-violet-50"
                        data-testid="facet-category"
                    >
                        <span>{v.label}</span>
                        <span class="text-stone-500">{v.count}</span>
                    </a>
                </li>
            }
        })
        .collect_view()
}

/// The query's search text, category and page size, kept when the filters are applied.
fn hidden_query_inputs(q: &ListingQuery, include_category: bool) -> impl IntoView + use<> {
    let text =
        q.q.clone()
            .map(|text| view! { <input type="hidden" name="q" value=text /> });
    let category = include_category
        .then(|| q.category.clone())
        .flatten()
        .map(|c| view! { <input type="hidden" name="category" value=c /> });
    let per_page = (q.per_page != shared::listing::DEFAULT_PER_PAGE).then(|| {
        view! { <input type="hidden" name="per_page" value=q.per_page.to_string() /> }
    });
    view! {
        {text}
        {category}
        {per_page}
    }
}

/// One attribute or brand facet as checkboxes.
fn facet_checkboxes(g: FacetGroup) -> impl IntoView {
    let param = g.param.clone();
    view! {
        <fieldset class="border-t border-stone-200 pt-4" data-testid=format!("facet-{}", g.param)>
            <legend class="text-sm font-semibold">{g.label.clone()}</legend>
            <ul class="mt-2 max-h-64 space-y-1 overflow-y-auto text-sm">
                {g
                    .values
                    .into_iter()
                    .map(|v| {
                        let id = format!("f-{}-{}", param, v.value.replace(' ', "-"));
                        view! {
                            <li class="flex items-center gap-2">
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    name=param.clone()
                                    value=v.value.clone()
                                    checked=v.selected
                                    class="h-4 w-4 rounded border-stone-300 accent-violet-600"
                                />
                                <label for=id class="flex flex-1 justify-between">
                                    <span>{v.label}</span>
                                    <span class="text-stone-500">{v.count}</span>
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </fieldset>
    }
}

/// The price buckets (links toggling a range) and the min/max inputs.
fn price_filter(
    q: &ListingQuery,
    price_buckets: &[PriceBucket],
    base: &str,
    include_category: bool,
) -> impl IntoView + use<> {
    let buckets = price_bucket_links(q, price_buckets, base, include_category);
    view! {
        <fieldset class="border-t border-stone-200 pt-4">
            <legend class="text-sm font-semibold">"Price"</legend>
            <ul class="mt-2 space-y-0.5">{buckets}</ul>
            <div class="mt-3 flex items-center gap-2">
                <label class="sr-only" for="min_price">
                    "Minimum price"
                </label>
                <input
                    id="min_price"
                    name="min_price"
                    inputmode="decimal"
                    placeholder="Min $"
                    value=amount_input(q.min_price)
                    class="w-full rounded-lg border border-stone-300 px-2 py-1"
                />
                <span aria-hidden="true">"–"</span>
                <label class="sr-only" for="max_price">
                    "Maximum price"
                </label>
                <input
                    id="max_price"
                    name="max_price"
                    inputmode="decimal"
                    placeholder="Max $"
                    value=amount_input(q.max_price)
                    class="w-full rounded-lg border border-stone-300 px-2 py-1"
                />
            </div>
        </fieldset>
    }
}

/// The non-empty price buckets, the selected one highlighted (its link clears it).
fn price_bucket_links(
    q: &ListingQuery,
    price_buckets: &[PriceBucket],
    base: &str,
    include_category: bool,
) -> impl IntoView + use<> {
    price_buckets
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| {
            let selected = q.min_price == b.min && q.max_price == b.max;
            let href = if selected {
                q.with_price(None, None)
            } else {
                q.with_price(b.min, b.max)
            }
            .href(base, include_category);
            view! {
                <li>
                    <a
                        href=href
                        data-testid="price-bucket"
                        class=if selected {
                            "flex justify-between rounded-lg bg-violet-100 px-2 py-1 font-medium"
                        } else {
                            "flex justify-between rounded-lg px-2 py-1 hover:bg-violet-50"
                        }
                    >
                        <span>{b.label.clone()}</span>
                        <span class=if selected {
                            "text-stone-600"
                        } else {
                            "text-stone-500"
                        }>{b.count}</span>
                    </a>
                </li>
            }
        })
        .collect_view()
}

/// The "In stock only" checkbox with its count.
fn in_stock_filter(checked: bool, in_stock_count: i64) -> impl IntoView {
    view! {
        <div class="flex items-center gap-2 border-t border-stone-200 pt-4">
            <input
                type="checkbox"
                id="in_stock"
                name="in_stock"
                value="1"
                checked=checked
                class="h-4 w-4 rounded border-stone-300 accent-violet-600"
            />
            <label for="in_stock" class="flex flex-1 justify-between">
                <span>"In stock only"</span>
                <span class="text-stone-500">{in_stock_count}</span>
            </label>
        </div>
    }
}
