//! `/certificates/{code}`: a public, printable certificate of a passed certification (no
//! sign-in), with its verification code and address; a revoked one says so. Unknown codes
//! are the 404 page. Printing leaves out the shop's header and footer and this page's links.

use leptos::prelude::*;
use leptos_meta::{Meta, Style, Title};
use leptos_router::hooks::use_params_map;

use crate::pages::PageError;
use crate::server_fns::learning::get_certificate;
use shared::learning::Certificate;

/// Printed, only the certificate shows: the shop's header and footer are left out (this style
/// is in the head of this page only; the global header and footer are untouched).
const PRINT_ONLY_THE_CERTIFICATE: &str = "header, footer { display: none !important; } \
     body { background: #ffffff !important; } \
     @page { margin: 12mm; }";

#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let certificate = Resource::new(move || code.get(), get_certificate);
    view! {
        <Meta name="robots" content="noindex" />
        <Style media="print">{PRINT_ONLY_THE_CERTIFICATE}</Style>
        <Transition fallback=|| {
            view! { <p class="mx-auto max-w-3xl px-4 py-10 text-stone-500">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match certificate.await {
                    Ok(c) => view! { <CertificateView c /> }.into_any(),
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CertificateView(c: Certificate) -> impl IntoView {
    let title = if c.valid {
        format!("Certificate: {}", c.certification)
    } else {
        "Revoked certificate".to_string()
    };
    view! {
        <Title text=title />
        <div class="mx-auto max-w-4xl px-4 py-10 sm:px-6 print:max-w-none print:p-0">
            <div class="mb-6 flex flex-wrap items-center justify-between gap-3 print:hidden">
                <a href="/" class="text-sm text-stone-500 hover:text-violet-700">
                    "← Back to the shop"
                </a>
                {c
                    .valid
                    .then(|| {
                        view! {
                            <p class="text-sm text-stone-500">
                                "Use your browser's Print command to print or save it as a PDF."
                            </p>
                        }
                    })}
            </div>
            {c.notice.clone().map(|notice| view! { <RevokedNotice notice /> })}
            <CertificateSheet c />
        </div>
    }
}

/// The certificate is no longer valid: said plainly, above the (struck) certificate.
#[component]
fn RevokedNotice(notice: String) -> impl IntoView {
    view! {
        <div
            role="alert"
            class="mb-6 rounded-xl border border-red-300 bg-red-50 p-4 text-red-800 print:border-red-800"
            data-testid="certificate-revoked"
        >
            <p class="font-semibold">{notice}</p>
            <p class="mt-1 text-sm">
                "It is no longer valid: the certification's order was refunded or cancelled."
            </p>
        </div>
    }
}

/// The certificate itself: title, holder, certification, dates, code and where to verify it.
#[component]
fn CertificateSheet(c: Certificate) -> impl IntoView {
    let sheet = if c.valid {
        "rounded-3xl border-8 border-double border-violet-200 bg-white px-8 py-14 text-center shadow-sm print:rounded-none print:border-violet-300 print:shadow-none sm:px-16"
    } else {
        "rounded-3xl border-8 border-double border-stone-200 bg-white px-8 py-14 text-center text-stone-400 opacity-70 sm:px-16"
    };
    view! {
        <article class=sheet data-testid="certificate" data-valid=c.valid.to_string()>
            <h1 class="font-serif text-4xl font-semibold sm:text-5xl">
                "Certificate of completion"
            </h1>
            <p class="mt-10 text-stone-600">"This certifies that"</p>
            <p
                class="mt-3 font-serif text-3xl font-semibold text-stone-900 sm:text-4xl"
                data-testid="certificate-holder"
            >
                {c.holder}
            </p>
            <p class="mt-6 text-stone-600">"has passed the examination for"</p>
            <p class="mt-3 text-2xl font-semibold" data-testid="certificate-certification">
                {c.certification}
            </p>
            <CertificateDates exam_date=c.exam_date passed_on=c.passed_on />
            <div class="mt-12 border-t border-stone-200 pt-6 text-sm text-stone-600">
                <p>
                    "Verification code: "
                    <span
                        class="font-mono font-semibold text-stone-900"
                        data-testid="certificate-code"
                    >
                        {c.code}
                    </span>
                </p>
                <p class="mt-1 break-all">
                    "Verify at " <span data-testid="certificate-url">{c.verify_url}</span>
                </p>
            </div>
        </article>
    }
}

/// The exam and pass dates, when known.
#[component]
fn CertificateDates(exam_date: Option<String>, passed_on: Option<String>) -> impl IntoView {
    view! {
        <dl class="mt-10 flex flex-wrap justify-center gap-x-12 gap-y-4 text-sm">
            {passed_on
                .map(|d| {
                    view! {
                        <div>
                            <dt class="text-stone-500">"Date passed"</dt>
                            <dd class="mt-1 font-semibold" data-testid="certificate-passed-on">
                                {d}
                            </dd>
                        </div>
                    }
                })}
            {exam_date
                .map(|d| {
                    view! {
                        <div>
                            <dt class="text-stone-500">"Exam date"</dt>
                            <dd class="mt-1 font-semibold">{d}</dd>
                        </div>
                    }
                })}
        </dl>
    }
}
