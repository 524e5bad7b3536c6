use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountNav, RequireUser};
use crate::components::{ActionMessage, BUTTON, INPUT, LABEL, message_text};
use crate::server_fns::account::{ChangePassword, UpdateProfile};
use shared::account::CurrentUser;

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text="Your account" />
        <RequireUser page=|user| view! { <Profile user /> }.into_any() />
    }
}

#[component]
fn Profile(user: CurrentUser) -> impl IntoView {
    let profile = ServerAction::<UpdateProfile>::new();
    let password = ServerAction::<ChangePassword>::new();
    view! {
        <div
            class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4"
            data-testid="account-page"
        >
            <AccountNav current="/account" />
            <div class="space-y-10 md:col-span-3">
                <section>
                    <h1 class="font-serif text-3xl font-semibold">"Your details"</h1>
                    <ActionForm action=profile attr:class="mt-6 grid gap-4 sm:grid-cols-2">
                        <label class=LABEL>
                            "First name"
                            <input
                                type="text"
                                name="first_name"
                                value=user.first_name.clone().unwrap_or_default()
                                class=INPUT
                            />
                        </label>
                        <label class=LABEL>
                            "Last name"
                            <input
                                type="text"
                                name="last_name"
                                value=user.last_name.clone().unwrap_or_default()
                                class=INPUT
                            />
                        </label>
                        <label class=format!(
                            "{LABEL} sm:col-span-2",
                        )>
                            "Email"
                            <input
                                type="email"
                                name="email"
                                required
                                value=user.email.clone()
                                class=INPUT
                                data-testid="profile-email"
                            />
                        </label>
                        <label class=format!(
                            "{LABEL} sm:col-span-2",
                        )>
                            "Current password"
                            <span class="block text-xs text-stone-500">
                                "Needed only to change your email."
                            </span>
                            <input
                                type="password"
                                name="current_password"
                                autocomplete="current-password"
                                class=INPUT
                                data-testid="profile-current-password"
                            />
                        </label>
                        <div>
                            <button type="submit" class=BUTTON>
                                "Save details"
                            </button>
                        </div>
                    </ActionForm>
                    <ActionMessage action=profile success=message_text />
                </section>
                <section>
                    <h2 class="text-xl font-semibold">"Change password"</h2>
                    <p class="mt-1 text-sm text-stone-600">
                        "You'll stay signed in here; every other device is signed out."
                    </p>
                    <ActionForm action=password attr:class="mt-4 grid gap-4 sm:grid-cols-2">
                        <label class=LABEL>
                            "Current password"
                            <input
                                type="password"
                                name="current_password"
                                required
                                autocomplete="current-password"
                                class=INPUT
                            />
                        </label>
                        <label class=LABEL>
                            "New password"
                            <input
                                type="password"
                                name="new_password"
                                required
                                minlength="8"
                                autocomplete="new-password"
                                class=INPUT
                            />
                        </label>
                        <div>
                            <button type="submit" class=BUTTON>
                                "Change password"
                            </button>
                        </div>
                    </ActionForm>
                    <ActionMessage action=password success=message_text />
                </section>
            </div>
        </div>
    }
}
