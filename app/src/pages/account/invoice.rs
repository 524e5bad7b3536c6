//! `/account/invoices/{number}`: one paid period of a subscription as a printable invoice —
//! seller, buyer, invoice number and dates, lines, totals, paid or refunded. Plain HTML,
//! complete without JavaScript; a Print button appears once the page is hydrated. Someone
//! else's invoice is a 404.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::RequireUser;
use crate::components::RequestError;
use crate::server_fns::subscriptions::get_invoice;
use shared::errors::AppError;
use shared::subscription::{Invoice, InvoiceLine};
use storefront::money::Money;

#[component]
pub fn InvoicePage() -> impl IntoView {
    view! {
        <Title text="Invoice" />
        <RequireUser page=|_| view! { <InvoiceLoader /> }.into_any() />
    }
}

#[component]
fn InvoiceLoader() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.with(|p| p.get("number").unwrap_or_default());
    let invoice = Resource::new(number, get_invoice);
    view! {
        <div class="mx-auto max-w-3xl px-4 py-10 sm:px-6">
            <a
                href="/account/subscriptions"
                class="text-sm text-stone-500 hover:text-violet-700 print:hidden"
            >
                "← Subscriptions"
            </a>
            <Transition>
                {move || Suspend::new(async move {
                    match invoice.await {
                        Ok(invoice) => view! { <InvoiceDocument invoice /> }.into_any(),
                        Err(AppError::NotFound(_)) => view! { <NoSuchInvoice /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Not an invoice of the caller's (or none at all): a 404 that says where their invoices are.
#[component]
fn NoSuchInvoice() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <section
            class="mt-6 rounded-2xl border border-dashed border-stone-300 p-8 text-center"
            data-testid="invoice-not-found"
        >
            <h1 class="font-serif text-2xl font-semibold">"We couldn't find that invoice"</h1>
            <p class="mt-2 text-stone-600">
                "It isn't one of the invoices on your account. Your invoices are listed under each subscription."
            </p>
            <a
                href="/account/subscriptions"
                class="mt-4 inline-block font-semibold text-violet-700 hover:underline"
            >
                "Go to Subscriptions"
            </a>
        </section>
    }
}

/// Whether it was paid or (partly) refunded, in words.
fn status_text(invoice: &Invoice) -> String {
    match invoice.payment_status.as_str() {
        "REFUNDED" => format!("Refunded ({})", invoice.refunded),
        "PARTIALLY_REFUNDED" => format!("Paid; {} refunded", invoice.refunded),
        "CAPTURED" => "Paid".to_string(),
        _ => "Payment pending".to_string(),
    }
}

#[component]
fn InvoiceDocument(invoice: Invoice) -> impl IntoView {
    let status = status_text(&invoice);
    let seller = Some(invoice.seller.clone())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| crate::SHOP_NAME.to_string());
    let title = format!("Invoice {}", invoice.invoice_number);
    let lines = invoice.lines.clone();
    let facts = invoice.clone();
    view! {
        <article
            class="mt-6 rounded-2xl border border-stone-200 bg-white p-8 print:border-0 print:p-0"
            data-testid="invoice"
        >
            <header class="flex flex-wrap items-start justify-between gap-4">
                <div>
                    <p class="font-serif text-2xl font-semibold" data-testid="invoice-seller">
                        {seller}
                    </p>
                    <h1 class="mt-1 text-lg text-stone-600">{title}</h1>
                </div>
                <div class="flex items-center gap-3">
                    <span
                        class="rounded-full bg-stone-100 px-3 py-1 text-sm font-semibold text-stone-800"
                        data-testid="invoice-status"
                    >
                        {status}
                    </span>
                    <PrintButton />
                </div>
            </header>
            <InvoiceFacts invoice=facts />
            <LinesTable lines />
            <Totals invoice />
        </article>
    }
}

/// Invoice and order numbers, dates, and who was billed.
#[component]
fn InvoiceFacts(invoice: Invoice) -> impl IntoView {
    let Invoice {
        invoice_number,
        order_number,
        issued_on,
        period_start,
        period_end,
        buyer_name,
        buyer_email,
        billing_address,
        ..
    } = invoice;
    let address = billing_address
        .into_iter()
        .map(|line| view! { <p>{line}</p> })
        .collect_view();
    view! {
        <div class="mt-8 grid gap-6 text-sm sm:grid-cols-2">
            <dl class="grid grid-cols-2 gap-x-4 gap-y-1">
                <dt class="text-stone-500">"Invoice number"</dt>
                <dd data-testid="invoice-number">{invoice_number}</dd>
                <dt class="text-stone-500">"Order"</dt>
                <dd>{order_number}</dd>
                <dt class="text-stone-500">"Issued on"</dt>
                <dd data-testid="invoice-issued-on">{issued_on}</dd>
                <dt class="text-stone-500">"Period"</dt>
                <dd data-testid="invoice-period">{format!("{period_start} – {period_end}")}</dd>
            </dl>
            <div data-testid="invoice-buyer">
                <p class="text-stone-500">"Billed to"</p>
                {buyer_name.map(|n| view! { <p class="font-medium">{n}</p> })}
                <p>{buyer_email}</p>
                {address}
            </div>
        </div>
    }
}

#[component]
fn LinesTable(lines: Vec<InvoiceLine>) -> impl IntoView {
    let rows = lines
        .into_iter()
        .map(|l| {
            let what = if l.variant_name.is_empty() {
                l.product_name
            } else {
                format!("{} ({})", l.product_name, l.variant_name)
            };
            view! {
                <tr data-testid="invoice-line">
                    <td class="py-2">{what}</td>
                    <td class="text-right">{l.quantity.to_string()}</td>
                    <td class="text-right">{l.unit_price.to_string()}</td>
                    <td class="text-right">{l.discount.to_string()}</td>
                    <td class="text-right">{l.tax.to_string()}</td>
                    <td class="text-right">{l.total.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="mt-8 w-full text-left text-sm">
            <thead class="border-b border-stone-200 text-stone-500">
                <tr>
                    <th class="py-2">"Description"</th>
                    <th class="text-right">"Qty"</th>
                    <th class="text-right">"Unit price"</th>
                    <th class="text-right">"Discount"</th>
                    <th class="text-right">"Tax"</th>
                    <th class="text-right">"Total"</th>
                </tr>
            </thead>
            <tbody class="divide-y divide-stone-100">{rows}</tbody>
        </table>
    }
}

/// One row of the totals.
fn total_row(label: &'static str, amount: Money, testid: &'static str) -> impl IntoView {
    view! {
        <div class="flex justify-between gap-8">
            <dt class="text-stone-500">{label}</dt>
            <dd data-testid=testid>{amount.to_string()}</dd>
        </div>
    }
}

#[component]
fn Totals(invoice: Invoice) -> impl IntoView {
    let tax_label = if invoice.tax_included {
        "Tax (included)"
    } else {
        "Tax"
    };
    let discount = invoice
        .discount
        .is_positive()
        .then(|| total_row("Discount and credit", invoice.discount, "invoice-discount"));
    let shipping = invoice
        .shipping
        .is_positive()
        .then(|| total_row("Shipping", invoice.shipping, "invoice-shipping"));
    let refunded = invoice
        .refunded
        .is_positive()
        .then(|| total_row("Refunded", invoice.refunded, "invoice-refunded"));
    view! {
        <dl class="ml-auto mt-6 w-full max-w-xs space-y-1 text-sm">
            {total_row("Subtotal", invoice.subtotal, "invoice-subtotal")} {discount} {shipping}
            {total_row(tax_label, invoice.tax, "invoice-tax")}
            <div class="flex justify-between gap-8 border-t border-stone-200 pt-2 font-semibold">
                <dt>"Total"</dt>
                <dd data-testid="invoice-total">{invoice.total.to_string()}</dd>
            </div> {refunded}
        </dl>
    }
}

/// "Print" (an island): shown once the page is hydrated, since it needs JavaScript; without
/// it the browser's own Print command prints the same complete page.
#[island]
fn PrintButton() -> impl IntoView {
    let (ready, set_ready) = signal(false);
    // Effects run in the browser only: the button stays hidden in the server's HTML.
    Effect::new(move |_| set_ready.set(true));
    view! {
        <button
            type="button"
            class="rounded-full border border-stone-300 px-4 py-1.5 text-sm font-medium hover:border-stone-900 print:hidden"
            data-testid="print-invoice"
            hidden=move || !ready.get()
            on:click=move |_| print_page()
        >
            "Print"
        </button>
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}
