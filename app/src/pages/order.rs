//! `/orders/{number}`: the order confirmation (the shopper's own order, or a guest's with the
//! secret `?key=` from the confirmation link).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::checkout_view::OrderView;
use crate::pages::PageError;
use crate::pages::checkout::SummaryTable;
use crate::server_fns::checkout::get_order;

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let args = Memo::new(move |_| {
        (
            params.with(|p| p.get("number").unwrap_or_default()),
            query.with(|q| q.get("key")),
        )
    });
    let order = Resource::new(move || args.get(), |(n, k)| get_order(n, k));
    view! {
        <Title text="Your order" />
        <Transition fallback=|| {
            view! { <p class="mx-auto max-w-3xl px-4 py-10 text-stone-500">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(o) => view! { <OrderDetail order=o /> }.into_any(),
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn status_text(o: &OrderView) -> &'static str {
    match o.status.as_str() {
        "CONFIRMED" => "Confirmed",
        "PENDING" => "Payment pending",
        "PROCESSING" => "Being prepared",
        "SHIPPED" => "Shipped",
        "DELIVERED" => "Delivered",
        "CANCELLED" => "Cancelled",
        "REFUNDED" => "Refunded",
        _ => "Received",
    }
}

#[component]
fn OrderDetail(order: OrderView) -> impl IntoView {
    let status = status_text(&order);
    let confirmed = order.status == "CONFIRMED";
    let ship = order.shipping_address.as_ref().map(|a| a.one_line());
    let bill = order.billing_address.as_ref().map(|a| a.one_line());
    view! {
        <div class="mx-auto max-w-3xl px-4 py-10 sm:px-6" data-testid="order-confirmation">
            {confirmed
                .then(|| {
                    view! {
                        <p class="text-sm font-medium uppercase tracking-wide text-emerald-700">
                            "Thank you for your order"
                        </p>
                    }
                })}
            <h1 class="mt-1 font-serif text-3xl font-semibold">
                "Order " <span data-testid="order-number">{order.number.clone()}</span>
            </h1>
            <p class="mt-2 text-stone-600">
                "Status: " <strong data-testid="order-status">{status}</strong>
                {confirmed
                    .then(|| {
                        view! {
                            " · A confirmation is on its way to "
                            <strong>{order.email.clone()}</strong>
                            "."
                        }
                    })}
            </p>
            {(order.status == "PENDING")
                .then(|| {
                    view! {
                        <p class="mt-2 text-stone-600">
                            "We are waiting for your bank to confirm the payment. This page shows the result once it arrives."
                        </p>
                    }
                })}
            {order
                .cancel_reason
                .clone()
                .map(|r| {
                    view! {
                        <p class="mt-2 text-rose-700" data-testid="order-cancel-reason">
                            {r}
                        </p>
                        <p class="mt-2">
                            <a class="font-medium text-emerald-800 underline" href="/checkout">
                                "Back to checkout to try again"
                            </a>
                        </p>
                    }
                })}
            <div class="mt-8 rounded-lg border border-stone-200 bg-white p-6">
                <SummaryTable summary=order.summary.clone() />
            </div>
            <dl class="mt-8 grid gap-6 text-sm sm:grid-cols-3">
                {ship
                    .map(|s| {
                        view! {
                            <div>
                                <dt class="font-semibold">"Shipping to"</dt>
                                <dd class="mt-1 text-stone-600">{s}</dd>
                                <dd class="text-stone-600">
                                    {order.shipping_method.clone().unwrap_or_default()}
                                </dd>
                            </div>
                        }
                    })}
                {bill
                    .map(|b| {
                        view! {
                            <div>
                                <dt class="font-semibold">"Billing address"</dt>
                                <dd class="mt-1 text-stone-600">{b}</dd>
                            </div>
                        }
                    })}
                {order
                    .payment
                    .clone()
                    .map(|p| {
                        view! {
                            <div>
                                <dt class="font-semibold">"Paid with"</dt>
                                <dd class="mt-1 text-stone-600">{p.label()}</dd>
                            </div>
                        }
                    })}
            </dl>
            <p class="mt-10">
                <a href="/products" class="text-emerald-800 underline">
                    "Continue shopping"
                </a>
            </p>
        </div>
    }
}
