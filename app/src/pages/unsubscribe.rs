//! `/unsubscribe?token=…`: stop abandoned-cart reminders (the link at the foot of each one).
//! A button, not the link itself, does it, so mail scanners that open links change nothing.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ActionMessage, BUTTON, message_text};
use crate::server_fns::cart::UnsubscribeReminders;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let action = ServerAction::<UnsubscribeReminders>::new();
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let done = query.with_untracked(|q| q.get("done").is_some());
    let done_now = move || action.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Title text="Cart reminders" />
        <div class="mx-auto max-w-xl px-4 py-16 sm:px-6" data-testid="unsubscribe">
            <h1 class="font-serif text-3xl font-semibold">"Cart reminders"</h1>
            {if done {
                view! {
                    <p class="mt-4 text-stone-700">
                        "You won't get any more reminders about carts you leave behind."
                    </p>
                }
                    .into_any()
            } else if token.is_empty() {
                view! {
                    <p class="mt-4 text-stone-700" role="alert">
                        "Open this page from the unsubscribe link at the foot of a cart reminder."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="mt-4 text-stone-700">
                        "Stop reminders about carts you leave behind? Order confirmations, shipping updates and password emails still arrive."
                    </p>
                    <ActionForm action=action>
                        <input type="hidden" name="token" value=token.clone() />
                        <button
                            type="submit"
                            class=BUTTON
                            disabled=done_now
                            data-testid="unsubscribe-button"
                        >
                            "Stop cart reminders"
                        </button>
                    </ActionForm>
                    <ActionMessage
                        action=action
                        success=message_text
                        testid="unsubscribe-message"
                    />
                }
                    .into_any()
            }}
        </div>
    }
}
