//! `/admin/outbox` (every mail: queued, sent, failed) and `/admin/outbox/{id}` (a preview of
//! one, as sent; secret links blanked).

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{AdminNav, RequireStaff};
use crate::components::{
    ActionMessage, BUTTON, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text,
};
use crate::server_fns::admin::operations::{AdminOutboxRetry, admin_outbox, admin_outbox_mail};
use shared::ops::{OutboxMail, OutboxRow};

fn mail_status_class(status: &str) -> &'static str {
    match status {
        "DONE" => "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800",
        "FAILED" => "rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800",
        _ => "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800",
    }
}

#[component]
pub fn AdminOutboxPage() -> impl IntoView {
    view! {
        <Title text="Outbox · Back office" />
        <RequireStaff page=|_| view! { <OutboxList /> }.into_any() />
    }
}

#[component]
fn OutboxList() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
            (get("status"), get("before"))
        })
    });
    let page = Resource::new(
        move || args.get(),
        |(status, before)| admin_outbox(status, before),
    );
    let status0 = args.get_untracked().0.unwrap_or_default();
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-outbox">
            <AdminNav current="/admin/outbox" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Outbox"</h1>
            <form method="get" action="/admin/outbox" class="mt-4 flex flex-wrap items-end gap-3">
                <label>
                    <span class=LABEL>"Status"</span>
                    <select name="status" class=INPUT>
                        {["", "PENDING", "PROCESSING", "DONE", "FAILED"]
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s selected=status0 == s>
                                        {if s.is_empty() { "Any" } else { s }}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class=BUTTON>
                    "Show"
                </button>
            </form>
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    let (status, _) = args.get_untracked();
                    match page.await {
                        Ok(p) => {
                            let next = p
                                .next_before
                                .map(|b| {
                                    super::page_href(
                                        "/admin/outbox",
                                        &[
                                            ("before", Some(b.to_string().as_str())),
                                            ("status", status.as_deref()),
                                        ],
                                    )
                                });
                            let counts = p
                                .counts
                                .iter()
                                .map(|(s, n)| format!("{n} {}", s.to_lowercase()))
                                .collect::<Vec<_>>()
                                .join(" · ");
                            view! {
                                <p
                                    class="mt-4 text-sm text-stone-600"
                                    data-testid="outbox-transport"
                                >
                                    "Mail goes to: "
                                    {p.transport.clone()}
                                    ". "
                                    {counts}
                                </p>
                                <table class="mt-4 w-full text-left text-sm">
                                    <thead class="border-b border-stone-200 text-stone-600">
                                        <tr>
                                            <th class="py-2">"Mail"</th>
                                            <th>"To"</th>
                                            <th>"Status"</th>
                                            <th>"Tries"</th>
                                            <th>"Queued"</th>
                                            <th>"Sent"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p
                                            .rows
                                            .into_iter()
                                            .map(|r| view! { <OutboxLine r=r /> })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                {next
                                    .map(|href| {
                                        view! {
                                            <a href=href class="mt-4 inline-block underline">
                                                "Older mails →"
                                            </a>
                                        }
                                    })}
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

#[component]
fn OutboxLine(r: OutboxRow) -> impl IntoView {
    let label = r
        .subject
        .clone()
        .or_else(|| r.template.clone())
        .unwrap_or_else(|| r.topic.clone());
    view! {
        <tr class="border-b border-stone-100 align-top" data-testid="outbox-row">
            <td class="py-2">
                <a href=format!("/admin/outbox/{}", r.id) class="font-medium hover:underline">
                    {label}
                </a>
                <div class="text-xs text-stone-500">{r.topic.clone()}</div>
                {r
                    .last_error
                    .clone()
                    .map(|e| view! { <div class="text-xs text-red-700">{e}</div> })}
            </td>
            <td>{r.to.clone().unwrap_or_default()}</td>
            <td>
                <span class=mail_status_class(&r.status)>{r.status.clone()}</span>
            </td>
            <td>{r.attempts}</td>
            <td class="text-stone-600">{r.created_at.clone()}</td>
            <td class="text-stone-600">{r.done_at.clone().unwrap_or_else(|| "–".into())}</td>
        </tr>
    }
}

#[component]
pub fn AdminOutboxMailPage() -> impl IntoView {
    provide_context(ServerAction::<AdminOutboxRetry>::new());
    view! {
        <Title text="Mail · Back office" />
        <RequireStaff page=|_| view! { <MailDetail /> }.into_any() />
    }
}

#[component]
fn MailDetail() -> impl IntoView {
    let retry: ServerAction<AdminOutboxRetry> = expect_context();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let mail = Resource::new(
        move || (id.get(), retry.version().get()),
        |(id, _)| admin_outbox_mail(id),
    );
    view! {
        <div class="mx-auto max-w-5xl px-4 py-8 sm:px-6" data-testid="admin-outbox-mail">
            <AdminNav current="/admin/outbox" />
            <ActionMessage action=retry success=message_text testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match mail.await {
                        Ok(m) => view! { <MailBody m=m /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn MailBody(m: OutboxMail) -> impl IntoView {
    let retry: ServerAction<AdminOutboxRetry> = expect_context();
    let failed = m.row.status == "FAILED";
    let id = m.row.id.to_string();
    view! {
        <h1 class="mt-6 font-serif text-2xl font-semibold" data-testid="mail-subject">
            {m.subject.clone()}
        </h1>
        <p class="mt-1 text-sm text-stone-600">
            "To " {m.row.to.clone().unwrap_or_default()}
            {m.from.clone().map(|f| format!(" · from {f}"))} " · " {m.row.topic.clone()} " · "
            <span class=mail_status_class(&m.row.status)>{m.row.status.clone()}</span>
            {m.row.done_at.clone().map(|d| format!(" · {d}"))}
        </p>
        {(!m.sent)
            .then(|| {
                view! {
                    <p class="mt-2 text-sm text-amber-800">
                        "Not sent yet: this is how it will look."
                    </p>
                }
            })}
        {m.row.last_error.clone().map(|e| view! { <p class="mt-2 text-sm text-red-700">{e}</p> })}
        {failed
            .then(|| {
                view! {
                    <ActionForm action=retry>
                        <input type="hidden" name="id" value=id.clone() />
                        <button type="submit" class=BUTTON_LIGHT>
                            "Send again"
                        </button>
                    </ActionForm>
                }
            })}
        <h2 class="mt-6 font-semibold">"HTML"</h2>
        <iframe
            title="HTML version"
            sandbox=""
            srcdoc=m.html.clone()
            class="mt-2 h-[36rem] w-full rounded-lg border border-stone-200 bg-white"
            data-testid="mail-html"
        ></iframe>
        <h2 class="mt-6 font-semibold">"Plain text"</h2>
        <pre
            class="mt-2 overflow-x-auto whitespace-pre-wrap rounded-lg border border-stone-200 bg-white p-4 text-sm"
            data-testid="mail-text"
        >
            {m.text.clone()}
        </pre>
    }
}
