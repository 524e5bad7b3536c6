//! `/account/learning`: the courses the buyer can open (with progress), certifications,
//! download links and the team licences they own.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountNav, RequireUser};
use crate::components::RequestError;
use crate::pages::learn::ProgressBar;
use crate::server_fns::learning::get_my_learning;
use shared::learning::{MyCertification, MyCourse, MyDownload, MyLearning, MyLicence};

#[component]
pub fn LearningPage() -> impl IntoView {
    view! {
        <Title text="My learning" />
        <RequireUser page=|_| view! { <Learning /> }.into_any() />
    }
}

#[component]
fn Learning() -> impl IntoView {
    let learning = Resource::new(|| (), |_| get_my_learning());
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/learning" />
            <div class="md:col-span-3" data-testid="learning-page">
                <h1 class="font-serif text-3xl font-semibold">"My learning"</h1>
                <Transition>
                    {move || Suspend::new(async move {
                        match learning.await {
                            Ok(l) if is_empty(&l) => view! { <NothingYet /> }.into_any(),
                            Ok(l) => view! { <LearningSections learning=l /> }.into_any(),
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}

fn is_empty(l: &MyLearning) -> bool {
    l.courses.is_empty()
        && l.certifications.is_empty()
        && l.downloads.is_empty()
        && l.licences.is_empty()
}

/// The empty state: where to find something to learn.
#[component]
fn NothingYet() -> impl IntoView {
    view! {
        <div
            class="mt-6 rounded-2xl border border-dashed border-stone-300 p-8 text-center"
            data-testid="learning-empty"
        >
            <p class="text-stone-600">
                "Nothing here yet. Courses, certifications, downloads and team licences you buy will appear on this page."
            </p>
            <a
                href="/c/learning"
                class="mt-4 inline-block font-semibold text-violet-700 hover:underline"
            >
                "Browse courses"
            </a>
        </div>
    }
}

#[component]
fn LearningSections(learning: MyLearning) -> impl IntoView {
    let MyLearning {
        courses,
        certifications,
        downloads,
        licences,
    } = learning;
    view! {
        <CoursesSection courses />
        <CertificationsSection certifications />
        <DownloadsSection downloads />
        <LicencesSection licences />
    }
}

/// A titled list of rows.
fn section(title: &'static str, testid: &'static str, rows: AnyView) -> impl IntoView {
    view! {
        <section class="mt-8" data-testid=testid>
            <h2 class="font-serif text-xl font-semibold">{title}</h2>
            <ul class="mt-3 divide-y divide-stone-200">{rows}</ul>
        </section>
    }
}

#[component]
fn CoursesSection(courses: Vec<MyCourse>) -> impl IntoView {
    (!courses.is_empty()).then(move || {
        let rows = courses
            .into_iter()
            .map(|c| view! { <CourseRow course=c /> })
            .collect_view();
        section("Courses", "my-courses", rows.into_any())
    })
}

#[component]
fn CourseRow(course: MyCourse) -> impl IntoView {
    view! {
        <li class="py-4" data-testid="my-course">
            <div class="flex flex-wrap items-baseline justify-between gap-2">
                <a href=format!("/learn/{}", course.slug) class="font-medium hover:text-violet-700">
                    {course.name}
                </a>
                <span class="text-sm text-stone-500">{course.source}</span>
            </div>
            <ProgressBar done=course.modules_done total=course.modules_total />
        </li>
    }
}

#[component]
fn CertificationsSection(certifications: Vec<MyCertification>) -> impl IntoView {
    (!certifications.is_empty()).then(move || {
        let rows = certifications
            .into_iter()
            .map(|x| view! { <CertificationRow certification=x /> })
            .collect_view();
        section("Certifications", "my-certifications", rows.into_any())
    })
}

/// A registration's status in words.
fn status_text(status: &str) -> &'static str {
    match status {
        "SCHEDULED" => "Scheduled",
        "PASSED" => "Passed",
        "FAILED" => "Not passed",
        "REVOKED" => "Cancelled",
        _ => "Unknown",
    }
}

#[component]
fn CertificationRow(certification: MyCertification) -> impl IntoView {
    let c = certification;
    let date = c.cohort_date.map_or_else(
        || "Date to be announced".to_string(),
        |d| format!("Exam on {d}"),
    );
    let certificate = c.certificate_code.map(|code| {
        view! {
            <a
                href=format!("/certificates/{code}")
                class="text-sm font-semibold text-violet-700 hover:underline"
                data-testid="view-certificate"
            >
                "View certificate"
            </a>
        }
    });
    view! {
        <li
            class="flex flex-wrap items-center justify-between gap-2 py-4"
            data-testid="my-certification"
        >
            <div>
                <a href=format!("/p/{}", c.slug) class="font-medium hover:text-violet-700">
                    {c.name}
                </a>
                <p class="text-sm text-stone-500">{date}</p>
            </div>
            <div class="flex items-center gap-4">
                <span class="rounded-full bg-stone-100 px-3 py-0.5 text-xs font-semibold">
                    {status_text(&c.status)}
                </span>
                {certificate}
            </div>
        </li>
    }
}

#[component]
fn DownloadsSection(downloads: Vec<MyDownload>) -> impl IntoView {
    (!downloads.is_empty()).then(move || {
        let rows = downloads
            .into_iter()
            .map(|x| view! { <DownloadRow download=x /> })
            .collect_view();
        section("Downloads", "my-downloads", rows.into_any())
    })
}

#[component]
fn DownloadRow(download: MyDownload) -> impl IntoView {
    let d = download;
    let mut notes = vec![format!("Order {}", d.order_number)];
    if d.usable {
        if let Some(left) = d.downloads_left {
            notes.push(format!(
                "{left} download{} left",
                if left == 1 { "" } else { "s" }
            ));
        }
        if let Some(until) = &d.expires_at {
            notes.push(format!(
                "until {}",
                until.chars().take(10).collect::<String>()
            ));
        }
    }
    let action = if d.usable {
        view! {
            <a
                href=d.url
                class="rounded-full bg-stone-900 px-4 py-2 text-sm font-semibold text-white hover:bg-violet-700"
                data-testid="download-link"
            >
                "Download"
            </a>
        }
        .into_any()
    } else {
        let why = if d.downloads_left == Some(0) {
            "Used up"
        } else {
            "Expired"
        };
        view! {
            <span class="text-sm font-medium text-stone-500" data-testid="download-unavailable">
                {why}
            </span>
        }
        .into_any()
    };
    view! {
        <li
            class="flex flex-wrap items-center justify-between gap-2 py-4"
            data-testid="my-download"
        >
            <div>
                <p class="font-medium">{d.product_name}</p>
                <p class="text-sm text-stone-500">{notes.join(" · ")}</p>
            </div>
            {action}
        </li>
    }
}

#[component]
fn LicencesSection(licences: Vec<MyLicence>) -> impl IntoView {
    (!licences.is_empty()).then(move || {
        let rows = licences
            .into_iter()
            .map(|x| view! { <LicenceRow licence=x /> })
            .collect_view();
        section("Team licences", "my-licences", rows.into_any())
    })
}

#[component]
fn LicenceRow(licence: MyLicence) -> impl IntoView {
    let l = licence;
    let revoked = l.status == "REVOKED";
    view! {
        <li class="flex flex-wrap items-center justify-between gap-2 py-4" data-testid="my-licence">
            <div>
                <p class="font-medium">{l.product_name}</p>
                <p class="text-sm text-stone-500" data-testid="licence-seats">
                    {format!("{} / {} seats", l.seats_used, l.seats)}
                    {revoked.then_some(" · Revoked")}
                </p>
            </div>
            <a
                href=format!("/account/teams/{}", l.id)
                class="text-sm font-semibold text-violet-700 hover:underline"
                data-testid="manage-seats"
            >
                "Manage seats"
            </a>
        </li>
    }
}
