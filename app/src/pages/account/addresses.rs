use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AccountNav, RequireUser};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text,
};
use crate::pages::PageError;
use crate::server_fns::account::{
    DeleteAddress, SaveAddress, SetDefaultAddress, get_address, list_addresses,
};
use shared::account::Address;

#[component]
pub fn AddressesPage() -> impl IntoView {
    view! {
        <Title text="Your addresses" />
        <RequireUser page=|_| view! { <AddressBook /> }.into_any() />
    }
}

#[component]
fn AddressBook() -> impl IntoView {
    let save = ServerAction::<SaveAddress>::new();
    let delete = ServerAction::<DeleteAddress>::new();
    let default = ServerAction::<SetDefaultAddress>::new();
    let list = Resource::new(
        move || {
            (
                save.version().get(),
                delete.version().get(),
                default.version().get(),
            )
        },
        |_| list_addresses(),
    );
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/addresses" />
            <div class="md:col-span-3" data-testid="addresses-page">
                <h1 class="font-serif text-3xl font-semibold">"Your addresses"</h1>
                <ActionMessage action=delete success=message_text testid="address-message" />
                <ActionMessage action=default success=message_text testid="address-message" />
                <Transition>
                    {move || Suspend::new(async move {
                        match list.await {
                            Ok(v) if v.is_empty() => {
                                view! {
                                    <p class="mt-6 text-stone-600" data-testid="no-addresses">
                                        "No saved addresses yet."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(v) => {
                                view! {
                                    <ul class="mt-6 grid gap-4 sm:grid-cols-2">
                                        {v
                                            .into_iter()
                                            .map(|a| view! { <AddressCard address=a delete default /> })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
                <h2 class="mt-10 text-xl font-semibold">"Add an address"</h2>
                <AddressForm save address=None />
            </div>
        </div>
    }
}

#[component]
fn AddressCard(
    address: Address,
    delete: ServerAction<DeleteAddress>,
    default: ServerAction<SetDefaultAddress>,
) -> impl IntoView {
    let id = address.id.to_string();
    let (id2, id3, id4) = (id.clone(), id.clone(), id.clone());
    view! {
        <li
            class="rounded-2xl border border-stone-200 bg-white p-4 text-sm"
            data-testid="address-card"
        >
            <p class="font-semibold">{address.label.clone().unwrap_or_else(|| "Address".into())}</p>
            <p class="mt-1 text-stone-700" data-testid="address-line">
                {address.one_line()}
            </p>
            <p class="mt-2 space-x-2 text-xs">
                {address
                    .is_default_shipping
                    .then(|| {
                        view! {
                            <span
                                class="rounded-full bg-violet-100 px-2 py-0.5 text-violet-800"
                                data-testid="default-shipping"
                            >
                                "Default shipping"
                            </span>
                        }
                    })}
                {address
                    .is_default_billing
                    .then(|| {
                        view! {
                            <span
                                class="rounded-full bg-violet-100 px-2 py-0.5 text-violet-800"
                                data-testid="default-billing"
                            >
                                "Default billing"
                            </span>
                        }
                    })}
            </p>
            <div class="mt-3 flex flex-wrap gap-2">
                <a
                    href=format!("/account/addresses/{id}")
                    class=BUTTON_LIGHT
                    data-testid="edit-address"
                >
                    "Edit"
                </a>
                {(!address.is_default_shipping)
                    .then(|| {
                        view! {
                            <ActionForm action=default>
                                <input type="hidden" name="id" value=id2.clone() />
                                <input type="hidden" name="kind" value="shipping" />
                                <button
                                    type="submit"
                                    class=BUTTON_LIGHT
                                    data-testid="make-default-shipping"
                                >
                                    "Use for shipping"
                                </button>
                            </ActionForm>
                        }
                    })}
                {(!address.is_default_billing)
                    .then(|| {
                        view! {
                            <ActionForm action=default>
                                <input type="hidden" name="id" value=id3.clone() />
                                <input type="hidden" name="kind" value="billing" />
                                <button type="submit" class=BUTTON_LIGHT>
                                    "Use for billing"
                                </button>
                            </ActionForm>
                        }
                    })}
                <ActionForm action=delete>
                    <input type="hidden" name="id" value=id4 />
                    <button
                        type="submit"
                        class="px-2 py-2 text-stone-500 hover:text-red-700"
                        data-testid="delete-address"
                    >
                        "Delete"
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}

/// Add (no `address`) or edit form.
#[component]
fn AddressForm(save: ServerAction<SaveAddress>, address: Option<Address>) -> impl IntoView {
    let a = address.clone().unwrap_or_default();
    let id = address
        .as_ref()
        .map(|a| a.id.to_string())
        .unwrap_or_default();
    let field = |name: &'static str,
                 label: &'static str,
                 value: String,
                 required: bool,
                 autocomplete: &'static str| {
        view! {
            <label class=LABEL>
                {label}
                <input
                    type="text"
                    name=name
                    value=value
                    required=required
                    autocomplete=autocomplete
                    class=INPUT
                    data-testid=format!("address-{name}")
                />
            </label>
        }
    };
    view! {
        <ActionForm
            action=save
            attr:class="mt-4 grid gap-4 sm:grid-cols-2"
            attr:data-testid="address-form"
        >
            <input type="hidden" name="id" value=id />
            {field("label", "Label (e.g. Home)", a.label.clone().unwrap_or_default(), false, "off")}
            {field("recipient_name", "Full name", a.recipient_name.clone(), true, "name")}
            {field(
                "company",
                "Company",
                a.company.clone().unwrap_or_default(),
                false,
                "organization",
            )}
            {field("phone", "Phone", a.phone.clone().unwrap_or_default(), false, "tel")}
            {field("line1", "Street address", a.line1.clone(), true, "address-line1")}
            {field(
                "line2",
                "Apartment, suite…",
                a.line2.clone().unwrap_or_default(),
                false,
                "address-line2",
            )}
            {field("city", "City", a.city.clone(), true, "address-level2")}
            {field(
                "region",
                "State / region",
                a.region.clone().unwrap_or_default(),
                false,
                "address-level1",
            )}
            {field("postal_code", "Postal code", a.postal_code.clone(), true, "postal-code")}
            {field("country", "Country (2 letters, e.g. US)", a.country.clone(), true, "country")}
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="default_shipping" checked=a.is_default_shipping />
                "Default shipping address"
            </label>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="default_billing" checked=a.is_default_billing />
                "Default billing address"
            </label>
            <div class="sm:col-span-2">
                <button type="submit" class=BUTTON data-testid="save-address">
                    "Save address"
                </button>
            </div>
        </ActionForm>
        <ActionMessage action=save success=message_text testid="address-form-message" />
    }
}

#[component]
pub fn AddressEditPage() -> impl IntoView {
    view! {
        <Title text="Edit address" />
        <RequireUser page=|_| view! { <EditAddress /> }.into_any() />
    }
}

#[component]
fn EditAddress() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let address = Resource::new(id, get_address);
    let save = ServerAction::<SaveAddress>::new();
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/addresses" />
            <div class="md:col-span-3">
                <h1 class="font-serif text-3xl font-semibold">"Edit address"</h1>
                <Transition>
                    {move || Suspend::new(async move {
                        match address.await {
                            Ok(a) => view! { <AddressForm save address=Some(a) /> }.into_any(),
                            Err(e) => view! { <PageError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}
