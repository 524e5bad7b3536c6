//! `/teams/accept?token=…`: a colleague takes a seat of a team licence from the link in the
//! invitation mail. A button (a POST) accepts, never the link itself: mail scanners open
//! links. Signed out, the page offers sign-in and sign-up that come back here.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::{ActionMessage, BUTTON, BUTTON_LIGHT, message_text, use_summary};
use crate::server_fns::learning::AcceptInvite;
use shared::listing::url_encode;

#[component]
pub fn TeamAcceptPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let token = token.trim().to_string();
    view! {
        <Title text="Join the team licence" />
        <div class="mx-auto max-w-xl px-4 py-16 sm:px-6" data-testid="team-accept">
            <h1 class="font-serif text-3xl font-semibold">"Join the team licence"</h1>
            {if token.is_empty() {
                view! {
                    <p class="mt-4 text-stone-700" role="alert" data-testid="no-token">
                        "Open this page from the link in your invitation email."
                    </p>
                }
                    .into_any()
            } else {
                view! { <Invitation token /> }.into_any()
            }}
        </div>
    }
}

/// The accept button for a signed-in visitor; sign-in and sign-up links otherwise.
#[component]
fn Invitation(token: String) -> impl IntoView {
    let summary = use_summary();
    view! {
        <Transition fallback=|| {
            view! { <p class="mt-4 text-stone-500">"Loading…"</p> }
        }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match summary.await.ok().and_then(|s| s.user) {
                        Some(user) => view! { <AcceptForm token email=user.email /> }.into_any(),
                        None => view! { <SignInFirst token /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn AcceptForm(token: String, email: String) -> impl IntoView {
    let action = ServerAction::<AcceptInvite>::new();
    view! {
        <p class="mt-4 text-stone-700">
            "You've been given a seat on a team licence. Accept the invitation to open its courses; they also appear in My learning."
        </p>
        <p class="mt-2 text-sm text-stone-500" data-testid="signed-in-as">
            {format!(
                "You're signed in as {email}: the invitation must have been sent to this address.",
            )}
        </p>
        <ActionForm action attr:class="mt-6">
            <input type="hidden" name="token" value=token />
            <button type="submit" class=BUTTON data-testid="accept-invitation">
                "Accept invitation"
            </button>
        </ActionForm>
        <ActionMessage action success=message_text testid="accept-message" />
    }
}

/// Signed out: sign in (or create an account) with the invited address, then come back.
#[component]
fn SignInFirst(token: String) -> impl IntoView {
    let next = url_encode(&format!("/teams/accept?token={token}"));
    view! {
        <p class="mt-4 text-stone-700" data-testid="sign-in-to-accept">
            "To accept, sign in with the email address the invitation was sent to — or create an account with it — and you'll come back here."
        </p>
        <div class="mt-6 flex flex-wrap gap-3">
            <a href=format!("/account/login?next={next}") class=BUTTON data-testid="sign-in">
                "Sign in"
            </a>
            <a
                href=format!("/account/register?next={next}")
                class=BUTTON_LIGHT
                data-testid="create-account"
            >
                "Create an account"
            </a>
        </div>
    }
}
