//! `/admin/orders/{number}`: one order for staff — summary, timeline, shipments, refunds,
//! returns, notes, and only the actions the state machine allows now.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AdminNav, RequireStaff, status_class};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, LineQuantities, RequestError, message_text,
};
use crate::pages::Timeline;
use crate::pages::checkout::SummaryTable;
use crate::server_fns::admin::orders::{
    AdminAddNote, AdminCancelOrder, AdminFulfil, AdminOrderAction, AdminRefund, AdminReturnAction,
    admin_get_order,
};
use shared::order::{AdminOrder, LineView};

/// The page's actions, created above [`RequireStaff`] so their answers survive re-renders.
#[derive(Clone, Copy)]
struct Actions {
    action: ServerAction<AdminOrderAction>,
    fulfil: ServerAction<AdminFulfil>,
    cancel: ServerAction<AdminCancelOrder>,
    refund: ServerAction<AdminRefund>,
    ret: ServerAction<AdminReturnAction>,
    note: ServerAction<AdminAddNote>,
}

impl Actions {
    fn version(&self) -> usize {
        self.action.version().get()
            + self.fulfil.version().get()
            + self.cancel.version().get()
            + self.refund.version().get()
            + self.ret.version().get()
            + self.note.version().get()
    }
}

#[component]
pub fn AdminOrderPage() -> impl IntoView {
    provide_context(Actions {
        action: ServerAction::new(),
        fulfil: ServerAction::new(),
        cancel: ServerAction::new(),
        refund: ServerAction::new(),
        ret: ServerAction::new(),
        note: ServerAction::new(),
    });
    view! {
        <Title text="Order · Back office" />
        <RequireStaff page=|_| view! { <OrderAdmin /> }.into_any() />
    }
}

#[component]
fn OrderAdmin() -> impl IntoView {
    let a: Actions = expect_context();
    let params = use_params_map();
    let number = Memo::new(move |_| params.with(|p| p.get("number").unwrap_or_default()));
    let order = Resource::new(
        move || (number.get(), a.version()),
        |(n, _)| admin_get_order(n),
    );
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-order">
            <AdminNav current="/admin/orders" />
            <ActionMessage action=a.action success=message_text testid="admin-message" />
            <ActionMessage action=a.fulfil success=message_text testid="admin-message" />
            <ActionMessage action=a.cancel success=message_text testid="admin-message" />
            <ActionMessage action=a.refund success=message_text testid="admin-message" />
            <ActionMessage action=a.ret success=message_text testid="admin-message" />
            <ActionMessage action=a.note success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(o) => view! { <OrderBody o=o /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn action_label(action: &str) -> &'static str {
    match action {
        "confirm" => "Confirm order",
        "start_processing" => "Start processing",
        "deliver" => "Mark delivered",
        _ => "",
    }
}

#[component]
fn OrderBody(o: AdminOrder) -> impl IntoView {
    let a: Actions = expect_context();
    let number = o.order.number.clone();
    let has = |name: &str| o.actions.iter().any(|x| x == name);
    let simple: Vec<String> = o
        .actions
        .iter()
        .filter(|x| matches!(x.as_str(), "confirm" | "start_processing" | "deliver"))
        .cloned()
        .collect();
    let l = o.lifecycle.clone();
    view! {
        <div class="mt-6 flex flex-wrap items-baseline gap-3">
            <h1 class="font-serif text-3xl font-semibold">"Order " {number.clone()}</h1>
            <span class=status_class(&o.order.status) data-testid="admin-order-status">
                {o.order.status.clone()}
            </span>
            <span class="text-sm text-stone-600" data-testid="admin-payment-status">
                "Payment "
                {o.order.payment_status.clone()}
            </span>
            <span class="text-sm text-stone-600">"Fulfilment " {l.fulfillment_status.clone()}</span>
        </div>
        <p class="mt-1 text-sm text-stone-600">
            {o.order.email.clone()} " · placed "
            {o.order.placed_at.chars().take(16).collect::<String>().replace('T', " ")}
            " · captured " {l.captured.to_string()} " · refunded "
            <span data-testid="admin-refunded">{l.refunded.to_string()}</span>
        </p>
        <div class="mt-4 flex flex-wrap gap-3">
            {simple
                .into_iter()
                .map(|act| {
                    let label = action_label(&act);
                    let number = number.clone();
                    view! {
                        <ActionForm action=a.action>
                            <input type="hidden" name="number" value=number />
                            <input type="hidden" name="action" value=act.clone() />
                            <button type="submit" class=BUTTON data-testid=format!("action-{act}")>
                                {label}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
        <div class="mt-8 grid gap-8 lg:grid-cols-3">
            <div class="space-y-8 lg:col-span-2">
                <section class="rounded-lg border border-stone-200 bg-white p-6">
                    <SummaryTable summary=o.order.summary.clone() />
                </section>
                {has("fulfil")
                    .then(|| view! { <FulfilForm number=number.clone() lines=l.lines.clone() /> })}
                {has("refund")
                    .then(|| {
                        view! {
                            <RefundForm
                                number=number.clone()
                                lines=l.lines.clone()
                                refundable=o.refundable.to_string()
                            />
                        }
                    })}
                {has("cancel")
                    .then(|| {
                        let number = number.clone();
                        view! {
                            <section class="rounded-lg border border-rose-200 bg-white p-6">
                                <h2 class="font-semibold">"Cancel order"</h2>
                                <p class="mt-1 text-sm text-stone-600">
                                    "Stock goes back, coupon uses are given back and the payment is voided or refunded."
                                </p>
                                <ActionForm action=a.cancel>
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
                                        <button
                                            type="submit"
                                            class=BUTTON_LIGHT
                                            data-testid="cancel-submit"
                                        >
                                            "Cancel order"
                                        </button>
                                    </div>
                                </ActionForm>
                            </section>
                        }
                    })}
                <Returns o=o.clone() />
            </div>
            <div class="space-y-8">
                <section>
                    <h2 class="font-semibold">"Timeline"</h2>
                    <Timeline entries=l.timeline.clone() />
                </section>
                <section>
                    <h2 class="font-semibold">"Shipments"</h2>
                    {if l.shipments.is_empty() {
                        view! { <p class="mt-2 text-sm text-stone-500">"Nothing shipped yet."</p> }
                            .into_any()
                    } else {
                        view! {
                            <ul class="mt-2 space-y-2 text-sm">
                                {l
                                    .shipments
                                    .iter()
                                    .map(|s| {
                                        view! {
                                            <li data-testid="admin-shipment">
                                                <strong>{s.carrier.clone()}</strong>
                                                " "
                                                {s.tracking_number.clone()}
                                                <br />
                                                <span class="text-stone-600">{s.items.join(", ")}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </section>
                <section>
                    <h2 class="font-semibold">"Refunds"</h2>
                    <ul class="mt-2 space-y-1 text-sm">
                        {l
                            .refunds
                            .iter()
                            .map(|r| {
                                view! {
                                    <li data-testid="admin-refund">
                                        {r.amount.to_string()} " · " {r.status.clone()} " · "
                                        {r.reason.clone().unwrap_or_default()}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
                <section>
                    <h2 class="font-semibold">"Internal notes"</h2>
                    <ul class="mt-2 space-y-2 text-sm">
                        {o
                            .notes
                            .iter()
                            .map(|n| {
                                view! {
                                    <li data-testid="admin-note">
                                        <p>{n.body.clone()}</p>
                                        <p class="text-xs text-stone-500">
                                            {n.author.clone()} " · "
                                            {n
                                                .at
                                                .chars()
                                                .take(16)
                                                .collect::<String>()
                                                .replace('T', " ")}
                                        </p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <ActionForm action=a.note>
                        <div class="mt-3">
                            <input type="hidden" name="number" value=number.clone() />
                            <textarea
                                name="body"
                                rows="3"
                                maxlength="2000"
                                class=INPUT
                                data-testid="note-body"
                            ></textarea>
                            <button
                                type="submit"
                                class=format!("{BUTTON_LIGHT} mt-2")
                                data-testid="note-submit"
                            >
                                "Add note"
                            </button>
                        </div>
                    </ActionForm>
                </section>
            </div>
        </div>
    }
}

fn line_label(l: &LineView) -> String {
    match &l.variant_name {
        Some(v) => format!("{} ({v})", l.name),
        None => l.name.clone(),
    }
}

#[component]
fn FulfilForm(number: String, lines: Vec<LineView>) -> impl IntoView {
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
fn RefundForm(number: String, lines: Vec<LineView>, refundable: String) -> impl IntoView {
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

#[component]
fn Returns(o: AdminOrder) -> impl IntoView {
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
