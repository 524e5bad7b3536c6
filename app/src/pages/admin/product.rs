//! `/admin/products/new` and `/admin/products/{id}`: the product editor — product fields,
//! variant rows (SKU, options, price, compare-at, weight), stock adjustments with a reason,
//! low-stock thresholds, images and archiving. Every form also works without JavaScript.

mod after_save;
mod learning;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{AdminNav, RequireStaff};
use crate::components::{ActionMessage, BUTTON, INPUT, LABEL, RequestError, message_text};
use crate::server_fns::admin::products::{
    AdminAdjustStock, AdminArchiveProduct, AdminRemoveImage, AdminSaveProduct, AdminSetThreshold,
    admin_product_editor,
};
use after_save::AfterSave;
use learning::LearningPanel;
use shared::admin::{AdminProduct, AdminVariant, Choice, ProductEditor};

/// The page's actions, created above [`RequireStaff`] so their answers survive re-renders.
#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<AdminSaveProduct>,
    archive: ServerAction<AdminArchiveProduct>,
    stock: ServerAction<AdminAdjustStock>,
    threshold: ServerAction<AdminSetThreshold>,
    remove_image: ServerAction<AdminRemoveImage>,
}

impl Actions {
    fn version(&self) -> usize {
        self.save.version().get()
            + self.archive.version().get()
            + self.stock.version().get()
            + self.threshold.version().get()
            + self.remove_image.version().get()
    }
}

#[component]
pub fn AdminProductPage() -> impl IntoView {
    provide_context(Actions {
        save: ServerAction::new(),
        archive: ServerAction::new(),
        stock: ServerAction::new(),
        threshold: ServerAction::new(),
        remove_image: ServerAction::new(),
    });
    view! {
        <Title text="Product · Back office" />
        <RequireStaff page=|_| view! { <Editor /> }.into_any() />
    }
}

#[component]
fn Editor() -> impl IntoView {
    let a: Actions = expect_context();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_else(|| "new".into())));
    let editor = Resource::new(
        move || (id.get(), a.version()),
        |(id, _)| admin_product_editor(Some(id)),
    );
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-product">
            <AdminNav current="/admin/products" />
            <ActionMessage action=a.save success=|s| s.message.clone() testid="admin-message" />
            <ActionMessage action=a.archive success=message_text testid="admin-message" />
            <ActionMessage action=a.stock success=message_text testid="admin-message" />
            <ActionMessage action=a.threshold success=message_text testid="admin-message" />
            <ActionMessage action=a.remove_image success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match editor.await {
                        Ok(e) => view! { <EditorBody e=e /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn select(name: &'static str, current: Option<String>, choices: Vec<Choice>) -> impl IntoView {
    view! {
        <select name=name class=INPUT data-testid=format!("product-{name}")>
            <option value="">"None"</option>
            {choices
                .into_iter()
                .map(|c| {
                    let selected = current.as_deref() == Some(c.slug.as_str());
                    view! {
                        <option value=c.slug.clone() selected=selected>
                            {c.name}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

#[component]
fn EditorBody(e: ProductEditor) -> impl IntoView {
    let a: Actions = expect_context();
    let p = e.product.clone();
    let id = p.as_ref().map(|p| p.id.to_string()).unwrap_or_default();
    // A product without variants yet has no currency: the store's.
    let currency = p
        .as_ref()
        .map(|p| p.currency.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| e.default_currency.clone());
    let fields = product_fields(p.as_ref(), currency.clone(), e.categories, e.brands);
    let variants = variant_table(p.as_ref(), currency);
    let learning = p.as_ref().map(|p| (p.id, p.kind.clone()));
    view! {
        {editor_heading(p.as_ref())}
        <ActionForm action=a.save>
            <input type="hidden" name="id" value=id.clone() />
            {fields}
            {variants}
            <button type="submit" class=format!("{BUTTON} mt-4") data-testid="save-product">
                "Save product"
            </button>
        </ActionForm>
        {learning.map(|(id, kind)| view! { <LearningPanel id kind /> })}
        {p.map(|p| view! { <AfterSave p=p /> })}
    }
}

/// The product's name (or "New product"), and for a saved one its status and shop link.
fn editor_heading(p: Option<&AdminProduct>) -> impl IntoView + use<> {
    let title = p.map_or_else(|| "New product".to_string(), |p| p.name.clone());
    let header = p.map(|p| (p.is_active, p.slug.clone()));
    view! {
        <div class="mt-6 flex flex-wrap items-baseline justify-between gap-3">
            <h1 class="font-serif text-3xl font-semibold" data-testid="product-title">
                {title}
            </h1>
            {header
                .map(|(is_active, slug)| {
                    let status = if is_active { "Active" } else { "Archived" };
                    view! {
                        <p class="text-sm text-stone-600">
                            {status} " · " <a href=format!("/p/{slug}") class="underline">
                                "View in shop"
                            </a>
                        </p>
                    }
                })}
        </div>
    }
}

/// The product's own fields: name, slug, description, type, currency, category, brand, flags.
fn product_fields(
    p: Option<&AdminProduct>,
    currency: String,
    categories: Vec<Choice>,
    brands: Vec<Choice>,
) -> impl IntoView + use<> {
    let get = |f: fn(&AdminProduct) -> String| p.map(f).unwrap_or_default();
    let (name, slug, description) = (
        get(|p| p.name.clone()),
        get(|p| p.slug.clone()),
        get(|p| p.description.clone()),
    );
    let (category, brand) = (
        p.and_then(|p| p.category.clone()),
        p.and_then(|p| p.brand.clone()),
    );
    let kind = p.map_or_else(|| "PHYSICAL".to_string(), |p| p.kind.clone());
    let active = p.is_none_or(|p| p.is_active);
    let featured = p.is_some_and(|p| p.is_featured);
    view! {
        <div class="mt-4 grid gap-4 sm:grid-cols-2">
            <label>
                <span class=LABEL>"Name"</span>
                <input name="name" required value=name class=INPUT data-testid="product-name" />
            </label>
            <label>
                <span class=LABEL>"Address (slug; blank: from the name)"</span>
                <input name="slug" value=slug class=INPUT />
            </label>
            <label class="sm:col-span-2">
                <span class=LABEL>"Description"</span>
                <textarea name="description" rows="4" class=INPUT data-testid="product-description">
                    {description}
                </textarea>
            </label>
            <label>
                <span class=LABEL>"Product type"</span>
                <select name="kind" class=INPUT>
                    {["PHYSICAL", "DIGITAL", "BUNDLE"]
                        .into_iter()
                        .chain(["COURSE", "COURSE_BUNDLE", "TEAM_LICENCE", "CERTIFICATION"])
                        .chain(["SUBSCRIPTION"])
                        .filter(|k| *k != "BUNDLE" || kind == "BUNDLE")
                        .filter(|k| {
                            matches!(
                                *k,
                                "PHYSICAL" | "DIGITAL" | "BUNDLE" | "COURSE" | "SUBSCRIPTION"
                            ) || kind == *k
                        })
                        .map(|k| {
                            view! {
                                <option value=k selected=kind == k>
                                    {k}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span class=LABEL>"Currency"</span>
                <input name="currency" value=currency maxlength="3" class=INPUT />
            </label>
            <label>
                <span class=LABEL>"Category"</span>
                {select("category", category, categories)}
            </label>
            <label>
                <span class=LABEL>"Brand"</span>
                {select("brand", brand, brands)}
            </label>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="active" value="on" checked=active />
                "Active (shown in the shop)"
            </label>
            <label class="flex items-center gap-2 text-sm">
                <input type="checkbox" name="featured" value="on" checked=featured />
                "Featured on the home page"
            </label>
        </div>
    }
}

/// The variants as editable rows, then blank rows to add new ones.
fn variant_table(p: Option<&AdminProduct>, currency: String) -> impl IntoView + use<> {
    let mut rows: Vec<Option<AdminVariant>> = p
        .map(|p| p.variants.iter().cloned().map(Some).collect())
        .unwrap_or_default();
    rows.extend(std::iter::repeat_n(None, if p.is_some() { 2 } else { 3 }));
    view! {
        <h2 class="mt-8 font-semibold">"Variants"</h2>
        <p class="text-sm text-stone-600">
            "Options as name=value pairs, e.g. “size=M; colour=Black”. Prices in " {currency}
            ". Fill a blank row to add a variant; stock of existing variants changes below, with a reason."
        </p>
        <div class="overflow-x-auto">
            <table class="mt-2 w-full text-left text-sm">
                <thead class="text-stone-600">
                    <tr>
                        <th class="py-1">"SKU"</th>
                        <th>"Options"</th>
                        <th>"Price"</th>
                        <th>"Compare at"</th>
                        <th>"Weight (g)"</th>
                        <th>"Stock"</th>
                        <th>"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| view! { <VariantRow i=i v=v /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn VariantRow(i: usize, v: Option<AdminVariant>) -> impl IntoView {
    let f = |g: fn(&AdminVariant) -> String| v.as_ref().map(g).unwrap_or_default();
    let existing = v.is_some();
    let active = v.as_ref().is_none_or(|v| v.is_active);
    let cell = "w-full rounded border border-stone-300 px-2 py-1";
    view! {
        <tr data-testid="variant-row">
            <td class="py-1 pr-1">
                <input type="hidden" name=format!("v_id[{i}]") value=f(|v| v.id.to_string()) />
                <input name=format!("v_sku[{i}]") value=f(|v| v.sku.clone()) class=cell />
            </td>
            <td class="pr-1">
                <input
                    name=format!("v_options[{i}]")
                    value=f(|v| v.attributes.clone())
                    placeholder="size=M"
                    class=cell
                />
            </td>
            <td class="pr-1">
                <input
                    name=format!("v_price[{i}]")
                    value=f(|v| v.price.clone())
                    inputmode="decimal"
                    class=cell
                />
            </td>
            <td class="pr-1">
                <input
                    name=format!("v_compare[{i}]")
                    value=f(|v| v.compare_at.clone())
                    inputmode="decimal"
                    class=cell
                />
            </td>
            <td class="pr-1">
                <input
                    name=format!("v_weight[{i}]")
                    value=f(|v| v.weight_grams.to_string())
                    inputmode="numeric"
                    class=cell
                />
            </td>
            <td class="pr-1">
                <input
                    name=format!("v_stock[{i}]")
                    value=f(|v| v.on_hand.to_string())
                    readonly=existing
                    inputmode="numeric"
                    class=cell
                    title=if existing {
                        "Change stock below, with a reason"
                    } else {
                        "Units on hand"
                    }
                />
            </td>
            <td>
                <select name=format!("v_status[{i}]") class=cell>
                    <option value="active" selected=active>
                        "Active"
                    </option>
                    <option value="archived" selected=!active>
                        "Archived"
                    </option>
                </select>
            </td>
        </tr>
    }
}
