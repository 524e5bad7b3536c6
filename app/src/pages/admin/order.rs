//! `/admin/orders/{number}`: one order for staff — summary, timeline, shipments, refunds,
//! returns, notes, and only the actions the state machine allows now.

mod forms;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AdminNav, RequireStaff, status_class};
use crate::components::{ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, RequestError, message_text};
use crate::pages::Timeline;
use crate::pages::checkout::SummaryTable;
use crate::server_fns::admin::orders::{
    AdminAddNote, AdminCancelOrder, AdminFulfil, AdminOrderAction, AdminRefund, AdminReturnAction,
    admin_get_order,
};
use forms::{FulfilForm, RefundForm, Returns, cancel_form};
use shared::order::{AdminOrder, NoteView, RefundView, ShipmentView};

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
    let l = o.lifecycle.clone();
    view! {
        {order_heading(&o)}
        {status_actions(a.action, number.clone(), &o.actions)}
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
                {has("cancel").then(|| cancel_form(a.cancel, number.clone()))}
                <Returns o=o.clone() />
            </div>
            <div class="space-y-8">
                <section>
                    <h2 class="font-semibold">"Timeline"</h2>
                    <Timeline entries=l.timeline.clone() />
                </section>
                {shipments_section(&l.shipments)}
                {refunds_section(&l.refunds)}
                {notes_section(a.note, &o.notes, number.clone())}
            </div>
        </div>
    }
}

/// Number, order, payment and fulfilment status, customer, dates and amounts.
fn order_heading(o: &AdminOrder) -> impl IntoView + use<> {
    let l = &o.lifecycle;
    view! {
        <div class="mt-6 flex flex-wrap items-baseline gap-3">
            <h1 class="font-serif text-3xl font-semibold">"Order " {o.order.number.clone()}</h1>
            <span class=status_class(o.order.status.as_str()) data-testid="admin-order-status">
                {o.order.status.as_str()}
            </span>
            <span class="text-sm text-stone-600" data-testid="admin-payment-status">
                "Payment "
                {o.order.payment_status.as_str()}
            </span>
            <span class="text-sm text-stone-600">"Fulfilment " {l.fulfillment_status.clone()}</span>
        </div>
        <p class="mt-1 text-sm text-stone-600">
            {o.order.email.clone()} " · placed "
            {o.order.placed_at.chars().take(16).collect::<String>().replace('T', " ")}
            " · captured " {l.captured.to_string()} " · refunded "
            <span data-testid="admin-refunded">{l.refunded.to_string()}</span>
        </p>
    }
}

/// One button per status change the order allows now (confirm, start processing, deliver).
fn status_actions(
    action: ServerAction<AdminOrderAction>,
    number: String,
    actions: &[String],
) -> impl IntoView + use<> {
    let simple: Vec<String> = actions
        .iter()
        .filter(|x| matches!(x.as_str(), "confirm" | "start_processing" | "deliver"))
        .cloned()
        .collect();
    view! {
        <div class="mt-4 flex flex-wrap gap-3">
            {simple
                .into_iter()
                .map(|act| {
                    let label = action_label(&act);
                    let number = number.clone();
                    view! {
                        <ActionForm action=action>
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
    }
}

fn shipments_section(shipments: &[ShipmentView]) -> impl IntoView + use<> {
    view! {
        <section>
            <h2 class="font-semibold">"Shipments"</h2>
            {if shipments.is_empty() {
                view! { <p class="mt-2 text-sm text-stone-500">"Nothing shipped yet."</p> }
                    .into_any()
            } else {
                view! {
                    <ul class="mt-2 space-y-2 text-sm">
                        {shipments
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
    }
}

fn refunds_section(refunds: &[RefundView]) -> impl IntoView + use<> {
    view! {
        <section>
            <h2 class="font-semibold">"Refunds"</h2>
            <ul class="mt-2 space-y-1 text-sm">
                {refunds
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
    }
}

/// Staff notes on the order, and the form to add one.
fn notes_section(
    action: ServerAction<AdminAddNote>,
    notes: &[NoteView],
    number: String,
) -> impl IntoView + use<> {
    view! {
        <section>
            <h2 class="font-semibold">"Internal notes"</h2>
            <ul class="mt-2 space-y-2 text-sm">
                {notes
                    .iter()
                    .map(|n| {
                        view! {
                            <li data-testid="admin-note">
                                <p>{n.body.clone()}</p>
                                <p class="text-xs text-stone-500">
                                    {n.author.clone()} " · "
                                    {n.at.chars().take(16).collect::<String>().replace('T', " ")}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <ActionForm action=action>
                <div class="mt-3">
                    <input type="hidden" name="number" value=number />
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
    }
}
