//! The product editor's panels for a saved product: stock per variant, images, stock history
//! and archiving.

use leptos::form::ActionForm;
use leptos::prelude::*;

use super::Actions;
use crate::components::{BUTTON_LIGHT, LABEL};
use crate::server_fns::admin::products::AdminArchiveProduct;
use shared::admin::{AdminImage, AdminProduct, AdminVariant, MovementView};

/// Class of the small inputs in the stock table and the upload form.
const CELL: &str = "w-full rounded border border-stone-300 px-2 py-1";

/// Stock, images, archiving and history: for a saved product only.
#[component]
pub fn AfterSave(p: AdminProduct) -> impl IntoView {
    let a: Actions = expect_context();
    let id = p.id.to_string();
    view! {
        {stock_section(a, p.variants)}
        {images_section(a, p.images, p.id)}
        {history_section(p.movements)}
        {p.is_active.then(|| archive_section(a.archive, id.clone()))}
    }
}

/// Active tracked variants: on hand, held, available, and forms to adjust stock and the alert.
fn stock_section(a: Actions, variants: Vec<AdminVariant>) -> impl IntoView {
    view! {
        <section class="mt-10">
            <h2 class="font-semibold">"Stock"</h2>
            <table class="mt-2 w-full text-left text-sm" data-testid="stock-table">
                <thead class="text-stone-600">
                    <tr>
                        <th class="py-1">"Variant"</th>
                        <th>"On hand"</th>
                        <th>"Held"</th>
                        <th>"Available"</th>
                        <th>"Adjust (reason)"</th>
                        <th>"Low-stock alert at"</th>
                    </tr>
                </thead>
                <tbody>
                    {variants
                        .into_iter()
                        .filter(|v| v.is_active && v.track_inventory)
                        .map(|v| stock_row(a, v))
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn stock_row(a: Actions, v: AdminVariant) -> impl IntoView {
    let vid = v.id.to_string();
    let vid2 = vid.clone();
    view! {
        <tr class="border-t border-stone-100" data-testid="stock-row">
            <td class="py-2">
                {v.sku.clone()} <div class="text-xs text-stone-500">{v.name.clone()}</div>
            </td>
            <td data-testid="on-hand">{v.on_hand}</td>
            <td>{v.reserved}</td>
            <td>
                {v.available}
                {v
                    .low
                    .then(|| {
                        view! {
                            <span class="ml-2 rounded-full bg-red-100 px-2 text-xs text-red-800">
                                "low"
                            </span>
                        }
                    })}
            </td>
            <td>
                <ActionForm action=a.stock>
                    <input type="hidden" name="variant_id" value=vid.clone() />
                    <div class="flex flex-wrap gap-1">
                        <input
                            name="delta"
                            placeholder="+10 or -2"
                            class=format!("{CELL} w-24")
                            required
                        />
                        <select name="reason" class=format!("{CELL} w-32")>
                            <option value="restock">"Restock"</option>
                            <option value="damage">"Damage"</option>
                            <option value="correction">"Correction"</option>
                        </select>
                        <input name="note" placeholder="Note" class=format!("{CELL} w-32") />
                        <button type="submit" class=BUTTON_LIGHT>
                            "Apply"
                        </button>
                    </div>
                </ActionForm>
            </td>
            <td>
                <ActionForm action=a.threshold>
                    <input type="hidden" name="variant_id" value=vid2 />
                    <div class="flex gap-1">
                        <input
                            name="threshold"
                            value=v.low_stock_threshold.to_string()
                            class=format!("{CELL} w-16")
                        />
                        <button type="submit" class=BUTTON_LIGHT>
                            "Set"
                        </button>
                    </div>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The product's images, each with a remove button, and the upload form.
fn images_section(a: Actions, images: Vec<AdminImage>, product_id: i64) -> impl IntoView {
    let id = product_id.to_string();
    view! {
        <section class="mt-10">
            <h2 class="font-semibold">"Images"</h2>
            <div class="mt-2 flex flex-wrap gap-4">
                {images
                    .into_iter()
                    .map(|img| {
                        let id = id.clone();
                        view! {
                            <figure class="w-32" data-testid="product-image">
                                <img
                                    src=img.url.clone()
                                    alt=img.alt.clone()
                                    class="h-32 w-32 rounded object-cover"
                                />
                                <ActionForm action=a.remove_image>
                                    <input type="hidden" name="product_id" value=id.clone() />
                                    <input type="hidden" name="image_id" value=img.id.to_string() />
                                    <button
                                        type="submit"
                                        class="mt-1 text-xs text-red-700 underline"
                                    >
                                        "Remove"
                                    </button>
                                </ActionForm>
                            </figure>
                        }
                    })
                    .collect_view()}
            </div>
            <form
                method="post"
                action=format!("/api/products/{product_id}/images")
                enctype="multipart/form-data"
                class="mt-3 flex flex-wrap items-end gap-2"
            >
                <label>
                    <span class=LABEL>"Add an image (PNG, JPEG, WebP or GIF, up to 5 MB)"</span>
                    <input
                        type="file"
                        name="image"
                        accept="image/png,image/jpeg,image/webp,image/gif"
                        required
                        class="text-sm"
                    />
                </label>
                <input
                    name="alt"
                    placeholder="Description for screen readers"
                    class=format!("{CELL} w-64")
                />
                <button type="submit" class=BUTTON_LIGHT>
                    "Upload"
                </button>
            </form>
        </section>
    }
}

fn history_section(movements: Vec<MovementView>) -> impl IntoView {
    view! {
        <section class="mt-10">
            <h2 class="font-semibold">"Stock history"</h2>
            <table class="mt-2 w-full text-left text-sm">
                <tbody>
                    {movements
                        .into_iter()
                        .map(|m| {
                            view! {
                                <tr class="border-t border-stone-100" data-testid="movement-row">
                                    <td class="py-1">{m.at.clone()}</td>
                                    <td>{m.sku.clone()}</td>
                                    <td>{format!("{:+}", m.delta)}</td>
                                    <td>{m.reason.clone()}</td>
                                    <td>{m.note.clone().unwrap_or_default()}</td>
                                    <td class="text-stone-500">{m.actor.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn archive_section(action: ServerAction<AdminArchiveProduct>, id: String) -> impl IntoView {
    view! {
        <section class="mt-10">
            <ActionForm action=action>
                <input type="hidden" name="id" value=id />
                <button
                    type="submit"
                    class="text-sm text-red-700 underline"
                    data-testid="archive-product"
                >
                    "Archive this product"
                </button>
            </ActionForm>
        </section>
    }
}
