//! `/admin/products`: the catalogue for staff (archived products too), with search, a
//! status and a low-stock filter, keyset pages, and CSV export/import.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, RequireStaff};
use crate::components::{BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError};
use crate::server_fns::admin::products::admin_list_products;
use shared::admin::{AdminProductRow, ProductFilter};

#[component]
pub fn AdminProductsPage() -> impl IntoView {
    view! {
        <Title text="Products · Back office" />
        <RequireStaff page=|_| view! { <ProductList /> }.into_any() />
    }
}

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> ProductFilter {
    let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
    ProductFilter {
        q: get("q"),
        status: get("status"),
        low_stock: get("low_stock").is_some_and(|v| v != "0"),
        after: get("after"),
    }
}

fn next_href(f: &ProductFilter, after: &str) -> String {
    super::page_href(
        "/admin/products",
        &[
            ("after", Some(after)),
            ("q", f.q.as_deref()),
            ("status", f.status.as_deref()),
            ("low_stock", f.low_stock.then_some("1")),
        ],
    )
}

#[component]
fn ProductList() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from_query));
    let page = Resource::new(move || filter.get(), admin_list_products);
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-products">
            <AdminNav current="/admin/products" />
            <div class="mt-6 flex flex-wrap items-center justify-between gap-3">
                <h1 class="font-serif text-3xl font-semibold">"Products"</h1>
                <div class="flex flex-wrap gap-2">
                    <a href="/admin/import" class=BUTTON_LIGHT>
                        "Import / export CSV"
                    </a>
                    <a href="/admin/products/new" class=BUTTON data-testid="new-product">
                        "New product"
                    </a>
                </div>
            </div>
            {filter_form(filter.get_untracked())}
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    let f = filter.get_untracked();
                    match page.await {
                        Ok(p) => {
                            let next = p.next_after.clone().map(|a| next_href(&f, &a));
                            product_table(p.rows, next).into_any()
                        }
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Search, status and low-stock filters (a plain GET form).
fn filter_form(f: ProductFilter) -> impl IntoView {
    let status = f.status.clone().unwrap_or_default();
    view! {
        <form method="get" action="/admin/products" class="mt-4 grid gap-3 sm:grid-cols-5">
            <label class="sm:col-span-2">
                <span class=LABEL>"Name, slug or SKU"</span>
                <input
                    name="q"
                    value=f.q.clone().unwrap_or_default()
                    class=INPUT
                    data-testid="products-search"
                />
            </label>
            <label>
                <span class=LABEL>"Status"</span>
                <select name="status" class=INPUT>
                    <option value="" selected=status.is_empty()>
                        "All"
                    </option>
                    <option value="active" selected=status == "active">
                        "Active"
                    </option>
                    <option value="archived" selected=status == "archived">
                        "Archived"
                    </option>
                </select>
            </label>
            <label class="flex items-end gap-2 pb-2 text-sm">
                <input type="checkbox" name="low_stock" value="1" checked=f.low_stock />
                "Low stock only"
            </label>
            <div class="flex items-end">
                <button type="submit" class=BUTTON>
                    "Search"
                </button>
            </div>
        </form>
    }
}

/// The page's products, and a link to the next page when there is one.
fn product_table(rows: Vec<AdminProductRow>, next: Option<String>) -> impl IntoView {
    view! {
        <table class="mt-6 w-full text-left text-sm">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Product"</th>
                    <th>"Category"</th>
                    <th>"Price"</th>
                    <th>"Variants"</th>
                    <th>"Available"</th>
                    <th>"Status"</th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(product_row).collect_view()}</tbody>
        </table>
        {next
            .map(|href| {
                view! {
                    <a href=href class="mt-4 inline-block underline">
                        "More products →"
                    </a>
                }
            })}
    }
}

fn product_row(r: AdminProductRow) -> impl IntoView {
    view! {
        <tr class="border-b border-stone-100" data-testid="product-row">
            <td class="py-2">
                <a href=format!("/admin/products/{}", r.id) class="font-medium hover:underline">
                    {r.name.clone()}
                </a>
                <div class="text-xs text-stone-500">
                    {r.slug.clone()} " · " {r.kind.clone()}
                    {r.brand.clone().map(|b| format!(" · {b}"))}
                </div>
            </td>
            <td>{r.category.clone().unwrap_or_default()}</td>
            <td>{r.price.clone().unwrap_or_else(|| "–".into())}</td>
            <td>{r.variants}</td>
            <td>
                {r.available}
                {(r.low_stock > 0)
                    .then(|| {
                        view! {
                            <span class="ml-2 rounded-full bg-red-100 px-2 text-xs text-red-800">
                                {r.low_stock} " low"
                            </span>
                        }
                    })}
            </td>
            <td>{if r.is_active { "Active" } else { "Archived" }}</td>
        </tr>
    }
}
