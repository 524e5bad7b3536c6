use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ActionMessage, BUTTON, INPUT, LABEL, message_text};
use crate::server_fns::account::{ConfirmAccount, Login, Register, SignedIn};

fn signed_in_text(s: &SignedIn) -> String {
    let mut t = format!("Welcome, {}.", s.user.greeting_name());
    for n in &s.notices {
        t.push(' ');
        t.push_str(n);
    }
    t
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let action = ServerAction::<Login>::new();
    view! {
        <Title text="Sign in" />
        <div class="mx-auto max-w-md px-4 py-12" data-testid="login-page">
            <h1 class="font-serif text-3xl font-semibold">"Sign in"</h1>
            <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="login-form">
                <input type="hidden" name="next" value=next />
                <label class=LABEL>
                    "Email"
                    <input
                        type="email"
                        name="email"
                        required
                        autocomplete="email"
                        class=INPUT
                        data-testid="login-email"
                    />
                </label>
                <label class=LABEL>
                    "Password"
                    <input
                        type="password"
                        name="password"
                        required
                        autocomplete="current-password"
                        class=INPUT
                        data-testid="login-password"
                    />
                </label>
                <button type="submit" class=format!("w-full {BUTTON}") data-testid="login-submit">
                    "Sign in"
                </button>
            </ActionForm>
            <ActionMessage action success=signed_in_text testid="login-message" />
            <p class="mt-6 text-sm">
                <a href="/account/forgot-password" class="text-violet-700 hover:underline">
                    "Forgot your password?"
                </a>
            </p>
            <p class="mt-2 text-sm">
                "New here? "
                <a
                    href=move || format!("/account/register?next={}", next())
                    class="font-semibold text-violet-700 hover:underline"
                    data-testid="register-link"
                >
                    "Create an account"
                </a>
            </p>
        </div>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let action = ServerAction::<Register>::new();
    view! {
        <Title text="Create an account" />
        <div class="mx-auto max-w-md px-4 py-12" data-testid="register-page">
            <h1 class="font-serif text-3xl font-semibold">"Create an account"</h1>
            <ActionForm action attr:class="mt-6 space-y-4" attr:data-testid="register-form">
                <input type="hidden" name="next" value=next />
                <div class="grid grid-cols-2 gap-3">
                    <label class=LABEL>
                        "First name"
                        <input
                            type="text"
                            name="first_name"
                            autocomplete="given-name"
                            class=INPUT
                            data-testid="register-first-name"
                        />
                    </label>
                    <label class=LABEL>
                        "Last name"
                        <input
                            type="text"
                            name="last_name"
                            autocomplete="family-name"
                            class=INPUT
                        />
                    </label>
                </div>
                <label class=LABEL>
                    "Email"
                    <input
                        type="email"
                        name="email"
                        required
                        autocomplete="email"
                        class=INPUT
                        data-testid="register-email"
                    />
                </label>
                <label class=LABEL>
                    "Password"
                    <input
                        type="password"
                        name="password"
                        required
                        minlength="8"
                        autocomplete="new-password"
                        class=INPUT
                        data-testid="register-password"
                    />
                    <span class="mt-1 block text-xs text-stone-500">
                        "At least 8 characters; not a common password."
                    </span>
                </label>
                <button
                    type="submit"
                    class=format!("w-full {BUTTON}")
                    data-testid="register-submit"
                >
                    "Create account"
                </button>
                <p class="text-xs text-stone-500">
                    "We'll email you a link to finish creating your account."
                </p>
            </ActionForm>
            <ActionMessage action success=message_text testid="register-message" />
            <p class="mt-6 text-sm">
                "Already have an account? "
                <a href="/account/login" class="font-semibold text-violet-700 hover:underline">
                    "Sign in"
                </a>
            </p>
        </div>
    }
}

/// Where registration leads: the flash says where the link went.
#[component]
pub fn CheckEmailPage() -> impl IntoView {
    view! {
        <Title text="Check your email" />
        <div class="mx-auto max-w-md px-4 py-12" data-testid="check-email-page">
            <h1 class="font-serif text-3xl font-semibold">"Check your email"</h1>
            <p class="mt-4 text-stone-700">
                "Open the link we've just sent you to finish creating your account. It works once."
            </p>
            <p class="mt-4 text-sm text-stone-600">
                "Nothing arrived after a few minutes? Look in your spam folder, or "
                <a href="/account/register" class="text-violet-700 hover:underline">
                    "register again"
                </a> "."
            </p>
            <p class="mt-2 text-sm text-stone-600">
                "Already have an account? "
                <a href="/account/login" class="font-semibold text-violet-700 hover:underline">
                    "Sign in"
                </a>
            </p>
        </div>
    }
}

/// The emailed link lands here; the button (a POST, so mail scanners that follow links
/// create nothing) finishes the registration and signs in.
#[component]
pub fn ConfirmAccountPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let action = ServerAction::<ConfirmAccount>::new();
    view! {
        <Title text="Finish creating your account" />
        <div class="mx-auto max-w-md px-4 py-12" data-testid="confirm-page">
            <h1 class="font-serif text-3xl font-semibold">"Finish creating your account"</h1>
            <p class="mt-2 text-sm text-stone-600">
                "One click and your account is ready; you'll be signed in."
            </p>
            <ActionForm action attr:class="mt-6">
                <input type="hidden" name="token" value=token />
                <button type="submit" class=format!("w-full {BUTTON}") data-testid="confirm-submit">
                    "Create my account"
                </button>
            </ActionForm>
            <ActionMessage action success=signed_in_text testid="confirm-message" />
        </div>
    }
}
