//! `/admin/subscriptions`: learning subscriptions with a status filter, search by subscriber
//! email or plan name, and keyset pages.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, RequireStaff};
use crate::components::{BUTTON, INPUT, LABEL, RequestError};
use crate::server_fns::admin::subscriptions::admin_list_subscriptions;
use shared::admin_subscription::{AdminSubscriptionRow, SubscriptionFilter};
use storefront::subscription::{Interval, SubscriptionStatus};

#[component]
pub fn AdminSubscriptionsPage() -> impl IntoView {
    view! {
        <Title text="Subscriptions · Back office" />
        <RequireStaff page=|_| view! { <SubscriptionList /> }.into_any() />
    }
}

/// Badge colours of a subscription status.
pub(super) fn subscription_status_class(status: SubscriptionStatus) -> &'static str {
    match status {
        SubscriptionStatus::Trialing => {
            "rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800"
        }
        SubscriptionStatus::Active => {
            "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800"
        }
        SubscriptionStatus::PastDue => {
            "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800"
        }
        SubscriptionStatus::Paused | SubscriptionStatus::Canceled => {
            "rounded-full bg-stone-200 px-2 py-0.5 text-xs font-medium text-stone-700"
        }
    }
}

/// "/ month" or "/ year", after a price.
pub(super) fn per(interval: Interval) -> &'static str {
    match interval {
        Interval::Month => "/ month",
        Interval::Year => "/ year",
    }
}

fn filter_from_query(q: &leptos_router::params::ParamsMap) -> SubscriptionFilter {
    let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
    SubscriptionFilter {
        status: get("status"),
        q: get("q"),
        after: get("after"),
    }
}

fn next_href(f: &SubscriptionFilter, after: &str) -> String {
    super::page_href(
        "/admin/subscriptions",
        &[
            ("after", Some(after)),
            ("status", f.status.as_deref()),
            ("q", f.q.as_deref()),
        ],
    )
}

#[component]
fn SubscriptionList() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_from_query));
    let page = Resource::new(move || filter.get(), admin_list_subscriptions);
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-subscriptions">
            <AdminNav current="/admin/subscriptions" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Subscriptions"</h1>
            {filter_form(filter.get_untracked())}
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) if p.rows.is_empty() => {
                            view! {
                                <p class="mt-6 text-stone-600" data-testid="subscriptions-empty">
                                    "No subscriptions match."
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            let next = p
                                .next
                                .clone()
                                .map(|n| next_href(&filter.get_untracked(), &n));
                            subscription_table(p.rows, next).into_any()
                        }
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Search and status filter (a plain GET form).
fn filter_form(f: SubscriptionFilter) -> impl IntoView {
    let current = f.status.clone().map(|s| s.trim().to_ascii_uppercase());
    view! {
        <form method="get" action="/admin/subscriptions" class="mt-4 grid gap-3 sm:grid-cols-4">
            <label class="sm:col-span-2">
                <span class=LABEL>"Subscriber email or plan"</span>
                <input
                    name="q"
                    value=f.q.clone().unwrap_or_default()
                    class=INPUT
                    data-testid="subscriptions-search"
                />
            </label>
            <label>
                <span class=LABEL>"Status"</span>
                <select name="status" class=INPUT data-testid="subscriptions-status">
                    <option value="">"Any"</option>
                    {SubscriptionStatus::ALL
                        .into_iter()
                        .map(|s| {
                            let selected = current.as_deref() == Some(s.as_str());
                            view! {
                                <option value=s.as_str() selected=selected>
                                    {s.as_str()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="sm:col-span-4">
                <button type="submit" class=BUTTON>
                    "Filter"
                </button>
                <a href="/admin/subscriptions" class="ml-3 text-sm text-stone-600 underline">
                    "Clear"
                </a>
            </div>
        </form>
    }
}

/// The page's subscriptions, and a link to older ones when there are more.
fn subscription_table(rows: Vec<AdminSubscriptionRow>, next: Option<String>) -> impl IntoView {
    view! {
        <table class="mt-6 w-full text-left text-sm">
            <thead class="border-b border-stone-300 text-stone-500">
                <tr>
                    <th class="py-2">"#"</th>
                    <th>"Subscriber"</th>
                    <th>"Plan"</th>
                    <th>"Status"</th>
                    <th class="text-right">"Price"</th>
                    <th>"Next charge"</th>
                    <th class="text-right">"Failed"</th>
                    <th>"Created"</th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(subscription_row).collect_view()}</tbody>
        </table>
        {next
            .map(|href| {
                view! {
                    <p class="mt-4">
                        <a
                            href=href
                            class="text-violet-700 underline"
                            data-testid="subscriptions-next"
                        >
                            "Older subscriptions →"
                        </a>
                    </p>
                }
            })}
    }
}

fn subscription_row(r: AdminSubscriptionRow) -> impl IntoView {
    let next_charge = if r.cancel_at_period_end {
        format!("ends {}", r.period_end)
    } else {
        r.period_end.clone()
    };
    view! {
        <tr
            class="border-b border-stone-100"
            data-testid="subscription-row"
            data-status=r.status.as_str()
        >
            <td class="py-2">
                <a
                    href=format!("/admin/subscriptions/{}", r.id)
                    class="font-medium text-violet-700 hover:underline"
                >
                    {r.id}
                </a>
            </td>
            <td>
                <a href=format!("/admin/customers/{}", r.user_id) class="hover:underline">
                    {r.email.clone()}
                </a>
            </td>
            <td>{r.plan_name.clone()}</td>
            <td>
                <span class=subscription_status_class(r.status)>{r.status.as_str()}</span>
            </td>
            <td class="text-right">{r.price.to_string()} " " {per(r.interval)}</td>
            <td>{next_charge}</td>
            <td class="text-right">{r.failed_attempts}</td>
            <td>{r.created_at.clone()}</td>
        </tr>
    }
}
