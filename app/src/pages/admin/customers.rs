//! `/admin/customers` (search, lifetime value) and `/admin/customers/{id}` (orders, and the
//! account's role for administrators).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::learning::CustomerLearning;
use super::{AdminNav, RequireStaff, status_class};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text,
};
use crate::server_fns::admin::customers::{AdminSetRole, admin_get_customer, admin_list_customers};
use shared::account::CurrentUser;
use shared::admin::{AdminCustomer, AdminCustomerRow};

#[component]
pub fn AdminCustomersPage() -> impl IntoView {
    view! {
        <Title text="Customers · Back office" />
        <RequireStaff page=|_| view! { <CustomerList /> }.into_any() />
    }
}

#[component]
fn CustomerList() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
            (get("q"), get("role"), get("after"))
        })
    });
    let page = Resource::new(
        move || args.get(),
        |(q, role, after)| admin_list_customers(q, role, after),
    );
    let (q0, role0, _) = args.get_untracked();
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-customers">
            <AdminNav current="/admin/customers" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Customers"</h1>
            {filter_form(q0, role0)}
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    let (q, role, _) = args.get_untracked();
                    match page.await {
                        Ok(p) => {
                            let next = p
                                .next_after
                                .clone()
                                .map(|a| {
                                    super::page_href(
                                        "/admin/customers",
                                        &[
                                            ("after", Some(a.as_str())),
                                            ("q", q.as_deref()),
                                            ("role", role.as_deref()),
                                        ],
                                    )
                                });
                            customer_table(p.rows, next).into_any()
                        }
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Search by email or name, and a role filter (a plain GET form).
fn filter_form(q: Option<String>, role: Option<String>) -> impl IntoView {
    let role = role.unwrap_or_default();
    view! {
        <form method="get" action="/admin/customers" class="mt-4 flex flex-wrap items-end gap-3">
            <label>
                <span class=LABEL>"Email or name"</span>
                <input
                    name="q"
                    value=q.unwrap_or_default()
                    class=INPUT
                    data-testid="customers-search"
                />
            </label>
            <label>
                <span class=LABEL>"Role"</span>
                <select name="role" class=INPUT>
                    {std::iter::once("")
                        .chain(shared::account::Role::ALL.map(shared::account::Role::as_str))
                        .map(|r| {
                            view! {
                                <option value=r selected=role == r>
                                    {if r.is_empty() { "Any" } else { r }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit" class=BUTTON>
                "Search"
            </button>
        </form>
    }
}

/// The page's customers, and a link to the next page when there is one.
fn customer_table(rows: Vec<AdminCustomerRow>, next: Option<String>) -> impl IntoView {
    view! {
        <table class="mt-6 w-full text-left text-sm">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Customer"</th>
                    <th>"Role"</th>
                    <th>"Orders"</th>
                    <th>"Lifetime value"</th>
                    <th>"Last order"</th>
                    <th>"Joined"</th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(customer_row).collect_view()}</tbody>
        </table>
        {next
            .map(|href| {
                view! {
                    <a href=href class="mt-4 inline-block underline">
                        "More customers →"
                    </a>
                }
            })}
    }
}

fn customer_row(r: AdminCustomerRow) -> impl IntoView {
    view! {
        <tr class="border-b border-stone-100" data-testid="customer-row">
            <td class="py-2">
                <a href=format!("/admin/customers/{}", r.id) class="font-medium hover:underline">
                    {r.email.clone()}
                </a>
                <div class="text-xs text-stone-500">{r.name.clone()}</div>
            </td>
            <td>{r.role.as_str()}</td>
            <td>{r.orders}</td>
            <td data-testid="customer-ltv">{r.lifetime_value.clone()}</td>
            <td>{r.last_order.clone().unwrap_or_else(|| "–".into())}</td>
            <td>{r.joined.clone()}</td>
        </tr>
    }
}

#[component]
pub fn AdminCustomerPage() -> impl IntoView {
    provide_context(ServerAction::<AdminSetRole>::new());
    view! {
        <Title text="Customer · Back office" />
        <RequireStaff page=|me| view! { <CustomerDetail me=me /> }.into_any() />
    }
}

#[component]
fn CustomerDetail(me: CurrentUser) -> impl IntoView {
    let role_action: ServerAction<AdminSetRole> = expect_context();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let customer = Resource::new(
        move || (id.get(), role_action.version().get()),
        |(id, _)| admin_get_customer(id),
    );
    let admin = me.role == shared::account::Role::Admin;
    view! {
        <div class="mx-auto max-w-5xl px-4 py-8 sm:px-6" data-testid="admin-customer">
            <AdminNav current="/admin/customers" />
            <ActionMessage action=role_action success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match customer.await {
                        Ok(c) => view! { <CustomerBody c=c admin=admin /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn CustomerBody(c: AdminCustomer, admin: bool) -> impl IntoView {
    let role_action: ServerAction<AdminSetRole> = expect_context();
    let id = c.row.id.to_string();
    let learning_id = c.row.id;
    let role = c.row.role.as_str();
    view! {
        <h1 class="mt-6 font-serif text-3xl font-semibold">{c.row.email.clone()}</h1>
        <p class="mt-1 text-sm text-stone-600">
            {c.row.name.clone()} " · " {c.row.role.as_str()} " · joined " {c.row.joined.clone()}
            {c.phone.clone().map(|p| format!(" · {p}"))}
            {(!c.is_active).then_some(" · deactivated")}
        </p>
        <div class="mt-4 grid gap-4 sm:grid-cols-3">
            <div class="rounded-xl border border-stone-200 bg-white p-4">
                <p class="text-sm text-stone-600">"Lifetime value"</p>
                <p class="text-2xl font-semibold" data-testid="customer-ltv">
                    {c.row.lifetime_value.clone()}
                </p>
            </div>
            <div class="rounded-xl border border-stone-200 bg-white p-4">
                <p class="text-sm text-stone-600">"Orders"</p>
                <p class="text-2xl font-semibold">{c.row.orders}</p>
            </div>
            <div class="rounded-xl border border-stone-200 bg-white p-4">
                <p class="text-sm text-stone-600">"Average order"</p>
                <p class="text-2xl font-semibold">{c.average_order.clone()}</p>
            </div>
        </div>
        <h2 class="mt-8 font-semibold">"Orders"</h2>
        <table class="mt-2 w-full text-left text-sm">
            <tbody>
                {c
                    .orders
                    .into_iter()
                    .map(|o| {
                        view! {
                            <tr class="border-t border-stone-100">
                                <td class="py-1">
                                    <a
                                        href=format!("/admin/orders/{}", o.number)
                                        class="font-medium hover:underline"
                                    >
                                        {o.number.clone()}
                                    </a>
                                </td>
                                <td>
                                    <span class=status_class(&o.status)>{o.status.clone()}</span>
                                </td>
                                <td>{o.total}</td>
                                <td class="text-stone-500">"refunded " {o.refunded}</td>
                                <td>{o.placed_at}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <CustomerLearning user_id=learning_id />
        {admin
            .then(|| {
                view! {
                    <section class="mt-8">
                        <h2 class="font-semibold">"Role"</h2>
                        <p class="text-sm text-stone-600">
                            "Staff work on orders, products and stock; administrators also manage roles. The account signs in again after a change."
                        </p>
                        <ActionForm action=role_action>
                            <input type="hidden" name="id" value=id />
                            <div class="mt-2 flex gap-2">
                                <select name="role" class=INPUT data-testid="customer-role">
                                    {shared::account::Role::ALL
                                        .map(shared::account::Role::as_str)
                                        .into_iter()
                                        .map(|r| {
                                            view! {
                                                <option value=r selected=role == r>
                                                    {r}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                                <button type="submit" class=BUTTON_LIGHT>
                                    "Change role"
                                </button>
                            </div>
                        </ActionForm>
                    </section>
                }
            })}
    }
}
