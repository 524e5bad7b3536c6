//! `/admin/catalogue`: the category tree (rename, re-slug, move under another parent,
//! archive/restore, add) and the brands (rename, archive/restore, add). Plain POST forms:
//! without JavaScript each one comes back here with a flash message.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, RequireStaff};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text,
};
use crate::server_fns::admin::taxonomy::{
    AdminArchiveBrand, AdminArchiveCategory, AdminSaveBrand, AdminSaveCategory, admin_list_taxonomy,
};
use shared::admin::{AdminBrandRow, AdminCategoryRow, AdminTaxonomy, TaxonomySaved};

/// The page's four forms.
#[derive(Clone, Copy)]
struct Actions {
    save_category: ServerAction<AdminSaveCategory>,
    archive_category: ServerAction<AdminArchiveCategory>,
    save_brand: ServerAction<AdminSaveBrand>,
    archive_brand: ServerAction<AdminArchiveBrand>,
}

/// A small form field: the input's own label is read by screen readers only.
const CELL_INPUT: &str = "block w-full rounded-lg border border-stone-300 px-2 py-1 text-sm focus:border-violet-500 focus:outline-none focus:ring-2 focus:ring-violet-200";
const SMALL_BUTTON: &str =
    "rounded-full bg-stone-900 px-3 py-1 text-xs font-semibold text-white hover:bg-violet-700";
const ARCHIVE_BUTTON: &str =
    "rounded-full border border-stone-300 px-3 py-1 text-xs font-medium hover:border-stone-900";

#[component]
pub fn AdminTaxonomyPage() -> impl IntoView {
    provide_context(Actions {
        save_category: ServerAction::new(),
        archive_category: ServerAction::new(),
        save_brand: ServerAction::new(),
        archive_brand: ServerAction::new(),
    });
    view! {
        <Title text="Categories & brands · Back office" />
        <RequireStaff page=|_| view! { <TaxonomyAdmin /> }.into_any() />
    }
}

fn saved_message(s: &TaxonomySaved) -> String {
    s.message.clone()
}

#[component]
fn TaxonomyAdmin() -> impl IntoView {
    let a: Actions = expect_context();
    let data = Resource::new(
        move || {
            (
                a.save_category.version().get(),
                a.archive_category.version().get(),
                a.save_brand.version().get(),
                a.archive_brand.version().get(),
            )
        },
        |_| admin_list_taxonomy(),
    );
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-taxonomy">
            <AdminNav current="/admin/catalogue" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Categories & brands"</h1>
            <p class="mt-1 text-sm text-stone-600">
                "Archived categories and brands leave the shop's menus and filters; their products stay."
            </p>
            <ActionMessage action=a.save_category success=saved_message testid="admin-message" />
            <ActionMessage action=a.archive_category success=message_text testid="admin-message" />
            <ActionMessage action=a.save_brand success=saved_message testid="admin-message" />
            <ActionMessage action=a.archive_brand success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(t) => view! { <TaxonomyBody t /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn TaxonomyBody(t: AdminTaxonomy) -> impl IntoView {
    let AdminTaxonomy { categories, brands } = t;
    let new_parents: Vec<(i64, String)> = categories
        .iter()
        .filter(|c| c.is_active)
        .map(|c| (c.id, choice_label(c)))
        .collect();
    view! {
        <section class="mt-8" aria-labelledby="categories-title">
            <h2 id="categories-title" class="font-serif text-xl font-semibold">
                "Categories"
            </h2>
            <CategoryTable rows=categories />
            <AddCategory parents=new_parents />
        </section>
        <section class="mt-12" aria-labelledby="brands-title">
            <h2 id="brands-title" class="font-serif text-xl font-semibold">
                "Brands"
            </h2>
            <BrandTable rows=brands />
            <AddBrand />
        </section>
    }
}

/// A category in a parent list: indented by its depth, marked when archived.
fn choice_label(c: &AdminCategoryRow) -> String {
    let archived = if c.is_active { "" } else { " (archived)" };
    format!("{}{}{archived}", "— ".repeat(c.depth as usize), c.name)
}

/// The parents category `rows[i]` may move under: every other category except its own
/// descendants (the rows right after it that are deeper).
fn parent_choices(rows: &[AdminCategoryRow], i: usize) -> Vec<(i64, String)> {
    let Some(me) = rows.get(i) else {
        return Vec::new();
    };
    let subtree_end = rows
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(_, r)| r.depth <= me.depth)
        .map_or(rows.len(), |(j, _)| j);
    rows.iter()
        .enumerate()
        .filter(|(j, _)| *j < i || *j >= subtree_end)
        .map(|(_, r)| (r.id, choice_label(r)))
        .collect()
}

/// Indentation by depth (literal classes, so the stylesheet has them).
fn indent_class(depth: u32) -> &'static str {
    match depth {
        0 => "py-2 font-medium",
        1 => "py-2 pl-6",
        2 => "py-2 pl-12",
        3 => "py-2 pl-18",
        _ => "py-2 pl-24",
    }
}

fn status_badge(active: bool) -> impl IntoView {
    let (class, label) = if active {
        (
            "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800",
            "Active",
        )
    } else {
        (
            "rounded-full bg-stone-200 px-2 py-0.5 text-xs font-medium text-stone-700",
            "Archived",
        )
    };
    view! { <span class=class>{label}</span> }
}

#[component]
fn CategoryTable(rows: Vec<AdminCategoryRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="mt-2 text-sm text-stone-500" data-testid="categories-empty">
                "No categories yet."
            </p>
        }
        .into_any();
    }
    let lines = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let choices = parent_choices(&rows, i);
            let row = r.clone();
            view! { <CategoryLine row choices /> }
        })
        .collect_view();
    view! {
        <table class="mt-2 w-full text-left text-sm" data-testid="categories">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Category"</th>
                    <th>"Products"</th>
                    <th>"Status"</th>
                    <th>"Name, slug and parent"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{lines}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn CategoryLine(row: AdminCategoryRow, choices: Vec<(i64, String)>) -> impl IntoView {
    let a: Actions = expect_context();
    let id = row.id.to_string();
    let archive_id = id.clone();
    let href = format!("/c/{}", row.slug);
    view! {
        <tr class="border-b border-stone-100 align-top" data-testid="category-row">
            <td class=indent_class(row.depth)>
                <span class="block">{row.name.clone()}</span>
                <a href=href class="font-mono text-xs text-stone-500 hover:underline">
                    {row.slug.clone()}
                </a>
            </td>
            <td class="py-2">{row.product_count}</td>
            <td class="py-2">{status_badge(row.is_active)}</td>
            <td class="py-1">
                <ActionForm action=a.save_category>
                    <input type="hidden" name="id" value=id />
                    <div class="flex flex-wrap items-center gap-2">
                        <label class="min-w-32 flex-1">
                            <span class="sr-only">"Name"</span>
                            <input
                                name="name"
                                value=row.name.clone()
                                required
                                maxlength="120"
                                class=CELL_INPUT
                            />
                        </label>
                        <label class="min-w-32 flex-1">
                            <span class="sr-only">"Slug"</span>
                            <input name="slug" value=row.slug.clone() class=CELL_INPUT />
                        </label>
                        <label class="min-w-32 flex-1">
                            <span class="sr-only">"Parent"</span>
                            {parent_select(choices, row.parent_id, "category-parent")}
                        </label>
                        <button type="submit" class=SMALL_BUTTON data-testid="save-category">
                            "Save"
                        </button>
                    </div>
                </ActionForm>
            </td>
            <td class="py-1">
                {archive_form_category(a.archive_category, archive_id, row.is_active)}
            </td>
        </tr>
    }
}

/// The parent `<select>`: "Top level" and `choices`, with `current` selected.
fn parent_select(
    choices: Vec<(i64, String)>,
    current: Option<i64>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <select name="parent" class=CELL_INPUT data-testid=testid>
            <option value="" selected=current.is_none()>
                "Top level"
            </option>
            {choices
                .into_iter()
                .map(|(id, label)| {
                    view! {
                        <option value=id.to_string() selected=current == Some(id)>
                            {label}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}

/// "Archive" for an active category, "Restore" for an archived one.
fn archive_form_category(
    action: ServerAction<AdminArchiveCategory>,
    id: String,
    active: bool,
) -> impl IntoView {
    let (verb, label) = if active {
        ("archive", "Archive")
    } else {
        ("restore", "Restore")
    };
    view! {
        <ActionForm action=action>
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="action" value=verb />
            <button type="submit" class=ARCHIVE_BUTTON data-testid=format!("{verb}-category")>
                {label}
            </button>
        </ActionForm>
    }
}

#[component]
fn AddCategory(parents: Vec<(i64, String)>) -> impl IntoView {
    let a: Actions = expect_context();
    view! {
        <ActionForm action=a.save_category>
            <fieldset class="mt-4 rounded-xl border border-stone-200 bg-white p-4">
                <legend class="px-1 font-semibold">"Add category"</legend>
                <div class="flex flex-wrap items-end gap-3">
                    <label class="min-w-48 flex-1">
                        <span class=LABEL>"Name"</span>
                        <input
                            name="name"
                            required
                            maxlength="120"
                            class=INPUT
                            data-testid="new-category-name"
                        />
                    </label>
                    <label class="min-w-48 flex-1">
                        <span class=LABEL>"Slug (blank: from the name)"</span>
                        <input name="slug" class=INPUT data-testid="new-category-slug" />
                    </label>
                    <label class="min-w-48 flex-1">
                        <span class=LABEL>"Parent"</span>
                        {parent_select(parents, None, "new-category-parent")}
                    </label>
                    <button type="submit" class=BUTTON data-testid="add-category">
                        "Add category"
                    </button>
                </div>
            </fieldset>
        </ActionForm>
    }
}

#[component]
fn BrandTable(rows: Vec<AdminBrandRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="mt-2 text-sm text-stone-500" data-testid="brands-empty">
                "No brands yet."
            </p>
        }
        .into_any();
    }
    view! {
        <table class="mt-2 w-full text-left text-sm" data-testid="brands">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Brand"</th>
                    <th>"Products"</th>
                    <th>"Status"</th>
                    <th>"Name and slug"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{rows.into_iter().map(|row| view! { <BrandLine row /> }).collect_view()}</tbody>
        </table>
    }
    .into_any()
}

#[component]
fn BrandLine(row: AdminBrandRow) -> impl IntoView {
    let a: Actions = expect_context();
    let id = row.id.to_string();
    let archive_id = id.clone();
    let (verb, label) = if row.is_active {
        ("archive", "Archive")
    } else {
        ("restore", "Restore")
    };
    view! {
        <tr class="border-b border-stone-100 align-top" data-testid="brand-row">
            <td class="py-2">
                <span class="block font-medium">{row.name.clone()}</span>
                <span class="font-mono text-xs text-stone-500">{row.slug.clone()}</span>
            </td>
            <td class="py-2">{row.product_count}</td>
            <td class="py-2">{status_badge(row.is_active)}</td>
            <td class="py-1">
                <ActionForm action=a.save_brand>
                    <input type="hidden" name="id" value=id />
                    <div class="flex flex-wrap items-center gap-2">
                        <label class="min-w-32 flex-1">
                            <span class="sr-only">"Name"</span>
                            <input
                                name="name"
                                value=row.name.clone()
                                required
                                maxlength="120"
                                class=CELL_INPUT
                            />
                        </label>
                        <label class="min-w-32 flex-1">
                            <span class="sr-only">"Slug"</span>
                            <input name="slug" value=row.slug.clone() class=CELL_INPUT />
                        </label>
                        <button type="submit" class=SMALL_BUTTON data-testid="save-brand">
                            "Save"
                        </button>
                    </div>
                </ActionForm>
            </td>
            <td class="py-1">
                <ActionForm action=a.archive_brand>
                    <input type="hidden" name="id" value=archive_id />
                    <input type="hidden" name="action" value=verb />
                    <button type="submit" class=ARCHIVE_BUTTON data-testid=format!("{verb}-brand")>
                        {label}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn AddBrand() -> impl IntoView {
    let a: Actions = expect_context();
    view! {
        <ActionForm action=a.save_brand>
            <fieldset class="mt-4 rounded-xl border border-stone-200 bg-white p-4">
                <legend class="px-1 font-semibold">"Add brand"</legend>
                <div class="flex flex-wrap items-end gap-3">
                    <label class="min-w-48 flex-1">
                        <span class=LABEL>"Name"</span>
                        <input
                            name="name"
                            required
                            maxlength="120"
                            class=INPUT
                            data-testid="new-brand-name"
                        />
                    </label>
                    <label class="min-w-48 flex-1">
                        <span class=LABEL>"Slug (blank: from the name)"</span>
                        <input name="slug" class=INPUT data-testid="new-brand-slug" />
                    </label>
                    <button type="submit" class=BUTTON_LIGHT data-testid="add-brand">
                        "Add brand"
                    </button>
                </div>
            </fieldset>
        </ActionForm>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, depth: u32) -> AdminCategoryRow {
        AdminCategoryRow {
            id,
            parent_id: None,
            depth,
            name: format!("C{id}"),
            slug: format!("c{id}"),
            position: 0,
            is_active: true,
            product_count: 0,
        }
    }

    #[test]
    fn a_category_cannot_choose_its_own_subtree_as_parent() {
        let rows = [row(1, 0), row(2, 1), row(3, 2), row(4, 1), row(5, 0)];
        let ids = |i| {
            parent_choices(&rows, i)
                .into_iter()
                .map(|(id, _)| id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(0), vec![5]);
        assert_eq!(ids(1), vec![1, 4, 5]);
        assert_eq!(ids(3), vec![1, 2, 3, 5]);
        assert_eq!(ids(4), vec![1, 2, 3, 4]);
    }
}
