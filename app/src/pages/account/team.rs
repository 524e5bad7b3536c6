//! `/account/teams/{id}`: the owner of a team licence gives out its seats — invites a
//! colleague by email, sees who joined, revokes a seat to free it for someone else. Plain
//! forms: everything works without JavaScript.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AccountNav, RequireUser};
use crate::components::{BUTTON, INPUT, LABEL, RequestError};
use crate::server_fns::learning::{InviteSeat, RevokeSeat, get_team};
use shared::errors::AppError;
use shared::learning::{SeatView, TeamLicence};

#[component]
pub fn TeamPage() -> impl IntoView {
    view! {
        <Title text="Team licence" />
        <RequireUser page=|_| view! { <Team /> }.into_any() />
    }
}

#[component]
fn Team() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let team = Resource::new(id, get_team);
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/learning" />
            <div class="md:col-span-3" data-testid="team-page">
                <a href="/account/learning" class="text-sm text-stone-500 hover:text-violet-700">
                    "← My learning"
                </a>
                <Transition>
                    {move || Suspend::new(async move {
                        match team.await {
                            Ok(licence) => view! { <Licence licence /> }.into_any(),
                            Err(AppError::NotFound(_)) => view! { <NoSuchLicence /> }.into_any(),
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

/// Not a licence of the caller's (or none at all): a 404 that says where their licences are.
#[component]
fn NoSuchLicence() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <section
            class="mt-6 rounded-2xl border border-dashed border-stone-300 p-8 text-center"
            data-testid="team-not-found"
        >
            <h1 class="font-serif text-2xl font-semibold">"We couldn't find that team licence"</h1>
            <p class="mt-2 text-stone-600">
                "It isn't one of the licences on your account. The team licences you bought are listed in My learning."
            </p>
            <a
                href="/account/learning"
                class="mt-4 inline-block font-semibold text-violet-700 hover:underline"
            >
                "Go to My learning"
            </a>
        </section>
    }
}

/// The licence: seats used, the seat table and the invitation form.
#[component]
fn Licence(licence: TeamLicence) -> impl IntoView {
    let TeamLicence {
        id,
        product_name,
        seats,
        seats_used,
        status,
        seat_list,
    } = licence;
    let active = status == "ACTIVE";
    let full = seats_used >= seats;
    view! {
        <h1 class="mt-2 font-serif text-3xl font-semibold" data-testid="team-name">
            {product_name}
        </h1>
        <p class="mt-2 text-stone-600" data-testid="seats-used">
            {format!("{seats_used} of {seats} seats used")}
        </p>
        {(!active)
            .then(|| {
                view! {
                    <p
                        role="alert"
                        class="mt-4 rounded-xl bg-red-50 p-4 text-sm text-red-800"
                        data-testid="licence-revoked"
                    >
                        "This licence was revoked (its order was refunded or cancelled): its seats no longer give access."
                    </p>
                }
            })}
        <SeatTable licence=id seats=seat_list can_revoke=active />
        {(active && full)
            .then(|| {
                view! {
                    <p class="mt-8 text-stone-600" data-testid="no-seats-left">
                        "Every seat is taken. Revoke a seat to invite someone else."
                    </p>
                }
            })}
        {(active && !full).then(|| view! { <InviteForm licence=id /> })}
    }
}

/// Every seat given out, each live one with its "Revoke" button.
#[component]
fn SeatTable(licence: i64, seats: Vec<SeatView>, can_revoke: bool) -> impl IntoView {
    let revoke = ServerAction::<RevokeSeat>::new();
    if seats.is_empty() {
        return view! {
            <p class="mt-6 text-stone-600" data-testid="no-seats">
                "No one is invited yet. Invite your colleagues below: each gets an email with a link to join."
            </p>
        }
            .into_any();
    }
    let rows = seats
        .into_iter()
        .map(|seat| view! { <SeatRow licence seat revoke can_revoke /> })
        .collect_view();
    view! {
        <table class="mt-6 w-full text-left text-sm" data-testid="seats">
            <thead class="text-xs uppercase tracking-wide text-stone-500">
                <tr>
                    <th scope="col" class="py-2 pr-4">
                        "Email"
                    </th>
                    <th scope="col" class="py-2 pr-4">
                        "Status"
                    </th>
                    <th scope="col" class="py-2 pr-4">
                        "Joined"
                    </th>
                    <th scope="col" class="py-2 pr-4">
                        "Last used"
                    </th>
                    <th scope="col" class="py-2">
                        <span class="sr-only">"Actions"</span>
                    </th>
                </tr>
            </thead>
            <tbody class="divide-y divide-stone-200">{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A seat's status in words.
fn status_text(status: &str) -> &'static str {
    match status {
        "INVITED" => "Invited",
        "ACTIVE" => "Active",
        "REVOKED" => "Revoked",
        _ => "Unknown",
    }
}

/// The date part of an RFC 3339 timestamp.
fn day(ts: &str) -> String {
    ts.chars().take(10).collect()
}

#[component]
fn SeatRow(
    licence: i64,
    seat: SeatView,
    revoke: ServerAction<RevokeSeat>,
    can_revoke: bool,
) -> impl IntoView {
    let SeatView {
        id,
        email,
        status,
        holder_name,
        accepted_at,
        last_opened_at,
        ..
    } = seat;
    let used = last_opened_at
        .as_deref()
        .map_or_else(|| "—".to_string(), day);
    let live = status != "REVOKED";
    let joined = accepted_at.as_deref().map_or_else(|| "—".to_string(), day);
    let label = status_text(&status);
    view! {
        <tr data-testid="seat" data-status=status>
            <td class="py-3 pr-4">
                <span class="font-medium" data-testid="seat-email">
                    {email}
                </span>
                {holder_name
                    .map(|name| view! { <span class="block text-xs text-stone-500">{name}</span> })}
            </td>
            <td class="py-3 pr-4" data-testid="seat-status">
                {label}
            </td>
            <td class="py-3 pr-4">{joined}</td>
            <td class="py-3 pr-4" data-testid="seat-last-used">
                {used}
            </td>
            <td class="py-3 text-right">
                {(live && can_revoke)
                    .then(|| {
                        view! {
                            <ActionForm action=revoke>
                                <input type="hidden" name="licence" value=licence.to_string() />
                                <input type="hidden" name="seat" value=id.to_string() />
                                <button
                                    type="submit"
                                    class="px-2 py-1 font-semibold text-stone-600 hover:text-red-700"
                                    data-testid="revoke-seat"
                                >
                                    "Revoke"
                                </button>
                            </ActionForm>
                        }
                    })}
            </td>
        </tr>
    }
}

/// Invite a colleague: their address gets a mail with a link that accepts the seat.
#[component]
fn InviteForm(licence: i64) -> impl IntoView {
    let invite = ServerAction::<InviteSeat>::new();
    view! {
        <h2 class="mt-10 font-serif text-xl font-semibold">"Invite a colleague"</h2>
        <p class="mt-1 text-sm text-stone-600">
            "They get an email with a link, and accept it with an account that uses that address."
        </p>
        <ActionForm
            action=invite
            attr:class="mt-4 flex flex-wrap items-end gap-3"
            attr:data-testid="invite-form"
        >
            <input type="hidden" name="licence" value=licence.to_string() />
            <label class=LABEL>
                "Email address"
                <input
                    type="email"
                    name="email"
                    required=true
                    autocomplete="off"
                    class=INPUT
                    data-testid="invite-email"
                />
            </label>
            <button type="submit" class=BUTTON data-testid="send-invitation">
                "Send invitation"
            </button>
        </ActionForm>
    }
}
