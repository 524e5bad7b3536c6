//! `/products`, `/c/{slug}` and `/search`: one listing view, three entry points.

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{Breadcrumbs, FilterSidebar, ListingToolbar, Pagination, ProductGrid};
use crate::pages::PageError;
use crate::server_fns::catalog::list_products;
use shared::listing::ListingPage;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListingKind {
    All,
    Category,
    Search,
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    view! { <ListingView kind=ListingKind::All /> }
}

#[component]
pub fn CategoryPage() -> impl IntoView {
    view! { <ListingView kind=ListingKind::Category /> }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    view! { <ListingView kind=ListingKind::Search /> }
}

#[component]
fn ListingView(kind: ListingKind) -> impl IntoView {
    let query = use_query_map();
    let params = use_params_map();
    let pairs = Memo::new(move |_| {
        query.with(|m| {
            m.into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        })
    });
    let slug = Memo::new(move |_| {
        (kind == ListingKind::Category)
            .then(|| params.with(|p| p.get("slug")))
            .flatten()
    });
    let page = Resource::new(
        move || (pairs.get(), slug.get()),
        |(p, c)| list_products(p, c),
    );
    view! {
        <Transition fallback=|| {
            view! {
                <p class="mx-auto max-w-7xl px-4 py-10 text-stone-500">"Loading products…"</p>
            }
        }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <ListingBody data kind /> }.into_any(),
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Where this listing lives, for links and the filter form.
pub fn listing_base(kind: ListingKind, data: &ListingPage) -> String {
    match kind {
        ListingKind::All => "/products".into(),
        ListingKind::Search => "/search".into(),
        ListingKind::Category => format!("/c/{}", data.query.category.clone().unwrap_or_default()),
    }
}

#[component]
fn ListingBody(data: ListingPage, kind: ListingKind) -> impl IntoView {
    let base = listing_base(kind, &data);
    let include_category = kind != ListingKind::Category;
    let title = match (kind, &data.category_name, &data.query.q) {
        (ListingKind::Search, _, Some(q)) => format!("Results for “{q}”"),
        (ListingKind::Search, _, None) => "Search".to_string(),
        (_, Some(name), _) => name.clone(),
        _ => "All products".to_string(),
    };
    let description = match &data.category_name {
        Some(name) => format!("Shop {name} at Larkspur & Co. — {} products.", data.total),
        None => format!("Browse {} products at Larkspur & Co.", data.total),
    };
    let total = data.total;
    let fuzzy = data.fuzzy;
    let q = data.query.q.clone();
    let empty = data.products.is_empty();
    let clear_href = shared::listing::ListingQuery {
        q: data.query.q.clone(),
        category: data.query.category.clone(),
        sort: data.query.sort,
        ..Default::default()
    }
    .href(&base, include_category);
    let canonical = format!(
        "{}{}",
        data.site_url,
        data.query.first_page().href(&base, include_category)
    );
    let og_image = data
        .products
        .first()
        .and_then(|p| p.image_url.clone())
        .map(|url| {
            if url.starts_with('/') {
                format!("{}{url}", data.site_url)
            } else {
                url
            }
        });
    // The query these results are for (tests wait on it after a filter change).
    let shown = data.query.href(&base, include_category);
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=canonical.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Larkspur & Co." />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=canonical />
        {og_image.map(|img| view! { <Meta property="og:image" content=img /> })}
        <div class="mx-auto max-w-7xl px-4 py-8 sm:px-6" data-testid="listing" data-href=shown>
            <Breadcrumbs crumbs=data.breadcrumbs.clone() products_link=true />
            <div class="mt-3 flex flex-wrap items-baseline justify-between gap-2">
                <h1 class="font-serif text-3xl font-semibold" data-testid="listing-title">
                    {title}
                </h1>
                <p class="text-sm text-stone-500" data-testid="result-count">
                    {format!("{} {}", total, if total == 1 { "product" } else { "products" })}
                </p>
            </div>
            {fuzzy
                .then(|| {
                    view! {
                        <p
                            class="mt-4 rounded-xl bg-amber-50 p-3 text-sm text-amber-900"
                            data-testid="fuzzy-notice"
                        >
                            {format!(
                                "No exact matches for “{}”. Showing similar products.",
                                q.clone().unwrap_or_default(),
                            )}
                        </p>
                    }
                })}
            <div class="mt-6 grid gap-8 lg:grid-cols-[16rem_1fr]">
                <FilterSidebar data=data.clone() base=base.clone() include_category />
                <div>
                    <h2 class="sr-only">"Products"</h2>
                    <ListingToolbar data=data.clone() base=base.clone() include_category />
                    {if empty {
                        view! {
                            <div
                                class="rounded-2xl border border-dashed border-stone-300 p-10 text-center"
                                data-testid="no-results"
                            >
                                <p class="font-medium">"No products match."</p>
                                <p class="mt-1 text-sm text-stone-500">
                                    "Try fewer filters or a different search."
                                </p>
                                <a
                                    href=clear_href
                                    class="mt-4 inline-block text-sm font-medium text-violet-700 hover:underline"
                                >
                                    "Clear all filters"
                                </a>
                            </div>
                        }
                            .into_any()
                    } else {
                        view! { <ProductGrid products=data.products.clone() eager_first=4 /> }
                            .into_any()
                    }}
                    <Pagination data=data.clone() base include_category />
                </div>
            </div>
        </div>
    }
}
