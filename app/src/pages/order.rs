//! `/orders/{number}`: the order confirmation (the shopper's own order, or a guest's with the
//! secret `?key=` from the confirmation link).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use leptos::form::ActionForm;

use crate::components::{ActionMessage, BUTTON_LIGHT, INPUT, LABEL, LineQuantities, message_text};
use crate::pages::PageError;
use crate::pages::checkout::SummaryTable;
use crate::server_fns::account::{CancelMyOrder, RequestOrderReturn};
use crate::server_fns::checkout::get_order;
use shared::order::OrderView;
use shared::order::{OrderLifecycle, TimelineEntry};
use storefront::{OrderStatus, PaymentStatus};

/// The page's actions live above the order resource, which reloads after each.
#[derive(Clone, Copy)]
struct ShopperOrderActions {
    cancel: ServerAction<CancelMyOrder>,
    ret: ServerAction<RequestOrderReturn>,
}

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
    let actions = ShopperOrderActions {
        cancel: ServerAction::new(),
        ret: ServerAction::new(),
    };
    provide_context(actions);
    let order = Resource::new(
        move || {
            (
                args.get(),
                actions.cancel.version().get(),
                actions.ret.version().get(),
            )
        },
        |((n, k), _, _)| get_order(n, k),
    );
    view! {
        <Title text="Your order" />
        <div class="mx-auto max-w-3xl px-4 sm:px-6">
            <ActionMessage action=actions.cancel success=message_text testid="order-message" />
            <ActionMessage action=actions.ret success=message_text testid="order-message" />
        </div>
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
    shared::order::status_label(o.status)
}

#[component]
fn OrderDetail(order: OrderView) -> impl IntoView {
    let status = status_text(&order);
    let confirmed = order.status == OrderStatus::Confirmed;
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
            {pending_or_cancelled_notes(&order)}
            {order.lifecycle.clone().map(|l| view! { <Tracking lifecycle=l /> })}
            <div class="mt-8 rounded-lg border border-stone-200 bg-white p-6">
                <SummaryTable summary=order.summary.clone() />
            </div>
            {actions_and_history(&order)}
            {addresses_and_payment(&order)}
            <p class="mt-10">
                <a href="/products" class="text-emerald-800 underline">
                    "Continue shopping"
                </a>
            </p>
        </div>
    }
}

/// While the bank has not answered, a note saying so; once cancelled, the reason (and a way
/// back to checkout when the payment failed).
fn pending_or_cancelled_notes(order: &OrderView) -> impl IntoView + use<> {
    let pending = (order.status == OrderStatus::Pending).then(|| {
        view! {
            <p class="mt-2 text-stone-600">
                "We are waiting for your bank to confirm the payment. This page shows the result once it arrives."
            </p>
        }
    });
    let cancelled = order.cancel_reason.clone().map(|r| {
        let payment_failed = order.payment_status == PaymentStatus::Failed;
        view! {
            <p class="mt-2 text-rose-700" data-testid="order-cancel-reason">
                {r}
            </p>
            {payment_failed
                .then(|| {
                    view! {
                        <p class="mt-2">
                            <a class="font-medium text-emerald-800 underline" href="/checkout">
                                "Back to checkout to try again"
                            </a>
                        </p>
                    }
                })}
        }
    });
    view! {
        {pending}
        {cancelled}
    }
}

/// The shopper's cancel and return forms, and the status history (once the order has a
/// lifecycle).
fn actions_and_history(order: &OrderView) -> impl IntoView + use<> {
    order.lifecycle.clone().map(|l| {
        view! {
            <ShopperActions
                number=order.number.clone()
                access_key=order.access_key.clone()
                lifecycle=l.clone()
            />
            <section class="mt-8">
                <h2 class="font-semibold">"Order history"</h2>
                <Timeline entries=l.timeline />
            </section>
        }
    })
}

/// Where it ships, the billing address and how it was paid.
fn addresses_and_payment(order: &OrderView) -> impl IntoView + use<> {
    let ship = order.shipping_address.as_ref().map(|a| a.one_line());
    let bill = order.billing_address.as_ref().map(|a| a.one_line());
    view! {
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
    }
}

/// Shipments with their tracking links, and refunds.
#[component]
fn Tracking(lifecycle: OrderLifecycle) -> impl IntoView {
    let refunded = lifecycle.refunded.is_positive().then(|| {
        view! {
            <p class="mt-2 text-stone-600" data-testid="order-refunded">
                "Refunded: "
                <strong>{lifecycle.refunded.to_string()}</strong>
            </p>
        }
    });
    view! {
        {lifecycle
            .shipments
            .into_iter()
            .map(|s| {
                let number = s.tracking_number.clone();
                view! {
                    <div
                        class="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm"
                        data-testid="order-shipment"
                    >
                        <p>
                            "Shipped with "
                            <strong data-testid="order-carrier">{s.carrier.clone()}</strong>
                            ", tracking number "
                            {match s.tracking_url.clone() {
                                Some(url) => {
                                    view! {
                                        <a
                                            href=url
                                            class="font-mono text-emerald-800 underline"
                                            rel="noopener"
                                            target="_blank"
                                            data-testid="order-tracking"
                                        >
                                            {number}
                                        </a>
                                    }
                                        .into_any()
                                }
                                None => {
                                    view! {
                                        <span class="font-mono" data-testid="order-tracking">
                                            {number}
                                        </span>
                                    }
                                        .into_any()
                                }
                            }}
                        </p>
                        <p class="text-stone-600">{s.items.join(", ")}</p>
                    </div>
                }
            })
            .collect_view()}
        {refunded}
    }
}

/// The status history, oldest first.
#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <ol
            class="mt-3 space-y-3 border-l border-stone-300 pl-4 text-sm"
            data-testid="order-timeline"
        >
            {entries
                .into_iter()
                .map(|e| {
                    let title = if e.from_status == Some(e.to_status) {
                        e.reason.clone().unwrap_or_default()
                    } else {
                        shared::order::status_label(e.to_status).to_string()
                    };
                    let detail = (e.from_status != Some(e.to_status))
                        .then(|| e.reason.clone())
                        .flatten();
                    let who = match e.actor.as_str() {
                        "customer" => "you".to_string(),
                        "system" => "the shop".to_string(),
                        a if a.starts_with("staff:") => "our team".to_string(),
                        a => a.to_string(),
                    };
                    view! {
                        <li data-testid="timeline-entry">
                            <p class="font-medium">{title}</p>
                            <p class="text-stone-600">
                                {e.at.chars().take(16).collect::<String>().replace('T', " ")}
                                " · by " {who} {detail.map(|d| format!(" · {d}"))}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// Cancel (until it ships) and return requests (once delivered).
#[component]
fn ShopperActions(
    number: String,
    access_key: Option<String>,
    lifecycle: OrderLifecycle,
) -> impl IntoView {
    let ShopperOrderActions { cancel, ret } = expect_context();
    let key = access_key.unwrap_or_default();
    let (number2, key2) = (number.clone(), key.clone());
    let cancel_form = lifecycle.can_cancel.then(move || {
        let (number, key) = (number2, key2);
        view! {
            <section class="mt-8 rounded-lg border border-stone-200 bg-white p-6">
                <h2 class="font-semibold">"Changed your mind?"</h2>
                <p class="mt-1 text-sm text-stone-600">
                    "You can cancel until the order ships. We refund the full amount to your card."
                </p>
                <ActionForm action=cancel>
                    <div class="mt-3 flex flex-wrap items-end gap-3">
                        <input type="hidden" name="number" value=number.clone() />
                        <input type="hidden" name="key" value=key.clone() />
                        <label class="flex-1">
                            <span class=LABEL>"Reason (optional)"</span>
                            <input name="reason" maxlength="500" class=INPUT />
                        </label>
                        <button type="submit" class=BUTTON_LIGHT data-testid="cancel-order">
                            "Cancel order"
                        </button>
                    </div>
                </ActionForm>
            </section>
        }
    });
    let return_rows: Vec<(i64, String, u32)> = lifecycle
        .lines
        .iter()
        .filter(|l| l.returnable > 0)
        .map(|l| {
            let name = match &l.variant_name {
                Some(v) => format!("{} ({v})", l.name),
                None => l.name.clone(),
            };
            (l.id, name, l.returnable)
        })
        .collect();
    let return_form = lifecycle.can_request_return.then(|| {
        view! {
            <section class="mt-8 rounded-lg border border-stone-200 bg-white p-6">
                <h2 class="font-semibold">"Return items"</h2>
                <ActionForm action=ret>
                    <div class="mt-3 space-y-3">
                        <input type="hidden" name="number" value=number.clone() />
                        <input type="hidden" name="key" value=key.clone() />
                        <LineQuantities rows=return_rows prefill=false verb="return" />
                        <label class="block">
                            <span class=LABEL>"Why are you returning them?"</span>
                            <input name="reason" required maxlength="500" class=INPUT />
                        </label>
                        <button type="submit" class=BUTTON_LIGHT data-testid="request-return">
                            "Request return"
                        </button>
                    </div>
                </ActionForm>
            </section>
        }
    });
    let returns = (!lifecycle.returns.is_empty()).then(|| {
        view! {
            <section class="mt-8">
                <h2 class="font-semibold">"Returns"</h2>
                <ul class="mt-2 text-sm">
                    {lifecycle
                        .returns
                        .iter()
                        .map(|r| {
                            view! {
                                <li data-testid="order-return">
                                    {r.items.join(", ")} " · " {r.status.to_lowercase()}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    });
    view! {
        {cancel_form}
        {return_form}
        {returns}
    }
}
