//! The product page's learning facts: a course's syllabus, level and length; a course
//! bundle's courses and savings; a team licence's seat tiers; a certification's
//! prerequisites and cohorts; a subscription plan's free trial and included courses. Nothing
//! for goods and downloads.

use leptos::prelude::*;

use shared::catalog::ProductKind;
use shared::learning::{CohortView, CourseLink, PlanTerms, ProductLearning, SeatTierView};
use shared::product::ProductDetail;

const BOX: &str = "mt-6 rounded-2xl border border-stone-200 p-4";

/// What the buy form's quantity input asks for: its label, bounds and starting value.
pub(super) struct QuantityInput {
    pub label: &'static str,
    pub min: i32,
    pub max: i32,
    pub default: i32,
}

impl QuantityInput {
    /// Seats (2–1000) for a team licence, one place for a course, bundle or certification,
    /// else 1 to 99 (or what is in stock).
    pub fn for_kind(kind: ProductKind, available: Option<i32>) -> QuantityInput {
        match kind {
            ProductKind::TeamLicence => QuantityInput {
                label: "Seats",
                min: 2,
                max: 1000,
                default: 2,
            },
            ProductKind::Course
            | ProductKind::CourseBundle
            | ProductKind::Certification
            | ProductKind::Subscription => QuantityInput {
                label: "Quantity",
                min: 1,
                max: 1,
                default: 1,
            },
            ProductKind::Physical | ProductKind::Digital | ProductKind::Bundle => QuantityInput {
                label: "Quantity",
                min: 1,
                max: available.map_or(99, |a| a.clamp(1, 99)),
                default: 1,
            },
        }
    }
}

/// The learning facts for the product's kind, or nothing.
pub(super) fn learning_facts(p: &ProductDetail) -> Option<AnyView> {
    let learning = p.learning.clone();
    match p.kind {
        ProductKind::Course => Some(view! { <CourseFacts learning /> }.into_any()),
        ProductKind::CourseBundle => Some(view! { <BundleFacts learning /> }.into_any()),
        ProductKind::TeamLicence => Some(view! { <LicenceFacts learning /> }.into_any()),
        ProductKind::Certification => Some(view! { <CertificationFacts learning /> }.into_any()),
        ProductKind::Subscription => Some(view! { <SubscriptionFacts learning /> }.into_any()),
        ProductKind::Physical | ProductKind::Digital | ProductKind::Bundle => None,
    }
}

fn level_text(level: &str) -> &'static str {
    match level {
        "BEGINNER" => "Beginner",
        "INTERMEDIATE" => "Intermediate",
        "ADVANCED" => "Advanced",
        _ => "All levels",
    }
}

/// A course: level and length, and the syllabus.
#[component]
fn CourseFacts(learning: ProductLearning) -> impl IntoView {
    let mut facts: Vec<String> = learning
        .level
        .as_deref()
        .map(|l| format!("Level: {}", level_text(l)))
        .into_iter()
        .collect();
    if let Some(h) = learning.hours {
        facts.push(format!("{h} hour{}", if h == 1 { "" } else { "s" }));
    }
    let facts = (!facts.is_empty()).then(|| {
        view! {
            <p class="text-sm text-stone-600" data-testid="course-level">
                {facts.join(" · ")}
            </p>
        }
    });
    let syllabus = (!learning.modules.is_empty()).then(|| {
        view! {
            <p class="mt-2 font-semibold">"What you'll learn"</p>
            <ol class="mt-2 list-inside list-decimal space-y-1 text-sm" data-testid="syllabus">
                {learning.modules.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ol>
        }
    });
    view! {
        <div class=BOX data-testid="course-facts">
            {facts}
            {syllabus}
        </div>
    }
}

/// Courses linked to their pages, with their own prices when known.
fn course_list(courses: Vec<CourseLink>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="mt-2 divide-y divide-stone-100 text-sm" data-testid=testid>
            {courses
                .into_iter()
                .map(|c| {
                    view! {
                        <li class="flex justify-between gap-4 py-1.5">
                            <a href=format!("/p/{}", c.slug) class="hover:text-violet-700">
                                {c.name}
                            </a>
                            <span class="text-stone-600">{c.price.map(|p| p.to_string())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// A course bundle: its courses, what they cost separately and what the bundle saves.
#[component]
fn BundleFacts(learning: ProductLearning) -> impl IntoView {
    let list = learning.list_price.map(|list| {
        view! {
            <p class="mt-3 text-sm text-stone-600">
                "Bought separately: " <s data-testid="bundle-list-price">{list.to_string()}</s>
            </p>
        }
    });
    let savings = learning.savings.filter(|s| s.is_positive()).map(|s| {
        view! {
            <p class="mt-1 font-semibold text-emerald-700" data-testid="bundle-savings">
                {format!("You save {s}")}
            </p>
        }
    });
    view! {
        <div class=BOX data-testid="bundle-courses">
            <p class="font-semibold">"Courses in this bundle"</p>
            {course_list(learning.courses, "bundle-course-list")}
            {list}
            {savings}
        </div>
    }
}

/// "2–9 seats", "10 seats", "50+ seats".
fn seat_range(t: &SeatTierView) -> String {
    match t.to {
        Some(to) if to == t.from => format!("{to} seats"),
        Some(to) => format!("{}–{to} seats", t.from),
        None => format!("{}+ seats", t.from),
    }
}

/// A team licence: the per-seat price tiers and the course(s) the seats open.
#[component]
fn LicenceFacts(learning: ProductLearning) -> impl IntoView {
    let courses = (!learning.courses.is_empty()).then(|| {
        view! {
            <p class="mt-4 font-semibold">"Each seat opens"</p>
            {course_list(learning.courses, "licence-courses")}
        }
    });
    view! {
        <div class=BOX data-testid="seat-tiers">
            <p class="font-semibold">"Price per seat"</p>
            {seat_table(learning.seat_tiers)}
            {courses}
        </div>
    }
}

/// A subscription plan: its free trial (when it has one) and every course it opens.
#[component]
fn SubscriptionFacts(learning: ProductLearning) -> impl IntoView {
    let count = learning.courses.len();
    let trial = learning
        .plan
        .as_ref()
        .and_then(PlanTerms::trial_text)
        .map(|text| {
            view! {
                <p class="mb-2 font-semibold text-emerald-700" data-testid="plan-trial">
                    {text}
                </p>
            }
        });
    view! {
        <div class=BOX data-testid="subscription-courses">
            {trial}
            <p class="font-semibold">{format!("{count} courses included")}</p>
            <p class="text-sm text-stone-600">
                "Open every one of them while you subscribe. Cancel anytime: access runs to the end of the period you paid for."
            </p>
            {course_list(learning.courses, "included-courses")}
        </div>
    }
}

/// One row per tier: "2–9 seats · $90.00 per seat".
fn seat_table(tiers: Vec<SeatTierView>) -> impl IntoView {
    (!tiers.is_empty()).then(move || {
        view! {
            <table class="mt-2 w-full text-sm">
                <tbody class="divide-y divide-stone-100">
                    {tiers
                        .into_iter()
                        .map(|t| {
                            view! {
                                <tr data-testid="seat-tier">
                                    <td class="py-1.5">
                                        {seat_range(&t)} <span class="text-stone-400">" · "</span>
                                    </td>
                                    <td class="py-1.5 text-right">
                                        {format!("{} per seat", t.unit)}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    })
}

/// How many places a cohort has left, in words.
fn places_text(c: &CohortView) -> String {
    match c.places_left {
        None => "Places available".to_string(),
        Some(0) => "Full".to_string(),
        Some(1) => "1 place left".to_string(),
        Some(n) => format!("{n} places left"),
    }
}

/// A certification: the courses needed first, and the cohorts (exam dates) to choose from.
#[component]
fn CertificationFacts(learning: ProductLearning) -> impl IntoView {
    let prerequisites = (!learning.prerequisites.is_empty()).then(|| {
        view! {
            <div class=BOX data-testid="prerequisites">
                <p class="font-semibold">"Prerequisites"</p>
                <p class="text-sm text-stone-600">
                    "You need these courses (owned or in your cart)"
                </p>
                {course_list(learning.prerequisites, "prerequisite-list")}
            </div>
        }
    });
    let cohorts = (!learning.cohorts.is_empty()).then(|| {
        view! {
            <div class=BOX data-testid="cohorts">
                <p class="font-semibold">"Cohorts"</p>
                <ul class="mt-2 divide-y divide-stone-100 text-sm">
                    {learning
                        .cohorts
                        .iter()
                        .map(|c| {
                            view! {
                                <li class="flex justify-between gap-4 py-1.5" data-testid="cohort">
                                    <span>{format!("Exam on {}", c.starts_on)}</span>
                                    <span class="text-stone-600">{places_text(c)}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    view! {
        {prerequisites}
        {cohorts}
    }
}
