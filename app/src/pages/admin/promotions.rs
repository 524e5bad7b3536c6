//! `/admin/promotions` (list with usage) and `/admin/promotions/{id|new}` (editor with a
//! preview of what a sample cart would get).

mod fields;

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
use fields::promotion_fields;
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
    let title = if p.id > 0 {
        p.name.clone()
    } else {
        "New promotion".to_string()
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
        {save_form(a.save, id.clone(), p.clone())}
        {(p.id > 0).then(|| preview_and_delete(a, id.clone()))}
    }
}

/// The save form: the promotion's fields, spend tiers and the save button.
fn save_form(
    action: ServerAction<AdminSavePromotion>,
    id: String,
    p: AdminPromotion,
) -> impl IntoView {
    let tiers = p.tiers.clone();
    view! {
        <ActionForm action=action>
            <input type="hidden" name="id" value=id />
            {promotion_fields(p)}
            <label class="mt-4 block">
                <span class=LABEL>
                    "Spend tiers for an amount-off promotion (spend=save; …), e.g. 150.00=15.00; 300.00=40.00"
                </span>
                <input name="tiers" value=tiers class=INPUT data-testid="promo-tiers" />
            </label>
            <button type="submit" class=format!("{BUTTON} mt-4") data-testid="save-promotion">
                "Save promotion"
            </button>
        </ActionForm>
    }
}

/// For a saved promotion: what a sample cart would get, and deleting it.
fn preview_and_delete(a: Actions, id: String) -> impl IntoView {
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
                    <button type="submit" class=BUTTON_LIGHT data-testid="promo-preview">
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
