//! `/admin/jobs`: the background jobs (interval, runs, failures, last run) and the latest runs
//! that did something or failed.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AdminNav, RequireStaff};
use crate::components::RequestError;
use crate::server_fns::admin::operations::admin_jobs;
use shared::ops::{JobRunView, JobView};

#[component]
pub fn AdminJobsPage() -> impl IntoView {
    view! {
        <Title text="Jobs · Back office" />
        <RequireStaff page=|_| view! { <JobsBody /> }.into_any() />
    }
}

fn every(secs: i64) -> String {
    match secs {
        s if s >= 3600 && s % 3600 == 0 => format!("every {} h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("every {} min", s / 60),
        s => format!("every {s} s"),
    }
}

#[component]
fn JobsBody() -> impl IntoView {
    let page = Resource::new(|| (), |_| admin_jobs());
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-jobs">
            <AdminNav current="/admin/jobs" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Background jobs"</h1>
            <p class="mt-2 text-sm text-stone-600">
                "Each job runs once per interval across all server instances. Runs that did something or failed are kept for 14 days."
            </p>
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => {
                            view! {
                                {jobs_table(p.jobs)}
                                <h2 class="mt-8 font-semibold">"Recent runs"</h2>
                                {runs_table(p.runs)}
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

fn jobs_table(jobs: Vec<JobView>) -> impl IntoView {
    view! {
        <table class="mt-4 w-full text-left text-sm">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Job"</th>
                    <th>"Runs"</th>
                    <th>"Failures"</th>
                    <th>"Last run"</th>
                    <th>"Next run"</th>
                </tr>
            </thead>
            <tbody>{jobs.into_iter().map(job_row).collect_view()}</tbody>
        </table>
    }
}

/// A job: name and interval, counts, its last run (and last failure), and when it runs next.
fn job_row(j: JobView) -> impl IntoView {
    let last = j
        .last_started_at
        .clone()
        .map(|t| {
            format!(
                "{t} · {} · {} ms · {} items{}",
                j.last_status.clone().unwrap_or_default(),
                j.last_duration_ms.unwrap_or(0),
                j.last_items.unwrap_or(0),
                j.last_instance
                    .clone()
                    .map(|i| format!(" · on {i}"))
                    .unwrap_or_default(),
            )
        })
        .unwrap_or_else(|| "never".into());
    view! {
        <tr class="border-b border-stone-100 align-top" data-testid="job-row">
            <td class="py-2">
                <span class="font-medium">{j.name.clone()}</span>
                <div class="text-xs text-stone-500">{every(j.every_secs)}</div>
            </td>
            <td>{j.runs}</td>
            <td>{j.failures}</td>
            <td>
                {last}
                {j
                    .last_error
                    .clone()
                    .map(|e| {
                        view! {
                            <div class="text-xs text-red-700">
                                "Last failure " {j.last_error_at.clone().unwrap_or_default()} ": "
                                {e}
                            </div>
                        }
                    })}
            </td>
            <td>
                {match j.running_on.clone() {
                    Some(i) => format!("running on {i}"),
                    None => j.next_run_at.clone(),
                }}
            </td>
        </tr>
    }
}

/// The latest logged runs: those that did something or failed.
fn runs_table(runs: Vec<JobRunView>) -> impl IntoView {
    view! {
        <table class="mt-2 w-full text-left text-sm">
            <tbody>
                {runs
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr class="border-t border-stone-100 align-top" data-testid="job-run">
                                <td class="py-1">{r.started_at.clone()}</td>
                                <td class="font-medium">{r.job.clone()}</td>
                                <td>{r.status.clone()}</td>
                                <td>{format!("{} items", r.items)}</td>
                                <td>{format!("{} ms", r.duration_ms)}</td>
                                <td class="text-stone-500">{r.instance.clone()}</td>
                                <td class="text-red-700">{r.error.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
