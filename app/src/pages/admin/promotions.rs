//! `/admin/promotions` (list with usage) and `/admin/promotions/{id|new}` (editor with a
//! preview of what a sample cart would get).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AdminNav, RequireStaff};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text,
};
use crate::server_fns::admin::promotions::{
    AdminDeletePromotion, AdminPreviewPromotion, AdminSavePromotion, admin_get_promotion,
    admin_list_promotions,
};
use shared::admin::{AdminPromotion, PromotionPreview};

#[component]
pub fn AdminPromotionsPage() -> impl IntoView {
    view! {
        <Title text="Promotions · Back office" />
        <RequireStaff page=|_| view! { <PromotionList /> }.into_any() />
    }
}

#[component]
fn PromotionList() -> impl IntoView {
    let list = Resource::new(|| (), |_| admin_list_promotions());
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-promotions">
            <AdminNav current="/admin/promotions" />
            <div class="mt-6 flex items-center justify-between">
                <h1 class="font-serif text-3xl font-semibold">"Promotions"</h1>
                <a href="/admin/promotions/new" class=BUTTON data-testid="new-promotion">
                    "New promotion"
                </a>
            </div>
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) => {
                            view! {
                                <table class="mt-6 w-full text-left text-sm">
                                    <thead class="border-b border-stone-200 text-stone-600">
                                        <tr>
                                            <th class="py-2">"Promotion"</th>
                                            <th>"Offer"</th>
                                            <th>"Code"</th>
                                            <th>"When"</th>
                                            <th>"Used"</th>
                                            <th>"Status"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows
                                            .into_iter()
                                            .map(|r| {
                                                let used = match r.usage_limit {
                                                    Some(l) => format!("{} / {l}", r.times_used),
                                                    None => r.times_used.to_string(),
                                                };
                                                view! {
                                                    <tr
                                                        class="border-b border-stone-100"
                                                        data-testid="promotion-row"
                                                    >
                                                        <td class="py-2">
                                                            <a
                                                                href=format!("/admin/promotions/{}", r.id)
                                                                class="font-medium hover:underline"
                                                            >
                                                                {r.name.clone()}
                                                            </a>
                                                        </td>
                                                        <td>{r.summary.clone()}</td>
                                                        <td>
                                                            {if r.is_automatic {
                                                                "automatic".to_string()
                                                            } else {
                                                                r.codes.join(", ")
                                                            }}
                                                        </td>
                                                        <td>{r.window.clone()}</td>
                                                        <td data-testid="promotion-used">{used}</td>
                                                        <td>{if r.is_active { "Active" } else { "Off" }}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<AdminSavePromotion>,
    delete: ServerAction<AdminDeletePromotion>,
    preview: ServerAction<AdminPreviewPromotion>,
}

#[component]
pub fn AdminPromotionPage() -> impl IntoView {
    provide_context(Actions {
        save: ServerAction::new(),
        delete: ServerAction::new(),
        preview: ServerAction::new(),
    });
    view! {
        <Title text="Promotion · Back office" />
        <RequireStaff page=|_| view! { <PromotionEditor /> }.into_any() />
    }
}

#[component]
fn PromotionEditor() -> impl IntoView {
    let a: Actions = expect_context();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_else(|| "new".into())));
    let promo = Resource::new(
        move || (id.get(), a.save.version().get()),
        |(id, _)| admin_get_promotion(id),
    );
    view! {
        <div class="mx-auto max-w-4xl px-4 py-8 sm:px-6" data-testid="admin-promotion">
            <AdminNav current="/admin/promotions" />
            <ActionMessage action=a.save success=|_| "Saved.".to_string() testid="admin-message" />
            <ActionMessage action=a.delete success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match promo.await {
                        Ok(p) => view! { <PromotionForm p=p /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn PromotionForm(p: AdminPromotion) -> impl IntoView {
    let a: Actions = expect_context();
    let id = if p.id > 0 {
        p.id.to_string()
    } else {
        String::new()
    };
    let form_id = id.clone();
    let title = if p.id > 0 {
        p.name.clone()
    } else {
        "New promotion".to_string()
    };
    let kind = p.kind.clone();
    let text = |name: &'static str, label: &'static str, value: String, hint: &'static str| {
        view! {
            <label>
                <span class=LABEL>{label}</span>
                <input
                    name=name
                    value=value
                    placeholder=hint
                    class=INPUT
                    data-testid=format!("promo-{name}")
                />
            </label>
        }
    };
    let check = |name: &'static str, label: &'static str, on: bool| {
        view! {
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name=name value="on" checked=on />
                {label}
            </label>
        }
    };
    view! {
        <h1 class="mt-6 font-serif text-3xl font-semibold">{title}</h1>
        {(p.id > 0)
            .then(|| {
                view! {
                    <p class="mt-1 text-sm text-stone-600" data-testid="promo-used">
                        "Used "
                        {p.times_used}
                        " time(s)."
                    </p>
                }
            })}
        <ActionForm action=a.save>
            <input type="hidden" name="id" value=form_id />
            <div class="mt-4 grid gap-4 sm:grid-cols-2">
                {text("name", "Name", p.name.clone(), "")}
                {text("code", "Code (blank for automatic)", p.code.clone(), "SUMMER15")}
                <label class="sm:col-span-2">
                    <span class=LABEL>"Description"</span>
                    <input name="description" value=p.description.clone() class=INPUT />
                </label> <label>
                    <span class=LABEL>"Kind"</span>
                    <select name="kind" class=INPUT data-testid="promo-kind">
                        {[
                            ("PERCENTAGE", "Percentage off"),
                            ("FIXED_AMOUNT", "Amount off"),
                            ("FREE_SHIPPING", "Free shipping"),
                            ("BUY_X_GET_Y", "Buy X get Y"),
                        ]
                            .into_iter()
                            .map(|(k, l)| {
                                view! {
                                    <option value=k selected=kind == k>
                                        {l}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label> {text("value", "Value (15 = 15%; 5.00 = amount)", p.value.clone(), "15")}
                {text("currency", "Currency", p.currency.clone(), "USD")}
                {text("min_subtotal", "Minimum spend", p.min_subtotal.clone(), "40.00")}
                {text("max_discount", "Cap on the discount", p.max_discount.clone(), "")}
                {text("buy", "Buy (X)", p.buy.clone(), "2")}
                {text("get", "Get (Y)", p.get.clone(), "1")}
                {text("starts", "Starts (YYYY-MM-DD)", p.starts.clone(), "")}
                {text("ends", "Ends (last day)", p.ends.clone(), "")}
                {text("usage_limit", "Uses in total", p.usage_limit.clone(), "unlimited")}
                {text("per_customer", "Uses per customer", p.per_customer.clone(), "unlimited")}
                {text(
                    "categories",
                    "Only categories (slugs, comma separated)",
                    p.categories.clone(),
                    "",
                )}
                <div class="grid gap-2">
                    {check("active", "Active", p.is_active)}
                    {check("automatic", "Automatic (no code needed)", p.is_automatic)}
                    {check("stackable", "Combines with other promotions", p.stackable)}
                    {check("first_order_only", "First order only", p.first_order_only)}
                    {check("requires_account", "Signed-in customers only", p.requires_account)}
                </div>
            </div>
            <label class="mt-4 block">
                <span class=LABEL>
                    "Spend tiers for an amount-off promotion (spend=save; …), e.g. 150.00=15.00; 300.00=40.00"
                </span>
                <input name="tiers" value=p.tiers.clone() class=INPUT data-testid="promo-tiers" />
            </label>
            <button type="submit" class=format!("{BUTTON} mt-4") data-testid="save-promotion">
                "Save promotion"
            </button>
        </ActionForm>
        {(p.id > 0)
            .then(|| {
                let id = id.clone();
                let id2 = id.clone();
                view! {
                    <section class="mt-10 rounded-xl border border-stone-200 bg-white p-4">
                        <h2 class="font-semibold">"Preview"</h2>
                        <p class="text-sm text-stone-600">
                            "What a sample cart would get, e.g. “NW-TEE-M x 2, MUG”."
                        </p>
                        <ActionForm action=a.preview>
                            <input type="hidden" name="id" value=id />
                            <div class="mt-2 flex gap-2">
                                <input name="sample" class=INPUT data-testid="promo-sample" />
                                <button
                                    type="submit"
                                    class=BUTTON_LIGHT
                                    data-testid="promo-preview"
                                >
                                    "Preview"
                                </button>
                            </div>
                        </ActionForm>
                        {move || {
                            a.preview
                                .value()
                                .get()
                                .map(|r| match r {
                                    Ok(pv) => view! { <PreviewView pv=pv /> }.into_any(),
                                    Err(e) => {
                                        view! {
                                            <p role="alert" class="mt-2 text-sm text-red-700">
                                                {e.to_string()}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </section>
                    <ActionForm action=a.delete>
                        <input type="hidden" name="id" value=id2 />
                        <button type="submit" class="mt-6 text-sm text-red-700 underline">
                            "Delete (only if never used)"
                        </button>
                    </ActionForm>
                }
            })}
    }
}

#[component]
fn PreviewView(pv: PromotionPreview) -> impl IntoView {
    view! {
        <div class="mt-3 text-sm" data-testid="promo-preview-result">
            <ul>{pv.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            <p class="mt-1">"Subtotal " {pv.subtotal}</p>
            <p class="font-medium" data-testid="promo-preview-discount">
                "Discount "
                {pv.discount}
            </p>
            {pv.free_shipping.then(|| view! { <p>"Shipping free"</p> })}
            <p>"After discount " {pv.total_after}</p>
            <ul class="text-amber-800">
                {pv.notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        </div>
    }
}
