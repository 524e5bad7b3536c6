//! "Switch plan": the other plans with what switching costs today — the credit for the unused
//! days of the current period pays the new plan's first charge, what is left is kept. One
//! form per plan; only ids are posted, the server prices the switch.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::server_fns::subscriptions::SwitchPlan;
use shared::subscription::PlanSwitchOption;

#[component]
pub(super) fn SwitchPlans(
    id: i64,
    options: Vec<PlanSwitchOption>,
    action: ServerAction<SwitchPlan>,
) -> impl IntoView {
    let items = options
        .into_iter()
        .map(|o| view! { <SwitchOption id o action /> })
        .collect_view();
    view! {
        <section class="mt-6 border-t border-stone-200 pt-4" data-testid="switch-plans">
            <h2 class="font-semibold">"Switch plan"</h2>
            <p class="mt-1 text-sm text-stone-500">
                "The new plan starts today. The unused days of this period become credit towards it."
            </p>
            <ul class="mt-3 space-y-3">{items}</ul>
        </section>
    }
}

/// "Pay X today (Y credit for unused days); Z credit carried" (before tax).
fn cost_text(o: &PlanSwitchOption) -> String {
    format!(
        "Pay {} today ({} credit for unused days); {} credit carried",
        o.charge_now, o.credit, o.carried
    )
}

#[component]
fn SwitchOption(id: i64, o: PlanSwitchOption, action: ServerAction<SwitchPlan>) -> impl IntoView {
    let cost = cost_text(&o);
    let PlanSwitchOption {
        variant_id,
        plan_name,
        interval,
        price,
        ..
    } = o;
    let button = format!("Switch to {plan_name}");
    view! {
        <li
            class="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-stone-200 p-4"
            data-testid="switch-option"
            data-variant-id=variant_id.to_string()
        >
            <div>
                <p class="font-medium">{format!("{plan_name} — {price} per {interval}")}</p>
                <p class="text-sm text-stone-600" data-testid="switch-cost">
                    {cost}
                </p>
            </div>
            <ActionForm action>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="variant_id" value=variant_id.to_string() />
                <button
                    type="submit"
                    class="rounded-lg bg-stone-900 px-4 py-2 text-sm font-semibold text-white hover:bg-stone-700"
                    data-testid="switch-plan"
                >
                    {button}
                </button>
            </ActionForm>
        </li>
    }
}
