//! `/admin/settings` (administrators only): store name, currency, stock-hold time, cart
//! limits, tax rates and shipping methods. Staff accounts see a 403 message.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, RequireStaff};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text,
};
use crate::server_fns::admin::settings::{
    AdminSaveGeneral, AdminSaveShippingMethod, AdminSaveTaxRate, AdminSaveZone, admin_get_settings,
};
use shared::admin::{SettingsView, ShippingMethodView, TaxRateView};

#[derive(Clone, Copy)]
struct Actions {
    general: ServerAction<AdminSaveGeneral>,
    tax: ServerAction<AdminSaveTaxRate>,
    method: ServerAction<AdminSaveShippingMethod>,
    zone: ServerAction<AdminSaveZone>,
}

#[component]
pub fn AdminSettingsPage() -> impl IntoView {
    provide_context(Actions {
        general: ServerAction::new(),
        tax: ServerAction::new(),
        method: ServerAction::new(),
        zone: ServerAction::new(),
    });
    view! {
        <Title text="Settings · Back office" />
        <RequireStaff page=|_| view! { <Settings /> }.into_any() />
    }
}

#[component]
fn Settings() -> impl IntoView {
    let a: Actions = expect_context();
    let data = Resource::new(
        move || {
            a.general.version().get()
                + a.tax.version().get()
                + a.method.version().get()
                + a.zone.version().get()
        },
        |_| admin_get_settings(),
    );
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-settings">
            <AdminNav current="/admin/settings" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Settings"</h1>
            <ActionMessage action=a.general success=message_text testid="admin-message" />
            <ActionMessage action=a.tax success=message_text testid="admin-message" />
            <ActionMessage action=a.method success=message_text testid="admin-message" />
            <ActionMessage action=a.zone success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => view! { <Body s=s /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Body(s: SettingsView) -> impl IntoView {
    let a: Actions = expect_context();
    let field = |name: &'static str, label: &'static str, value: String| {
        view! {
            <label>
                <span class=LABEL>{label}</span>
                <input name=name value=value class=INPUT data-testid=format!("settings-{name}") />
            </label>
        }
    };
    view! {
        <section class="mt-6">
            <h2 class="font-semibold">"Store"</h2>
            <ActionForm action=a.general>
                <div class="mt-2 grid gap-4 sm:grid-cols-3">
                    {field("store_name", "Store name", s.store_name.clone())}
                    {field(
                        "currency",
                        "Currency (for new products and reports)",
                        s.currency.clone(),
                    )}
                    {field(
                        "reservation_minutes",
                        "Hold stock at payment for (minutes)",
                        s.reservation_minutes.to_string(),
                    )}
                    {field("cart_max_lines", "Most lines in a cart", s.cart_max_lines.to_string())}
                    {field(
                        "cart_max_per_line",
                        "Most units per line",
                        s.cart_max_per_line.to_string(),
                    )}
                </div>
                <button type="submit" class=format!("{BUTTON} mt-3") data-testid="settings-save">
                    "Save"
                </button>
            </ActionForm>
        </section>
        <section class="mt-10">
            <h2 class="font-semibold">"Tax rates"</h2>
            <p class="text-sm text-stone-600">
                "The most specific rate for the shipping address applies (region over country)."
            </p>
            <div class="mt-2 space-y-2">
                {s.tax_rates.into_iter().map(|t| view! { <TaxRow t=Some(t) /> }).collect_view()}
                <TaxRow t=None />
            </div>
        </section>
        <section class="mt-10">
            <h2 class="font-semibold">"Shipping"</h2>
            {s
                .zones
                .into_iter()
                .map(|z| {
                    let zone = z.id;
                    view! {
                        <div class="mt-4 rounded-xl border border-stone-200 bg-white p-4">
                            <ZoneForm id=Some(zone) name=z.name countries=z.countries />
                            <div class="mt-2 space-y-2">
                                {z
                                    .methods
                                    .into_iter()
                                    .map(|m| view! { <MethodRow zone=zone m=Some(m) /> })
                                    .collect_view()} <MethodRow zone=zone m=None />
                            </div>
                        </div>
                    }
                })
                .collect_view()}
            <div class="mt-4 rounded-xl border border-dashed border-stone-300 p-4">
                <h3 class="text-sm font-medium">"New zone"</h3>
                <ZoneForm id=None name=String::new() countries=String::new() />
            </div>
        </section>
    }
}

#[component]
fn ZoneForm(id: Option<i64>, name: String, countries: String) -> impl IntoView {
    let a: Actions = expect_context();
    view! {
        <ActionForm action=a.zone>
            <div class="flex flex-wrap items-center gap-2" data-testid="zone-form">
                <input
                    type="hidden"
                    name="id"
                    value=id.map(|i| i.to_string()).unwrap_or_default()
                />
                <input
                    name="name"
                    value=name
                    placeholder="Zone name"
                    class=format!("{CELL} w-48 font-medium")
                />
                <input
                    name="countries"
                    value=countries
                    placeholder="US, CA-QC"
                    class=format!("{CELL} w-64")
                />
                <button type="submit" class=BUTTON_LIGHT>
                    {if id.is_some() { "Save zone" } else { "Add zone" }}
                </button>
            </div>
        </ActionForm>
    }
}

const CELL: &str = "rounded border border-stone-300 px-2 py-1 text-sm";

#[component]
fn TaxRow(t: Option<TaxRateView>) -> impl IntoView {
    let a: Actions = expect_context();
    let existing = t.is_some();
    let t = t.unwrap_or(TaxRateView {
        id: 0,
        name: String::new(),
        country: String::new(),
        region: String::new(),
        rate: String::new(),
        inclusive: false,
        shipping: false,
        active: true,
    });
    let id = if existing {
        t.id.to_string()
    } else {
        String::new()
    };
    view! {
        <ActionForm action=a.tax>
            <div class="flex flex-wrap items-center gap-2" data-testid="tax-row">
                <input type="hidden" name="id" value=id />
                <input name="name" value=t.name placeholder="Name" class=format!("{CELL} w-48") />
                <input
                    name="country"
                    value=t.country
                    placeholder="US"
                    class=format!("{CELL} w-14")
                />
                <input name="region" value=t.region placeholder="TX" class=format!("{CELL} w-14") />
                <input name="rate" value=t.rate placeholder="8.25" class=format!("{CELL} w-20") />
                "%"
                <label class="text-sm">
                    <input type="checkbox" name="inclusive" value="on" checked=t.inclusive />
                    " included"
                </label>
                <label class="text-sm">
                    <input type="checkbox" name="shipping" value="on" checked=t.shipping />
                    " on shipping"
                </label>
                <label class="text-sm">
                    <input type="checkbox" name="active" value="on" checked=t.active />
                    " active"
                </label>
                <button type="submit" class=BUTTON_LIGHT>
                    {if existing { "Save" } else { "Add rate" }}
                </button>
                {existing
                    .then(|| {
                        view! {
                            <button
                                type="submit"
                                name="delete"
                                value="on"
                                class="text-sm text-red-700 underline"
                            >
                                "Delete"
                            </button>
                        }
                    })}
            </div>
        </ActionForm>
    }
}

#[component]
fn MethodRow(zone: i64, m: Option<ShippingMethodView>) -> impl IntoView {
    let a: Actions = expect_context();
    let existing = m.is_some();
    let m = m.unwrap_or(ShippingMethodView {
        id: 0,
        code: String::new(),
        name: String::new(),
        price: String::new(),
        free_over: String::new(),
        currency: "USD".into(),
        min_days: String::new(),
        max_days: String::new(),
        active: true,
    });
    let id = if existing {
        m.id.to_string()
    } else {
        String::new()
    };
    view! {
        <ActionForm action=a.method>
            <div class="flex flex-wrap items-center gap-2" data-testid="method-row">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="zone_id" value=zone.to_string() />
                <input name="code" value=m.code placeholder="code" class=format!("{CELL} w-24") />
                <input name="name" value=m.name placeholder="Name" class=format!("{CELL} w-36") />
                <input name="price" value=m.price placeholder="5.99" class=format!("{CELL} w-20") />
                <input name="currency" value=m.currency class=format!("{CELL} w-14") />
                <span class="text-sm">"free over"</span>
                <input
                    name="free_over"
                    value=m.free_over
                    placeholder="—"
                    class=format!("{CELL} w-20")
                />
                <input
                    name="min_days"
                    value=m.min_days
                    placeholder="min"
                    class=format!("{CELL} w-12")
                />
                <input
                    name="max_days"
                    value=m.max_days
                    placeholder="max"
                    class=format!("{CELL} w-12")
                />
                <span class="text-sm">"days"</span>
                <label class="text-sm">
                    <input type="checkbox" name="active" value="on" checked=m.active />
                    " active"
                </label>
                <button type="submit" class=BUTTON_LIGHT>
                    {if existing { "Save" } else { "Add method" }}
                </button>
            </div>
        </ActionForm>
    }
}
