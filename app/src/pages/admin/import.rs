//! `/admin/import`: CSV export of products and orders, and the product import with a dry
//! run. The upload is a plain form post (it works the same with or without JavaScript); the
//! route answers with a redirect back here, where the report is shown.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, RequireStaff};
use crate::components::{BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError};
use crate::server_fns::admin::admin_import_report;
use shared::admin::ImportReport;

#[component]
pub fn AdminImportPage() -> impl IntoView {
    view! {
        <Title text="Import and export · Back office" />
        <RequireStaff page=|_| view! { <ImportExport /> }.into_any() />
    }
}

#[component]
fn ImportExport() -> impl IntoView {
    let report = Resource::new(|| (), |_| admin_import_report());
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-import">
            <AdminNav current="/admin/import" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Import and export"</h1>
            <section class="mt-6">
                <h2 class="font-semibold">"Export"</h2>
                <div class="mt-2 flex flex-wrap gap-3">
                    <a
                        href="/admin/export/products.csv"
                        class=BUTTON_LIGHT
                        rel="external"
                        data-testid="export-products"
                    >
                        "Products (CSV)"
                    </a>
                    <a
                        href="/admin/export/orders.csv"
                        class=BUTTON_LIGHT
                        rel="external"
                        data-testid="export-orders"
                    >
                        "Orders (CSV)"
                    </a>
                </div>
                <form
                    method="get"
                    action="/admin/export/orders.csv"
                    class="mt-3 flex flex-wrap items-end gap-2"
                >
                    <label>
                        <span class=LABEL>"Orders placed from"</span>
                        <input type="date" name="from" class=INPUT />
                    </label>
                    <label>
                        <span class=LABEL>"to"</span>
                        <input type="date" name="to" class=INPUT />
                    </label>
                    <button type="submit" class=BUTTON_LIGHT>
                        "Export orders in range"
                    </button>
                </form>
            </section>
            <section class="mt-8">
                <h2 class="font-semibold">"Import products"</h2>
                <p class="mt-1 text-sm text-stone-600">
                    "Use the columns of the product export (one row per variant). Products are matched by slug and variants by SKU; variants a product's rows leave out are archived. A file with any bad row changes nothing: every problem is listed with its line."
                </p>
                <form
                    method="post"
                    action="/admin/import/products"
                    enctype="multipart/form-data"
                    class="mt-3 flex flex-wrap items-end gap-3"
                    data-testid="import-form"
                >
                    <label>
                        <span class=LABEL>"CSV file (UTF-8, up to 20 MB)"</span>
                        <input
                            type="file"
                            name="file"
                            accept=".csv,text/csv"
                            required
                            class="text-sm"
                        />
                    </label>
                    <label class="flex items-center gap-2 text-sm">
                        <input type="checkbox" name="dry_run" value="1" checked=true />
                        "Dry run (check only, write nothing)"
                    </label>
                    <button type="submit" class=BUTTON data-testid="import-submit">
                        "Import"
                    </button>
                </form>
            </section>
            <Suspense>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(Some(r)) => view! { <Report r=r /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Report(r: ImportReport) -> impl IntoView {
    let outcome = if !r.errors.is_empty() {
        format!("{} problem(s) found: nothing was imported.", r.errors.len())
    } else if r.applied {
        "Imported.".to_string()
    } else {
        "Dry run: no problems found; nothing was written yet.".to_string()
    };
    let verb = if r.applied { "" } else { "would be " };
    view! {
        <section
            class="mt-8 rounded-xl border border-stone-200 bg-white p-4"
            data-testid="import-report"
        >
            <h2 class="font-semibold">"Last import"</h2>
            <p class="mt-1 text-sm" data-testid="import-outcome">
                {outcome}
            </p>
            <p class="mt-1 text-sm text-stone-600">
                {r.rows} " rows read · products " {verb} "created " {r.products_created}
                ", updated " {r.products_updated} " · variants created " {r.variants_created}
                ", updated " {r.variants_updated}
            </p>
            <ul class="mt-2 space-y-1 text-sm text-red-700">
                {r
                    .errors
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li data-testid="import-error">"Line " {e.line} ": " {e.message}</li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
