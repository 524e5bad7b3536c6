//! `/admin/orders`: the order list with filters, search and keyset pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, RequireStaff, status_class};
use crate::components::{BUTTON, INPUT, LABEL, RequestError};
use crate::server_fns::admin::orders::admin_list_orders;
use shared::order::{AdminOrderRow, OrderFilter};

#[component]
pub fn AdminOrdersPage() -> impl IntoView {
    view! {
        <Title text="Orders · Back office" />
        <RequireStaff page=|_| view! { <OrderList /> }.into_any() />
    }
}

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> OrderFilter {
    let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
    OrderFilter {
        status: get("status"),
        payment_status: get("payment_status"),
        from: get("from"),
        to: get("to"),
        q: get("q"),
        after: get("after"),
    }
}

fn next_href(f: &OrderFilter, after: &str) -> String {
    super::page_href(
        "/admin/orders",
        &[
            ("after", Some(after)),
            ("status", f.status.as_deref()),
            ("payment_status", f.payment_status.as_deref()),
            ("from", f.from.as_deref()),
            ("to", f.to.as_deref()),
            ("q", f.q.as_deref()),
        ],
    )
}

#[component]
fn OrderList() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from_query));
    let page = Resource::new(move || filter.get(), admin_list_orders);
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-orders">
            <AdminNav current="/admin/orders" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Orders"</h1>
            {filter_form(filter.get_untracked())}
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.rows.is_empty() => {
                            view! {
                                <p class="mt-6 text-stone-600" data-testid="orders-empty">
                                    "No orders match."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            let next = p
                                .next
                                .clone()
                                .map(|n| next_href(&filter.get_untracked(), &n));
                            order_table(p.rows, next).into_any()
                        }
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// A `<select>` of `options` with "Any" first, `current` selected.
fn status_select(
    name: &'static str,
    current: Option<String>,
    options: &'static [&'static str],
) -> impl IntoView {
    view! {
        <select name=name class=INPUT>
            <option value="">"Any"</option>
            {options
                .iter()
                .map(|o| {
                    let selected = current.as_deref() == Some(*o);
                    view! {
                        <option value=*o selected=selected>
                            {*o}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// Search, status, payment status and date filters (a plain GET form).
fn filter_form(f: OrderFilter) -> impl IntoView {
    view! {
        <form method="get" action="/admin/orders" class="mt-4 grid gap-3 sm:grid-cols-6">
            <label class="sm:col-span-2">
                <span class=LABEL>"Number or email"</span>
                <input
                    name="q"
                    value=f.q.clone().unwrap_or_default()
                    class=INPUT
                    data-testid="orders-search"
                />
            </label>
            <label>
                <span class=LABEL>"Status"</span>
                {status_select(
                    "status",
                    f.status.clone(),
                    &[
                        "PENDING",
                        "CONFIRMED",
                        "PROCESSING",
                        "SHIPPED",
                        "DELIVERED",
                        "CANCELLED",
                        "REFUNDED",
                    ],
                )}
            </label>
            <label>
                <span class=LABEL>"Payment"</span>
                {status_select(
                    "payment_status",
                    f.payment_status.clone(),
                    &[
                        "PENDING",
                        "AUTHORIZED",
                        "CAPTURED",
                        "PARTIALLY_REFUNDED",
                        "REFUNDED",
                        "FAILED",
                        "VOIDED",
                    ],
                )}
            </label>
            <label>
                <span class=LABEL>"From"</span>
                <input
                    type="date"
                    name="from"
                    value=f.from.clone().unwrap_or_default()
                    class=INPUT
                />
            </label>
            <label>
                <span class=LABEL>"To"</span>
                <input type="date" name="to" value=f.to.clone().unwrap_or_default() class=INPUT />
            </label>
            <div class="sm:col-span-6">
                <button type="submit" class=BUTTON>
                    "Filter"
                </button>
                <a href="/admin/orders" class="ml-3 text-sm text-stone-600 underline">
                    "Clear"
                </a>
            </div>
        </form>
    }
}

/// The page's orders, and a link to older ones when there are more.
fn order_table(rows: Vec<AdminOrderRow>, next: Option<String>) -> impl IntoView {
    view! {
        <table class="mt-6 w-full text-left text-sm">
            <thead class="border-b border-stone-300 text-stone-500">
                <tr>
                    <th class="py-2">"Order"</th>
                    <th>"Placed"</th>
                    <th>"Customer"</th>
                    <th>"Status"</th>
                    <th>"Payment"</th>
                    <th>"Items"</th>
                    <th class="text-right">"Total"</th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(order_row).collect_view()}</tbody>
        </table>
        {next
            .map(|href| {
                view! {
                    <p class="mt-4">
                        <a href=href class="text-violet-700 underline" data-testid="orders-next">
                            "Older orders →"
                        </a>
                    </p>
                }
            })}
    }
}

fn order_row(r: AdminOrderRow) -> impl IntoView {
    view! {
        <tr class="border-b border-stone-100" data-testid="admin-order-row">
            <td class="py-2">
                <a
                    href=format!("/admin/orders/{}", r.number)
                    class="font-medium text-violet-700 hover:underline"
                >
                    {r.number.clone()}
                </a>
            </td>
            <td>{r.placed_at.chars().take(16).collect::<String>().replace('T', " ")}</td>
            <td>{r.email.clone()}</td>
            <td>
                <span class=status_class(r.status.as_str())>{r.status.as_str()}</span>
            </td>
            <td>{r.payment_status.as_str()}</td>
            <td>{r.item_count}</td>
            <td class="text-right">{r.total.to_string()}</td>
        </tr>
    }
}
