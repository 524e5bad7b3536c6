//! "Update card" (offline test gateway): the same fields as the checkout's payment step. A
//! subscription whose payment was refused is charged at once with the new card.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::{INPUT, LABEL};
use crate::server_fns::subscriptions::UpdateSubscriptionCard;

#[component]
pub(super) fn CardForm(id: i64, action: ServerAction<UpdateSubscriptionCard>) -> impl IntoView {
    view! {
        <section class="mt-6 border-t border-stone-200 pt-4">
            <h2 class="font-semibold">"Update card"</h2>
            <ActionForm action attr:class="mt-3 max-w-md space-y-4" attr:data-testid="card-form">
                <input type="hidden" name="id" value=id.to_string() />
                <p class="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
                    "Test mode: use 4242 4242 4242 4242 (succeeds), 4000 0000 0000 0002 (declined) or 4000 0000 0000 9995 (insufficient funds), any future date and any CVC. Card numbers are never stored."
                </p>
                <label class=LABEL>
                    "Card number"
                    <input
                        class=INPUT
                        name="card_number"
                        inputmode="numeric"
                        autocomplete="cc-number"
                        required
                        data-testid="card-number"
                    />
                </label>
                <div class="grid grid-cols-3 gap-4">
                    <label class=LABEL>
                        "Month"
                        <input
                            class=INPUT
                            name="exp_month"
                            inputmode="numeric"
                            placeholder="MM"
                            autocomplete="cc-exp-month"
                            required
                            data-testid="card-exp-month"
                        />
                    </label>
                    <label class=LABEL>
                        "Year"
                        <input
                            class=INPUT
                            name="exp_year"
                            inputmode="numeric"
                            placeholder="YYYY"
                            autocomplete="cc-exp-year"
                            required
                            data-testid="card-exp-year"
                        />
                    </label>
                    <label class=LABEL>
                        "CVC"
                        <input
                            class=INPUT
                            name="cvc"
                            inputmode="numeric"
                            autocomplete="cc-csc"
                            required
                            data-testid="card-cvc"
                        />
                    </label>
                </div>
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
