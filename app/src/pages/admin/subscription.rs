//! `/admin/subscriptions/{id}`: one subscription for staff — its terms and billing state, its
//! history (oldest first, with who and why), its invoices, and only the actions allowed now:
//! charge a past-due subscription now, cancel at once, refund the last period. Each action is
//! a form that works without JavaScript (a flash message and a redirect back here) and,
//! hydrated, answers in place.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::subscriptions::{per, subscription_status_class};
use super::{AdminNav, RequireStaff, status_class};
use crate::components::{ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError};
use crate::server_fns::admin::subscriptions::{
    AdminCancelSubscription, AdminPauseSubscription, AdminRefundLastPeriod, AdminRetrySubscription,
    admin_get_subscription,
};
use shared::admin_subscription::{
    AdminSubscription, AdminSubscriptionInvoice, SubscriptionActionOutcome, SubscriptionEventView,
};

/// The page's actions, created above [`RequireStaff`] so their answers survive re-renders.
#[derive(Clone, Copy)]
struct Actions {
    retry: ServerAction<AdminRetrySubscription>,
    cancel: ServerAction<AdminCancelSubscription>,
    refund: ServerAction<AdminRefundLastPeriod>,
    pause: ServerAction<AdminPauseSubscription>,
}

impl Actions {
    fn version(&self) -> usize {
        self.retry.version().get()
            + self.cancel.version().get()
            + self.refund.version().get()
            + self.pause.version().get()
    }
}

/// [`ActionMessage`] `success` for the actions: what happened, in words.
fn outcome_text(o: &SubscriptionActionOutcome) -> String {
    o.message.clone()
}

#[component]
pub fn AdminSubscriptionPage() -> impl IntoView {
    provide_context(Actions {
        retry: ServerAction::new(),
        cancel: ServerAction::new(),
        refund: ServerAction::new(),
        pause: ServerAction::new(),
    });
    view! {
        <Title text="Subscription · Back office" />
        <RequireStaff page=|_| view! { <SubscriptionAdmin /> }.into_any() />
    }
}

#[component]
fn SubscriptionAdmin() -> impl IntoView {
    let a: Actions = expect_context();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let subscription = Resource::new(
        move || (id.get(), a.version()),
        |(id, _)| admin_get_subscription(id),
    );
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-subscription">
            <AdminNav current="/admin/subscriptions" />
            <ActionMessage action=a.retry success=outcome_text testid="admin-message" />
            <ActionMessage action=a.cancel success=outcome_text testid="admin-message" />
            <ActionMessage action=a.refund success=outcome_text testid="admin-message" />
            <ActionMessage action=a.pause success=outcome_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match subscription.await {
                        Ok(s) => view! { <SubscriptionBody s=s /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn SubscriptionBody(s: AdminSubscription) -> impl IntoView {
    let a: Actions = expect_context();
    view! {
        {heading(&s)}
        <div class="mt-8 grid gap-8 lg:grid-cols-3">
            <div class="space-y-8 lg:col-span-2">
                {facts(&s)} {invoices_section(&s.invoices)} {history_section(&s.history)}
            </div>
            <div class="space-y-6">{action_forms(a, &s)}</div>
        </div>
    }
}

/// Number, status, plan, subscriber and price.
fn heading(s: &AdminSubscription) -> impl IntoView + use<> {
    view! {
        <div class="mt-6 flex flex-wrap items-baseline gap-3">
            <h1 class="font-serif text-3xl font-semibold">"Subscription " {s.id}</h1>
            <span class=subscription_status_class(s.status) data-testid="subscription-status">
                {s.status.as_str()}
            </span>
            <span class="text-sm text-stone-600">{s.plan_name.clone()}</span>
        </div>
        <p class="mt-1 text-sm text-stone-600">
            <a href=format!("/admin/customers/{}", s.user_id) class="underline">
                {s.email.clone()}
            </a>
            " · "
            {s.price.to_string()}
            " "
            {per(s.interval)}
            " · since "
            {s.created_at.clone()}
        </p>
    }
}

/// One `<dt>`/`<dd>` pair.
fn fact(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    view! {
        <dt class="text-stone-600">{label}</dt>
        <dd data-testid=testid>{value}</dd>
    }
}

/// The subscription's terms and billing state.
fn facts(s: &AdminSubscription) -> impl IntoView + use<> {
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "–".into());
    let next = if s.cancel_at_period_end {
        format!("Ends on {} (canceled at period end)", s.period_end)
    } else {
        s.period_end.clone()
    };
    view! {
        <section class="rounded-lg border border-stone-200 bg-white p-6">
            <h2 class="font-semibold">"Billing"</h2>
            <dl class="mt-3 grid grid-cols-2 gap-2 text-sm" data-testid="subscription-facts">
                {fact(
                    "Current period",
                    format!("{} – {}", s.period_start, s.period_end),
                    "subscription-period",
                )}
                {fact("Next charge", next, "subscription-next-charge")}
                {fact("Card", or_dash(s.card_label.clone()), "subscription-card")}
                {fact(
                    "Cancel at period end",
                    if s.cancel_at_period_end { "Yes" } else { "No" }.to_string(),
                    "subscription-cancel-at-period-end",
                )}
                {fact("Credit", s.credit.to_string(), "subscription-credit")}
                {fact("Failed attempts", s.failed_attempts.to_string(), "subscription-failed")}
                {fact("Last error", or_dash(s.last_error.clone()), "subscription-last-error")}
                {fact("Next retry", or_dash(s.next_retry_on.clone()), "subscription-next-retry")}
                {fact("Billed by", s.provider.clone(), "subscription-provider")}
                {fact("Canceled", or_dash(s.canceled_at.clone()), "subscription-canceled-at")}
            </dl>
        </section>
    }
}

/// The paid periods, newest first, each linked to its order.
fn invoices_section(invoices: &[AdminSubscriptionInvoice]) -> impl IntoView + use<> {
    let rows = invoices.to_vec();
    view! {
        <section class="rounded-lg border border-stone-200 bg-white p-6">
            <h2 class="font-semibold">"Invoices"</h2>
            {if rows.is_empty() {
                view! { <p class="mt-2 text-sm text-stone-500">"No paid period yet."</p> }
                    .into_any()
            } else {
                view! {
                    <table
                        class="mt-3 w-full text-left text-sm"
                        data-testid="subscription-invoices"
                    >
                        <thead class="border-b border-stone-300 text-stone-500">
                            <tr>
                                <th class="py-2">"Invoice"</th>
                                <th>"Order"</th>
                                <th>"Period"</th>
                                <th class="text-right">"Total"</th>
                                <th class="pl-4">"Payment"</th>
                            </tr>
                        </thead>
                        <tbody>{rows.into_iter().map(invoice_row).collect_view()}</tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}

fn invoice_row(i: AdminSubscriptionInvoice) -> impl IntoView {
    let period = format!(
        "{} – {}",
        i.period_start.clone().unwrap_or_default(),
        i.period_end.clone().unwrap_or_default()
    );
    let refunded = i
        .refunded
        .is_positive()
        .then(|| format!(" (refunded {})", i.refunded));
    view! {
        <tr class="border-b border-stone-100" data-testid="subscription-invoice">
            <td class="py-2">{i.invoice_number.clone()}</td>
            <td>
                <a
                    href=format!("/admin/orders/{}", i.order_number)
                    class="font-medium text-violet-700 hover:underline"
                >
                    {i.order_number.clone()}
                </a>
                " "
                <span class="text-xs text-stone-500">{i.kind.clone()}</span>
            </td>
            <td>{period}</td>
            <td class="text-right">{i.total.to_string()} {refunded}</td>
            <td>
                <span class=status_class(&i.payment_status)>{i.payment_status.clone()}</span>
            </td>
        </tr>
    }
}

/// Every change, oldest first, with who made it and why.
fn history_section(history: &[SubscriptionEventView]) -> impl IntoView + use<> {
    let rows = history.to_vec();
    view! {
        <section class="rounded-lg border border-stone-200 bg-white p-6">
            <h2 class="font-semibold">"History"</h2>
            <ol class="mt-3 space-y-3 text-sm" data-testid="subscription-history">
                {rows
                    .into_iter()
                    .map(|e| {
                        let moved = match &e.from {
                            Some(from) if *from != e.to => format!("{from} → {}", e.to),
                            _ => e.to.clone(),
                        };
                        view! {
                            <li data-testid="subscription-event" data-event=e.event.clone()>
                                <p>
                                    <strong>{e.event.clone()}</strong>
                                    " · "
                                    {moved}
                                </p>
                                <p class="text-stone-600">{e.reason.clone().unwrap_or_default()}</p>
                                <p class="text-xs text-stone-500">
                                    {e.actor.clone()} " · " {e.at.clone()}
                                </p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// Only the actions allowed now; a note when there are none.
fn action_forms(a: Actions, s: &AdminSubscription) -> impl IntoView + use<> {
    let id = s.id.to_string();
    let has = |name: &str| s.actions.iter().any(|x| x == name);
    let none = s.actions.is_empty();
    view! {
        {has("retry").then(|| retry_form(a.retry, id.clone()))}
        {has("pause").then(|| pause_form(a.pause, id.clone(), true))}
        {has("resume").then(|| pause_form(a.pause, id.clone(), false))}
        {has("cancel").then(|| cancel_form(a.cancel, id.clone()))}
        {has("refund_last").then(|| refund_form(a.refund, id.clone()))}
        {none
            .then(|| {
                view! {
                    <p class="text-sm text-stone-500" data-testid="subscription-no-actions">
                        "Nothing to do here now."
                    </p>
                }
            })}
    }
}

/// Charge a past-due subscription's card now.
fn retry_form(action: ServerAction<AdminRetrySubscription>, id: String) -> impl IntoView {
    view! {
        <section class="rounded-lg border border-amber-200 bg-white p-6">
            <h2 class="font-semibold">"Retry the payment"</h2>
            <p class="mt-1 text-sm text-stone-600">
                "Charges the card on file now instead of on the next retry date."
            </p>
            <ActionForm action=action>
                <input type="hidden" name="id" value=id />
                <button type="submit" class=format!("{BUTTON} mt-3") data-testid="retry-now">
                    "Retry now"
                </button>
            </ActionForm>
        </section>
    }
}

/// Pause (no charges, no access) or resume.
fn pause_form(
    action: ServerAction<AdminPauseSubscription>,
    id: String,
    pause: bool,
) -> impl IntoView {
    let (title, text, testid) = if pause {
        (
            "Pause",
            "No charges and no access until it is resumed.",
            "pause-subscription",
        )
    } else {
        (
            "Resume",
            "Access again at once; past the paid period, a new one starts today and is charged.",
            "resume-subscription",
        )
    };
    view! {
        <section class="rounded-lg border border-stone-200 bg-white p-6">
            <h2 class="font-semibold">{title}</h2>
            <p class="mt-1 text-sm text-stone-600">{text}</p>
            <ActionForm action=action>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="pause" value=pause.to_string() />
                <button type="submit" class=format!("{BUTTON_LIGHT} mt-3") data-testid=testid>
                    {title}
                </button>
            </ActionForm>
        </section>
    }
}

/// Cancel with immediate effect.
fn cancel_form(action: ServerAction<AdminCancelSubscription>, id: String) -> impl IntoView {
    view! {
        <section class="rounded-lg border border-rose-200 bg-white p-6">
            <h2 class="font-semibold">"Cancel now"</h2>
            <p class="mt-1 text-sm text-stone-600">
                "Access ends today and the subscriber is told by mail. Nothing is refunded."
            </p>
            <ActionForm action=action>
                <div class="mt-3 space-y-3">
                    <input type="hidden" name="id" value=id />
                    <label class="block">
                        <span class=LABEL>"Reason"</span>
                        <input
                            name="reason"
                            class=INPUT
                            maxlength="500"
                            data-testid="cancel-now-reason"
                        />
                    </label>
                    <button type="submit" class=BUTTON_LIGHT data-testid="cancel-now">
                        "Cancel now"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Refund the newest paid period in full and cancel at once.
fn refund_form(action: ServerAction<AdminRefundLastPeriod>, id: String) -> impl IntoView {
    view! {
        <section class="rounded-lg border border-rose-200 bg-white p-6">
            <h2 class="font-semibold">"Refund the last period"</h2>
            <p class="mt-1 text-sm text-stone-600">
                "Refunds the newest paid period in full and cancels the subscription today: a refunded period gives no access."
            </p>
            <ActionForm action=action>
                <div class="mt-3 space-y-3">
                    <input type="hidden" name="id" value=id />
                    <label class="block">
                        <span class=LABEL>"Reason"</span>
                        <input
                            name="reason"
                            class=INPUT
                            maxlength="500"
                            data-testid="refund-last-reason"
                        />
                    </label>
                    <button type="submit" class=BUTTON_LIGHT data-testid="refund-last">
                        "Refund last period"
                    </button>
                </div>
            </ActionForm>
        </section>
    }
}
