//! The promotion editor's fields: offer, code, limits, dates, categories and flags.

use leptos::prelude::*;

use crate::components::{INPUT, LABEL};
use shared::admin::AdminPromotion;

/// Offer, code, limits, dates, categories and flags.
pub fn promotion_fields(p: AdminPromotion) -> impl IntoView {
    view! {
        <div class="mt-4 grid gap-4 sm:grid-cols-2">
            {text_field("name", "Name", p.name.clone(), "")}
            {text_field("code", "Code (blank for automatic)", p.code.clone(), "SUMMER15")}
            <label class="sm:col-span-2">
                <span class=LABEL>"Description"</span>
                <input name="description" value=p.description.clone() class=INPUT />
            </label> {kind_field(p.kind.clone())}
            {text_field("value", "Value (15 = 15%; 5.00 = amount)", p.value.clone(), "15")}
            {text_field("currency", "Currency", p.currency.clone(), "USD")}
            {text_field("min_subtotal", "Minimum spend", p.min_subtotal.clone(), "40.00")}
            {text_field("max_discount", "Cap on the discount", p.max_discount.clone(), "")}
            {text_field("buy", "Buy (X)", p.buy.clone(), "2")}
            {text_field("get", "Get (Y)", p.get.clone(), "1")}
            {text_field("starts", "Starts (YYYY-MM-DD)", p.starts.clone(), "")}
            {text_field("ends", "Ends (last day)", p.ends.clone(), "")}
            {text_field("usage_limit", "Uses in total", p.usage_limit.clone(), "unlimited")}
            {text_field("per_customer", "Uses per customer", p.per_customer.clone(), "unlimited")}
            {text_field(
                "categories",
                "Only categories (slugs, comma separated)",
                p.categories.clone(),
                "",
            )}
            <div class="grid gap-2">
                {check_field("active", "Active", p.is_active)}
                {check_field("automatic", "Automatic (no code needed)", p.is_automatic)}
                {check_field("stackable", "Combines with other promotions", p.stackable)}
                {check_field("first_order_only", "First order only", p.first_order_only)}
                {check_field("requires_account", "Signed-in customers only", p.requires_account)}
            </div>
        </div>
    }
}

/// A labelled text field, `data-testid="promo-{name}"`.
fn text_field(
    name: &'static str,
    label: &'static str,
    value: String,
    hint: &'static str,
) -> impl IntoView {
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
}

fn check_field(name: &'static str, label: &'static str, on: bool) -> impl IntoView {
    view! {
        <label class="flex items-center gap-2 text-sm">
            <input type="checkbox" name=name value="on" checked=on />
            {label}
        </label>
    }
}

fn kind_field(kind: String) -> impl IntoView {
    view! {
        <label>
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
        </label>
    }
}
