use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ActionMessage, BUTTON, INPUT, LABEL, message_text};
use crate::server_fns::account::{RequestPasswordReset, ResetPassword};

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    view! {
        <Title text="Reset your password" />
        <div class="mx-auto max-w-md px-4 py-12">
            <h1 class="font-serif text-3xl font-semibold">"Reset your password"</h1>
            <p class="mt-2 text-sm text-stone-600">
                "We'll email you a link that works once, within the hour."
            </p>
            <ActionForm action attr:class="mt-6 space-y-4">
                <label class=LABEL>
                    "Email"
                    <input
                        type="email"
                        name="email"
                        required
                        autocomplete="email"
                        class=INPUT
                        data-testid="forgot-email"
                    />
                </label>
                <button type="submit" class=format!("w-full {BUTTON}") data-testid="forgot-submit">
                    "Send reset link"
                </button>
            </ActionForm>
            <ActionMessage action success=message_text testid="forgot-message" />
        </div>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <Title text="Choose a new password" />
        <div class="mx-auto max-w-md px-4 py-12">
            <h1 class="font-serif text-3xl font-semibold">"Choose a new password"</h1>
            <ActionForm action attr:class="mt-6 space-y-4">
                <input type="hidden" name="token" value=token />
                <label class=LABEL>
                    "New password"
                    <input
                        type="password"
                        name="password"
                        required
                        minlength="8"
                        autocomplete="new-password"
                        class=INPUT
                        data-testid="reset-password"
                    />
                </label>
                <button type="submit" class=format!("w-full {BUTTON}") data-testid="reset-submit">
                    "Save password"
                </button>
            </ActionForm>
            <ActionMessage action success=message_text testid="reset-message" />
            <p class="mt-6 text-sm">
                <a href="/account/login" class="text-violet-700 hover:underline">
                    "Back to sign in"
                </a>
            </p>
        </div>
    }
}
