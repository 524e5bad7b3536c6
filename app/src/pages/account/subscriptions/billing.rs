//! Under each subscription: a refused payment and its retry, the switch credit, the plans to
//! switch to, the card form and the invoices.

use leptos::prelude::*;

use super::Actions;
use super::card::CardForm;
use super::invoices::InvoiceTable;
use super::switch::SwitchPlans;
use shared::subscription::SubscriptionBilling;

#[component]
pub(super) fn BillingDetails(
    id: i64,
    status: String,
    b: SubscriptionBilling,
    actions: Actions,
) -> impl IntoView {
    let SubscriptionBilling {
        next_charge: _,
        last_error,
        next_retry_on,
        credit,
        switch_options,
        invoices,
        can_update_card,
        managed_by_stripe,
    } = b;
    let past_due = (status == "PAST_DUE").then(|| past_due_banner(last_error, next_retry_on));
    let credit = credit.is_positive().then(|| {
        view! {
            <p class="mt-3 text-sm text-stone-700" data-testid="credit">
                {format!("Credit on this subscription: {credit}, spent on your next charges.")}
            </p>
        }
    });
    let open = status != "CANCELED";
    let switch = (open && !switch_options.is_empty()).then(|| {
        view! { <SwitchPlans id options=switch_options action=actions.switch /> }
    });
    let card = open.then(|| card_section(id, can_update_card, managed_by_stripe, actions));
    let invoices = (!invoices.is_empty()).then(|| view! { <InvoiceTable invoices /> });
    view! {
        {past_due}
        {credit}
        {switch}
        {card}
        {invoices}
    }
}

/// The refused payment: why, when it is tried again, and what to do.
fn past_due_banner(last_error: Option<String>, next_retry_on: Option<String>) -> impl IntoView {
    let why = last_error.map_or_else(
        || "Your last payment was refused.".to_string(),
        |e| format!("Your last payment was refused: {e}"),
    );
    let retry = next_retry_on.map_or_else(
        || "Update your card to pay now.".to_string(),
        |d| format!("We will try again on {d}, or update your card to pay now."),
    );
    view! {
        <div
            role="alert"
            class="mt-4 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800"
            data-testid="past-due"
        >
            <p class="font-medium">{why}</p>
            <p class="mt-1">{retry}</p>
            <p class="mt-1">"You keep access to your courses meanwhile."</p>
        </div>
    }
}

/// The card form (offline test gateway), Stripe's billing portal (Stripe Billing), or where to
/// ask for a change.
fn card_section(
    id: i64,
    can_update_card: bool,
    managed_by_stripe: bool,
    actions: Actions,
) -> AnyView {
    if can_update_card {
        view! { <CardForm id action=actions.card /> }.into_any()
    } else if managed_by_stripe {
        // A plain form: a full navigation to Stripe with or without JavaScript.
        view! {
            <form
                method="post"
                action=format!("/account/subscriptions/{id}/portal")
                class="mt-6 border-t border-stone-200 pt-4"
            >
                <button
                    type="submit"
                    class="rounded-lg border border-stone-300 px-4 py-2 text-sm font-semibold hover:bg-stone-100"
                    data-testid="billing-portal"
                >
                    "Manage card and invoices on Stripe"
                </button>
            </form>
        }
            .into_any()
    } else {
        view! {
            <p class="mt-4 text-sm text-stone-500" data-testid="card-contact-support">
                "To change the card on file, please contact us."
            </p>
        }
        .into_any()
    }
}
