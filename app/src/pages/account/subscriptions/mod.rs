//! `/account/subscriptions`: the subscriber's learning subscriptions — plan, status, price,
//! the next charge and its amount (or the day it ends), a refused payment and its retry, the
//! switch credit — with "Cancel at period end" and "Keep my subscription", switching plans,
//! replacing the card and the invoices. Plain forms: everything works without JavaScript
//! (each posts to its server function and comes back here with a flash message).

mod billing;
mod card;
mod invoices;
mod switch;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountNav, RequireUser};
use crate::components::RequestError;
use crate::server_fns::subscriptions::{
    CancelSubscription, ResumeSubscription, SwitchPlan, UpdateSubscriptionCard,
    get_my_subscriptions, get_subscription_billing,
};
use shared::errors::AppError;
use shared::subscription::{MySubscription, SubscriptionBilling};
use storefront::money::Money;

use billing::BillingDetails;

/// One subscription and its billing facts (or why they could not be read).
type Entry = (MySubscription, Result<SubscriptionBilling, AppError>);

/// The page's forms (one action each, shared by every subscription's forms).
#[derive(Clone, Copy)]
struct Actions {
    cancel: ServerAction<CancelSubscription>,
    resume: ServerAction<ResumeSubscription>,
    switch: ServerAction<SwitchPlan>,
    card: ServerAction<UpdateSubscriptionCard>,
}

#[component]
pub fn SubscriptionsPage() -> impl IntoView {
    view! {
        <Title text="Subscriptions" />
        <RequireUser page=|_| view! { <Subscriptions /> }.into_any() />
    }
}

/// The user's subscriptions, each with its billing facts.
async fn load() -> Result<Vec<Entry>, AppError> {
    let list = get_my_subscriptions().await?;
    let mut entries = Vec::with_capacity(list.len());
    for sub in list {
        let billing = get_subscription_billing(sub.id.to_string()).await;
        entries.push((sub, billing));
    }
    Ok(entries)
}

#[component]
fn Subscriptions() -> impl IntoView {
    let subscriptions = Resource::new(|| (), |_| load());
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/subscriptions" />
            <div class="md:col-span-3" data-testid="subscriptions-page">
                <h1 class="font-serif text-3xl font-semibold">"Subscriptions"</h1>
                <Transition>
                    {move || Suspend::new(async move {
                        match subscriptions.await {
                            Ok(list) if list.is_empty() => view! { <NoSubscriptions /> }.into_any(),
                            Ok(list) => view! { <SubscriptionList list /> }.into_any(),
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

/// The empty state: where the plans are.
#[component]
fn NoSubscriptions() -> impl IntoView {
    view! {
        <div
            class="mt-6 rounded-2xl border border-dashed border-stone-300 p-8 text-center"
            data-testid="subscriptions-empty"
        >
            <p class="text-stone-600">
                "You have no subscriptions. A learning subscription opens every included course for as long as it runs."
            </p>
            <a
                href="/c/learning"
                class="mt-4 inline-block font-semibold text-violet-700 hover:underline"
            >
                "Browse learning"
            </a>
        </div>
    }
}

#[component]
fn SubscriptionList(list: Vec<Entry>) -> impl IntoView {
    let actions = Actions {
        cancel: ServerAction::<CancelSubscription>::new(),
        resume: ServerAction::<ResumeSubscription>::new(),
        switch: ServerAction::<SwitchPlan>::new(),
        card: ServerAction::<UpdateSubscriptionCard>::new(),
    };
    let items = list
        .into_iter()
        .map(|(sub, billing)| view! { <SubscriptionCard sub billing actions /> })
        .collect_view();
    view! { <ul class="mt-6 space-y-4">{items}</ul> }
}

/// A subscription's status in words.
fn status_text(status: &str) -> &'static str {
    match status {
        "TRIALING" => "Free trial",
        "ACTIVE" => "Active",
        "PAST_DUE" => "Payment overdue",
        "PAUSED" => "Paused",
        "CANCELED" => "Canceled",
        _ => "Unknown",
    }
}

/// Whether the subscription renews (and can be cancelled at the end of its period).
fn is_live(status: &str) -> bool {
    matches!(status, "TRIALING" | "ACTIVE" | "PAST_DUE")
}

#[component]
fn SubscriptionCard(
    sub: MySubscription,
    billing: Result<SubscriptionBilling, AppError>,
    actions: Actions,
) -> impl IntoView {
    let MySubscription {
        id,
        plan_name,
        plan_slug,
        status,
        price,
        interval,
        period_end,
        cancel_at_period_end,
        card_label,
    } = sub;
    let label = status_text(&status);
    let data_status = status.clone();
    let price = format!("{price} per {interval}");
    let (next_charge, next_retry_on) = match &billing {
        Ok(b) => (b.next_charge, b.next_retry_on.clone()),
        Err(_) => (None, None),
    };
    let charge_on = next_retry_on
        .filter(|_| status == "PAST_DUE")
        .unwrap_or_else(|| period_end.clone());
    let renewal = Renewal {
        id,
        status: status.clone(),
        cancel_at_period_end,
        period_end,
        charge_on,
        next_charge,
    };
    let details = match billing {
        Ok(b) => view! { <BillingDetails id status b actions /> }.into_any(),
        Err(e) => view! { <RequestError error=e /> }.into_any(),
    };
    view! {
        <li
            class="rounded-2xl border border-stone-200 p-6"
            data-testid="subscription"
            data-status=data_status
        >
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <a
                    href=format!("/p/{plan_slug}")
                    class="font-serif text-xl font-semibold hover:text-violet-700"
                >
                    {plan_name}
                </a>
                <span
                    class="rounded-full bg-stone-100 px-3 py-1 text-xs font-semibold text-stone-700"
                    data-testid="subscription-status"
                >
                    {label}
                </span>
            </div>
            <p class="mt-2 text-stone-700">{price}</p>
            {card_label
                .map(|card| {
                    view! { <p class="mt-1 text-sm text-stone-500">{card}</p> }
                })}
            {renewal_view(renewal, actions)}
            {details}
        </li>
    }
}

/// What [`renewal_view`] shows.
struct Renewal {
    id: i64,
    status: String,
    cancel_at_period_end: bool,
    /// The end of the current period (the day it ends, when cancelled at period end).
    period_end: String,
    /// When the card is charged next: the renewal date, or the next retry while PAST_DUE.
    charge_on: String,
    /// How much (none when nothing more will be charged, or the billing facts are missing).
    next_charge: Option<Money>,
}

/// The next charge with "Cancel at period end", or the end date with "Keep my subscription".
/// A canceled subscription has neither; a paused one does not renew until it is resumed.
fn renewal_view(r: Renewal, actions: Actions) -> AnyView {
    if r.status == "CANCELED" {
        return ().into_any();
    }
    let id = r.id;
    if r.cancel_at_period_end {
        return view! {
            <p class="mt-4 text-stone-700" data-testid="ends-on">
                {format!("Ends on {} — you keep access until then", r.period_end)}
            </p>
            <ActionForm action=actions.resume attr:class="mt-3">
                <input type="hidden" name="id" value=id.to_string() />
                <button
                    type="submit"
                    class="rounded-lg bg-stone-900 px-4 py-2 text-sm font-semibold text-white hover:bg-stone-700"
                    data-testid="resume-subscription"
                >
                    "Keep my subscription"
                </button>
            </ActionForm>
        }
            .into_any();
    }
    if !is_live(&r.status) {
        return view! { <p class="mt-4 text-stone-700">"Paused: it does not renew until it is resumed."</p> }
            .into_any();
    }
    let next = match r.next_charge {
        Some(amount) => format!("Next charge on {}: {amount}", r.charge_on),
        None => format!("Next charge on {}", r.charge_on),
    };
    view! {
        <p class="mt-4 text-stone-700" data-testid="next-charge">
            {next}
        </p>
        <ActionForm action=actions.cancel attr:class="mt-3">
            <input type="hidden" name="id" value=id.to_string() />
            <button
                type="submit"
                class="px-0 py-2 text-sm font-semibold text-stone-600 hover:text-red-700"
                data-testid="cancel-subscription"
            >
                "Cancel at period end"
            </button>
        </ActionForm>
    }
    .into_any()
}
