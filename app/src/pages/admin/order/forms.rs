//! The order page's staff forms: ship items, refund, cancel, and act on returns.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::Actions;
use crate::components::{BUTTON, BUTTON_LIGHT, INPUT, LABEL, LineQuantities};
use crate::server_fns::admin::orders::AdminCancelOrder;
use shared::order::{AdminOrder, LineView};

fn line_label(l: &LineView) -> String {
    match &l.variant_name {
        Some(v) => format!("{} ({v})", l.name),
        None => l.name.clone(),
    }
}

#[component]
pub fn FulfilForm(number: String, lines: Vec<LineView>) -> impl IntoView {
    let a: Actions = expect_context();
    let ship_rows = lines
        .iter()
        .filter(|l| l.quantity > l.fulfilled)
        .map(|l| {
            (
                l.id,
                format!("{} · {}", line_label(l), l.sku),
                l.quantity - l.fulfilled,
            )
        })
        .collect::<Vec<_>>();
    view! {
        <section class="rounded-lg border border-stone-200 bg-white p-6">
            <h2 class="font-semibold">"Ship items"</h2>
            <ActionForm action=a.fulfil>
                <div class="mt-3 space-y-3">
                    <input type="hidden" name="number" value=number />
                    <div class="grid gap-3 sm:grid-cols-2">
                        <label>
                            <span class=LABEL>"Carrier"</span>
                            <input
                                name="carrier"
                                required
                                class=INPUT
                                placeholder="UPS"
                                data-testid="fulfil-carrier"
                            />
                        </label>
                        <label>
                            <span class=LABEL>"Tracking number"</span>
                            <input
                                name="tracking_number"
                                required
                                class=INPUT
                                data-testid="fulfil-tracking"
                            />
                        </label>
                    </div>
                    <LineQuantities rows=ship_rows prefill=true verb="ship" />
                    <button type="submit" class=BUTTON data-testid="fulfil-submit">
                        "Ship"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn RefundForm(number: String, lines: Vec<LineView>, refundable: String) -> impl IntoView {
    let a: Actions = expect_context();
    let refund_rows = lines
        .iter()
        .filter(|l| l.quantity > l.refunded)
        .map(|l| {
            (
                l.id,
                format!("{} · {}", line_label(l), l.total),
                l.quantity - l.refunded,
            )
        })
        .collect::<Vec<_>>();
    view! {
        <section class="rounded-lg border border-stone-200 bg-white p-6">
            <h2 class="font-semibold">"Refund"</h2>
            <p class="mt-1 text-sm text-stone-600">
                "Up to " <strong data-testid="refundable">{refundable}</strong>
                ". Choose lines, or enter an amount (not both); leave both empty to refund everything left."
            </p>
            <ActionForm action=a.refund>
                <div class="mt-3 space-y-3">
                    <input type="hidden" name="number" value=number />
                    <LineQuantities
                        rows=refund_rows
                        prefill=false
                        verb="refund"
                        testid="refund-qty"
                    />
                    <div class="grid gap-3 sm:grid-cols-2">
                        <label>
                            <span class=LABEL>"Amount"</span>
                            <input
                                name="amount"
                                inputmode="decimal"
                                class=INPUT
                                placeholder="12.50"
                                data-testid="refund-amount"
                            />
                        </label>
                        <label>
                            <span class=LABEL>"Reason"</span>
                            <input
                                name="reason"
                                maxlength="500"
                                class=INPUT
                                data-testid="refund-reason"
                            />
                        </label>
                    </div>
                    <button type="submit" class=BUTTON data-testid="refund-submit">
                        "Refund"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Cancelling the order: stock, coupon uses and the payment go back.
pub fn cancel_form(action: ServerAction<AdminCancelOrder>, number: String) -> impl IntoView {
    view! {
        <section class="rounded-lg border border-rose-200 bg-white p-6">
            <h2 class="font-semibold">"Cancel order"</h2>
            <p class="mt-1 text-sm text-stone-600">
                "Stock goes back, coupon uses are given back and the payment is voided or refunded."
            </p>
            <ActionForm action=action>
                <div class="mt-3 flex flex-wrap items-end gap-3">
                    <input type="hidden" name="number" value=number />
                    <label class="flex-1">
                        <span class=LABEL>"Reason"</span>
                        <input
                            name="reason"
                            class=INPUT
                            maxlength="500"
                            data-testid="cancel-reason"
                        />
                    </label>
                    <button type="submit" class=BUTTON_LIGHT data-testid="cancel-submit">
                        "Cancel order"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn Returns(o: AdminOrder) -> impl IntoView {
    let a: Actions = expect_context();
    let number = o.order.number.clone();
    let returns = o.lifecycle.returns.clone();
    (!returns.is_empty()).then(move || {
        view! {
            <section class="rounded-lg border border-stone-200 bg-white p-6">
                <h2 class="font-semibold">"Returns"</h2>
                <ul class="mt-3 space-y-4 text-sm">
                    {returns
                        .iter()
                        .map(|r| {
                            let number = number.clone();
                            let rid = r.id.to_string();
                            let acts: &[(&str, &str)] = match r.status.as_str() {
                                "REQUESTED" => &[("approve", "Approve"), ("reject", "Reject")],
                                "APPROVED" => &[("receive", "Mark received"), ("cancel", "Cancel")],
                                "RECEIVED" => &[("refund", "Refund returned items")],
                                _ => &[],
                            };
                            view! {
                                <li data-testid="admin-return">
                                    <p>
                                        <strong>"Return " {r.id}</strong>
                                        " · "
                                        {r.status.clone()}
                                        " · "
                                        {r.items.join(", ")}
                                    </p>
                                    <p class="text-stone-600">
                                        {r.reason.clone().unwrap_or_default()}
                                    </p>
                                    <div class="mt-2 flex gap-2">
                                        {acts
                                            .iter()
                                            .map(|(act, label)| {
                                                let number = number.clone();
                                                let rid = rid.clone();
                                                view! {
                                                    <ActionForm action=a.ret>
                                                        <input type="hidden" name="number" value=number />
                                                        <input type="hidden" name="return_id" value=rid />
                                                        <input type="hidden" name="action" value=*act />
                                                        <button
                                                            type="submit"
                                                            class=BUTTON_LIGHT
                                                            data-testid=format!("return-{act}")
                                                        >
                                                            {*label}
                                                        </button>
                                                    </ActionForm>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
