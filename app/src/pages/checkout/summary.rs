use leptos::prelude::*;

use shared::checkout::OrderSummary;

/// Lines and totals: subtotal − discounts + shipping (+ tax) = total.
#[component]
pub fn SummaryTable(summary: OrderSummary) -> impl IntoView {
    let s = summary;
    let tax_label = if s.tax_included {
        format!("Includes tax of {}", s.tax)
    } else {
        "Tax".to_string()
    };
    view! {
        <ul class="divide-y divide-stone-100 text-sm" data-testid="summary-lines">
            {s
                .lines
                .iter()
                .map(|l| {
                    let name = match &l.variant_name {
                        Some(v) => format!("{} · {v}", l.name),
                        None => l.name.clone(),
                    };
                    view! {
                        <li class="flex justify-between gap-4 py-2" data-testid="summary-line">
                            <span>{format!("{} × {name}", l.quantity)}</span>
                            <span>{l.subtotal.to_string()}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <dl class="mt-4 space-y-1 border-t border-stone-200 pt-4 text-sm">
            <div class="flex justify-between">
                <dt>"Subtotal"</dt>
                <dd data-testid="summary-subtotal">{s.subtotal.to_string()}</dd>
            </div>
            {s
                .savings
                .iter()
                .filter(|v| !v.amount.is_zero())
                .map(|v| {
                    let label = match &v.code {
                        Some(c) => format!("{} ({c})", v.name),
                        None => v.name.clone(),
                    };
                    view! {
                        <div
                            class="flex justify-between text-emerald-700"
                            data-testid="summary-saving"
                        >
                            <dt>{label}</dt>
                            <dd>{format!("−{}", v.amount)}</dd>
                        </div>
                    }
                })
                .collect_view()}
            <div class="flex justify-between">
                <dt>"Shipping"</dt>
                <dd data-testid="summary-shipping">
                    {match s.shipping {
                        Some(m) if m.is_zero() => "Free".to_string(),
                        Some(m) => m.to_string(),
                        None => "Chosen at the next step".to_string(),
                    }}
                </dd>
            </div>
            <div class="flex justify-between">
                <dt>{tax_label}</dt>
                <dd data-testid="summary-tax">
                    {if s.tax_included { String::new() } else { s.tax.to_string() }}
                </dd>
            </div>
            <div class="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
                <dt>"Total"</dt>
                <dd data-testid="summary-total">{s.total.to_string()}</dd>
            </div>
        </dl>
    }
}
