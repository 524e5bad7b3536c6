//! "Update card" (offline test gateway): the same fields as the checkout's payment step. A
//! subscription whose payment was refused is charged at once with the new card.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::TestCardFields;
use crate::server_fns::subscriptions::UpdateSubscriptionCard;

#[component]
pub(super) fn CardForm(id: i64, action: ServerAction<UpdateSubscriptionCard>) -> impl IntoView {
    view! {
        <section class="mt-6 border-t border-stone-200 pt-4">
            <h2 class="font-semibold">"Update card"</h2>
            <ActionForm action attr:class="mt-3 max-w-md space-y-4" attr:data-testid="card-form">
                <input type="hidden" name="id" value=id.to_string() />
                <TestCardFields />
                <button
                    type="submit"
                    class="rounded-lg bg-stone-900 px-4 py-2 text-sm font-semibold text-white hover:bg-stone-700"
                    data-testid="update-card"
                >
                    "Save card"
                </button>
            </ActionForm>
        </section>
    }
}
