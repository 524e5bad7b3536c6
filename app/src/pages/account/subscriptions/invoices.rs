//! "Invoices": every paid period, newest first, each linking to its printable page.

use leptos::prelude::*;

use shared::subscription::InvoiceSummary;

/// A payment status in words (`CAPTURED` → "Paid").
fn paid_text(payment_status: &str) -> &'static str {
    match payment_status {
        "REFUNDED" => "Refunded",
        "PARTIALLY_REFUNDED" => "Partly refunded",
        "CAPTURED" => "Paid",
        _ => "Pending",
    }
}

#[component]
pub(super) fn InvoiceTable(invoices: Vec<InvoiceSummary>) -> impl IntoView {
    let rows = invoices
        .into_iter()
        .map(|i| {
            let href = format!("/account/invoices/{}", i.invoice_number);
            view! {
                <tr data-testid="invoice-row">
                    <td class="py-2 font-medium">
                        <a href=href class="text-violet-700 hover:underline">
                            {i.invoice_number}
                        </a>
                    </td>
                    <td>{format!("{} – {}", i.period_start, i.period_end)}</td>
                    <td>{i.issued_on}</td>
                    <td>{paid_text(&i.payment_status)}</td>
                    <td class="text-right">{i.total.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="mt-6 border-t border-stone-200 pt-4">
            <h2 class="font-semibold">"Invoices"</h2>
            <table class="mt-3 w-full text-left text-sm" data-testid="invoices">
                <thead class="text-stone-500">
                    <tr>
                        <th class="py-2">"Invoice"</th>
                        <th>"Period"</th>
                        <th>"Issued"</th>
                        <th>"Status"</th>
                        <th class="text-right">"Total"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-stone-200">{rows}</tbody>
            </table>
        </section>
    }
}
