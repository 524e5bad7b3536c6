//! The offline test gateway's card fields (number, expiry, CVC) with the test-card hint: the
//! checkout's payment step and a subscription's "Update card" form post the same names.

use leptos::prelude::*;

use super::{INPUT, LABEL};

#[component]
pub fn TestCardFields() -> impl IntoView {
    view! {
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
    }
}
