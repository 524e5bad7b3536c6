//! The product editor's "Learning" panel, for learning products: a course's syllabus, level,
//! hours, places and whether the learning subscription includes it; a course bundle's courses
//! and discount (with the price it makes); a team licence's seat tiers and course; a
//! certification's prerequisites and cohorts; a subscription plan's billing interval and free
//! trial. Plain POST forms: without JavaScript each answers with a flash message and comes
//! back here.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::{ActionMessage, BUTTON_LIGHT, INPUT, LABEL, RequestError, message_text};
use crate::server_fns::admin::learning_products::{
    AdminAddCohort, AdminRemoveCohort, AdminSaveBundle, AdminSaveCertification, AdminSaveCourse,
    AdminSavePlan, AdminSaveSeatTiers, AdminSetCapacity, AdminSetIncluded,
    admin_get_learning_panel,
};
use shared::admin::{AdminLearningPanel, CourseChoice};
use shared::learning::CohortView;

/// Class of the small inputs in the panel's tables.
const CELL: &str = "w-full rounded border border-stone-300 px-2 py-1";

/// Seat-tier rows offered (more when a licence already has more tiers).
const TIER_ROWS: usize = 5;

/// A course's levels: (stored value, label).
const LEVELS: [(&str, &str); 4] = [
    ("ALL", "All levels"),
    ("BEGINNER", "Beginner"),
    ("INTERMEDIATE", "Intermediate"),
    ("ADVANCED", "Advanced"),
];

/// The panel's forms' actions.
#[derive(Clone, Copy)]
struct PanelActions {
    course: ServerAction<AdminSaveCourse>,
    capacity: ServerAction<AdminSetCapacity>,
    bundle: ServerAction<AdminSaveBundle>,
    tiers: ServerAction<AdminSaveSeatTiers>,
    certification: ServerAction<AdminSaveCertification>,
    add_cohort: ServerAction<AdminAddCohort>,
    remove_cohort: ServerAction<AdminRemoveCohort>,
    plan: ServerAction<AdminSavePlan>,
    included: ServerAction<AdminSetIncluded>,
}

impl PanelActions {
    fn new() -> Self {
        PanelActions {
            course: ServerAction::new(),
            capacity: ServerAction::new(),
            bundle: ServerAction::new(),
            tiers: ServerAction::new(),
            certification: ServerAction::new(),
            add_cohort: ServerAction::new(),
            remove_cohort: ServerAction::new(),
            plan: ServerAction::new(),
            included: ServerAction::new(),
        }
    }

    fn version(&self) -> usize {
        self.course.version().get()
            + self.capacity.version().get()
            + self.bundle.version().get()
            + self.tiers.version().get()
            + self.certification.version().get()
            + self.add_cohort.version().get()
            + self.remove_cohort.version().get()
            + self.plan.version().get()
            + self.included.version().get()
    }
}

/// Whether products of `kind` have a Learning panel.
fn has_panel(kind: &str) -> bool {
    matches!(
        kind,
        "COURSE" | "COURSE_BUNDLE" | "TEAM_LICENCE" | "CERTIFICATION" | "SUBSCRIPTION"
    )
}

/// The Learning panel of product `id` (nothing for goods and downloads).
#[component]
pub fn LearningPanel(id: i64, kind: String) -> impl IntoView {
    has_panel(&kind).then(|| {
        let a = PanelActions::new();
        let panel = Resource::new(
            move || (id, a.version()),
            |(id, _)| admin_get_learning_panel(id.to_string()),
        );
        view! {
            <section class="mt-10" data-testid="learning-panel">
                <h2 class="font-semibold">"Learning"</h2>
                {messages(a)}
                <Transition fallback=|| {
                    view! { <p class="mt-2 text-sm text-stone-500">"Loading…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match panel.await {
                            Ok(p) => panel_body(a, p),
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        }
    })
}

/// Each form's last answer (with JavaScript; without it the flash message shows).
fn messages(a: PanelActions) -> impl IntoView {
    view! {
        <ActionMessage action=a.course success=message_text testid="admin-message" />
        <ActionMessage action=a.capacity success=message_text testid="admin-message" />
        <ActionMessage action=a.bundle success=message_text testid="admin-message" />
        <ActionMessage action=a.tiers success=message_text testid="admin-message" />
        <ActionMessage action=a.certification success=message_text testid="admin-message" />
        <ActionMessage action=a.add_cohort success=message_text testid="admin-message" />
        <ActionMessage action=a.remove_cohort success=message_text testid="admin-message" />
        <ActionMessage action=a.plan success=message_text testid="admin-message" />
        <ActionMessage action=a.included success=message_text testid="admin-message" />
    }
}

/// The forms for the product's kind, after a note when it is still a draft.
fn panel_body(a: PanelActions, p: AdminLearningPanel) -> AnyView {
    let draft = (!p.is_active).then(|| {
        view! {
            <p
                class="mt-2 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900"
                data-testid="learning-draft"
            >
                "This product is a draft and not in the shop: finish it here, "
                "then tick “Active” above and save."
            </p>
        }
    });
    let kind = p.kind.clone();
    let forms = match kind.as_str() {
        "COURSE" => course_forms(a, p).into_any(),
        "COURSE_BUNDLE" => bundle_form(a, p).into_any(),
        "TEAM_LICENCE" => licence_form(a, p).into_any(),
        "SUBSCRIPTION" => plan_form(a, p).into_any(),
        _ => certification_forms(a, p).into_any(),
    };
    view! {
        {draft}
        {forms}
    }
    .into_any()
}

/// A course: syllabus, level and hours; then its places.
fn course_forms(a: PanelActions, p: AdminLearningPanel) -> impl IntoView {
    let id = p.product_id.to_string();
    let modules = p.current.modules.join("\n");
    let level = p.current.level.clone().unwrap_or_else(|| "ALL".into());
    let hours = p.current.hours.map(|h| h.to_string()).unwrap_or_default();
    let levels = LEVELS
        .into_iter()
        .map(|(value, label)| {
            view! {
                <option value=value selected=level == value>
                    {label}
                </option>
            }
        })
        .collect_view();
    let places = p
        .variant_id
        .map(|v| capacity_form(a, v, p.capacity, p.places_left));
    let included = included_form(a, p.product_id, p.included_in_subscription);
    view! {
        <ActionForm action=a.course>
            <input type="hidden" name="product_id" value=id />
            <label class="mt-3 block">
                <span class=LABEL>"Syllabus (one module per line)"</span>
                <textarea name="modules" rows="8" class=INPUT data-testid="course-modules">
                    {modules}
                </textarea>
            </label>
            <div class="mt-3 grid gap-4 sm:grid-cols-2">
                <label>
                    <span class=LABEL>"Level"</span>
                    <select name="level" class=INPUT data-testid="course-level">
                        {levels}
                    </select>
                </label>
                <label>
                    <span class=LABEL>"Length (hours)"</span>
                    <input name="hours" value=hours inputmode="numeric" class=INPUT />
                </label>
            </div>
            <button type="submit" class=format!("{BUTTON_LIGHT} mt-3") data-testid="save-course">
                "Save syllabus"
            </button>
        </ActionForm>
        {places}
        {included}
    }
}

/// A course: whether every live subscriber to the learning subscription opens it.
fn included_form(a: PanelActions, product_id: i64, included: bool) -> impl IntoView {
    view! {
        <ActionForm action=a.included>
            <input type="hidden" name="product_id" value=product_id.to_string() />
            <div class="mt-6 flex flex-wrap items-center gap-3">
                <label class="flex items-center gap-2 text-sm">
                    <input
                        type="checkbox"
                        name="included"
                        value="on"
                        checked=included
                        data-testid="included-in-subscription"
                    />
                    "Included in the learning subscription"
                </label>
                <button type="submit" class=BUTTON_LIGHT data-testid="save-included">
                    "Save"
                </button>
            </div>
            <p class="mt-1 text-sm text-stone-600">
                "Every subscriber opens an included course while their subscription is live."
            </p>
        </ActionForm>
    }
}

/// The plan's terms in words: "Billed each month, no free trial."
fn plan_summary(p: &AdminLearningPanel) -> String {
    match &p.current.plan {
        None => "This plan has no terms yet: save them to sell it.".to_string(),
        Some(plan) => {
            let price = plan
                .recurring()
                .unwrap_or_else(|| format!("Billed each {}", plan.period_word()));
            match plan.trial_text() {
                Some(trial) => format!("{trial}."),
                None => format!("{price}, no free trial."),
            }
        }
    }
}

/// A subscription plan: how often it bills and its free trial (its prices are its variants).
fn plan_form(a: PanelActions, p: AdminLearningPanel) -> impl IntoView {
    let summary = plan_summary(&p);
    let interval = p
        .current
        .plan
        .as_ref()
        .map_or_else(|| "MONTH".to_string(), |plan| plan.interval.clone());
    let trial_days = p
        .current
        .plan
        .as_ref()
        .map_or(0, |plan| plan.trial_days)
        .to_string();
    let intervals = [("MONTH", "Monthly"), ("YEAR", "Yearly")]
        .into_iter()
        .map(|(value, label)| {
            view! {
                <option value=value selected=interval == value>
                    {label}
                </option>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=a.plan>
            <input type="hidden" name="product_id" value=p.product_id.to_string() />
            <h3 class="mt-3 font-semibold">"Plan"</h3>
            <div class="mt-2 grid gap-4 sm:grid-cols-2">
                <label>
                    <span class=LABEL>"Billing interval"</span>
                    <select name="billing_interval" class=INPUT data-testid="plan-interval">
                        {intervals}
                    </select>
                </label>
                <label>
                    <span class=LABEL>"Free trial (days, 0–365)"</span>
                    <input
                        name="trial_days"
                        value=trial_days
                        inputmode="numeric"
                        class=INPUT
                        data-testid="plan-trial-days"
                    />
                </label>
            </div>
            <p class="mt-2 text-sm text-stone-600" data-testid="plan-summary">
                {summary}
            </p>
            <p class="text-xs text-stone-500">
                "A trial is free at checkout; its end is the first charge. A new trial applies to new subscribers."
            </p>
            <button type="submit" class=format!("{BUTTON_LIGHT} mt-3") data-testid="save-plan">
                "Save plan"
            </button>
        </ActionForm>
    }
}

/// "12 places left to sell" or "Unlimited places".
fn places_text(places_left: Option<i64>) -> String {
    match places_left {
        None => "Unlimited places.".to_string(),
        Some(1) => "1 place left to sell.".to_string(),
        Some(n) => format!("{n} places left to sell."),
    }
}

/// A course's (or cohort's) places: blank for unlimited.
fn capacity_form(
    a: PanelActions,
    variant_id: i64,
    capacity: Option<i64>,
    places_left: Option<i64>,
) -> impl IntoView {
    let capacity = capacity.map(|c| c.to_string()).unwrap_or_default();
    view! {
        <ActionForm action=a.capacity>
            <input type="hidden" name="variant_id" value=variant_id.to_string() />
            <div class="mt-6 flex flex-wrap items-end gap-2">
                <label>
                    <span class=LABEL>"Places (blank: unlimited)"</span>
                    <input
                        name="capacity"
                        value=capacity
                        inputmode="numeric"
                        class=format!("{CELL} w-32")
                        data-testid="course-capacity"
                    />
                </label>
                <button type="submit" class=BUTTON_LIGHT>
                    "Set places"
                </button>
            </div>
            <p class="mt-1 text-sm text-stone-600">{places_text(places_left)}</p>
        </ActionForm>
    }
}

/// The bundle's price against its courses' sum, once it has been priced.
fn bundle_summary(p: &AdminLearningPanel) -> Option<String> {
    let (list, savings) = (p.current.list_price?, p.current.savings?);
    let price = p.price.clone()?;
    Some(format!(
        "Price {price} instead of {list} bought separately: you save {savings}."
    ))
}

/// A course bundle: its courses (checkboxes) and discount (percent or amount).
fn bundle_form(a: PanelActions, p: AdminLearningPanel) -> impl IntoView {
    let summary = bundle_summary(&p);
    let percent = p.discount_amount.is_empty();
    let value = if percent {
        p.discount_percent.clone()
    } else {
        p.discount_amount.clone()
    };
    let AdminLearningPanel {
        product_id,
        currency,
        chosen,
        courses,
        ..
    } = p;
    let boxes = courses
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let checked = chosen.contains(&c.variant_id);
            view! {
                <label class="flex items-center gap-2 py-0.5 text-sm" data-testid="bundle-course">
                    <input
                        type="checkbox"
                        name=format!("course[{i}]")
                        value=c.variant_id.to_string()
                        checked=checked
                    />
                    {c.name}
                    <span class="text-stone-500">{c.price}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=a.bundle>
            <input type="hidden" name="product_id" value=product_id.to_string() />
            <p class="mt-3 text-sm font-medium">"Courses (at least 2)"</p>
            <div class="mt-1 max-h-72 overflow-y-auto">{boxes}</div>
            <fieldset class="mt-4 flex flex-wrap items-end gap-3">
                <legend class=LABEL>"Discount off the courses' sum"</legend>
                <label class="flex items-center gap-1 text-sm">
                    <input type="radio" name="discount_kind" value="percent" checked=percent />
                    "Percent off"
                </label>
                <label class="flex items-center gap-1 text-sm">
                    <input type="radio" name="discount_kind" value="amount" checked=!percent />
                    {format!("Amount off ({currency})")}
                </label>
                <input
                    name="discount_value"
                    value=value
                    inputmode="decimal"
                    class=format!("{CELL} w-32")
                    data-testid="bundle-discount"
                />
            </fieldset>
            <p class="mt-2 text-sm text-emerald-800" data-testid="bundle-price">
                {summary}
            </p>
            <button type="submit" class=format!("{BUTTON_LIGHT} mt-3") data-testid="save-bundle">
                "Save bundle"
            </button>
        </ActionForm>
    }
}

/// The `<option>`s of a course select, `selected` chosen.
fn course_options(courses: Vec<CourseChoice>, selected: Option<i64>) -> impl IntoView {
    view! {
        <option value="" selected=selected.is_none()>
            "Choose a course…"
        </option>
        {courses
            .into_iter()
            .map(|c| {
                view! {
                    <option value=c.variant_id.to_string() selected=selected == Some(c.variant_id)>
                        {format!("{} ({})", c.name, c.price)}
                    </option>
                }
            })
            .collect_view()}
    }
}

/// A team licence: per-seat price tiers and the course its seats open.
fn licence_form(a: PanelActions, p: AdminLearningPanel) -> impl IntoView {
    let mut rows: Vec<(String, String)> = p
        .tiers
        .iter()
        .map(|(from, unit)| (from.to_string(), unit.clone()))
        .collect();
    if rows.is_empty() {
        rows.push(("2".to_string(), String::new()));
    }
    let n = rows.len().max(TIER_ROWS);
    rows.resize(n, (String::new(), String::new()));
    let price = p
        .price
        .clone()
        .map(|price| format!("A seat now costs {price} from 2 seats."));
    let course = p.chosen.first().copied();
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, (from, unit))| {
            view! {
                <tr data-testid="tier-row">
                    <td class="py-1 pr-2">
                        <input
                            name=format!("from[{i}]")
                            value=from
                            inputmode="numeric"
                            class=CELL
                        />
                    </td>
                    <td class="py-1">
                        <input
                            name=format!("unit[{i}]")
                            value=unit
                            inputmode="decimal"
                            class=CELL
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=a.tiers>
            <input type="hidden" name="product_id" value=p.product_id.to_string() />
            <table class="mt-3 w-full max-w-md text-left text-sm">
                <thead class="text-stone-600">
                    <tr>
                        <th class="py-1">"From seats"</th>
                        <th>{format!("Price per seat ({})", p.currency)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="text-xs text-stone-500">
                "The first tier starts at 2 seats; a larger tier never costs more per seat."
            </p>
            <label class="mt-3 block max-w-md">
                <span class=LABEL>"Course the seats open"</span>
                <select name="course" class=INPUT data-testid="licence-course">
                    {course_options(p.courses, course)}
                </select>
            </label>
            <p class="mt-2 text-sm text-stone-600">{price}</p>
            <button type="submit" class=format!("{BUTTON_LIGHT} mt-3") data-testid="save-tiers">
                "Save tiers"
            </button>
        </ActionForm>
    }
}

/// A certification: prerequisite courses, its cohorts, and a form to add one.
fn certification_forms(a: PanelActions, p: AdminLearningPanel) -> impl IntoView {
    let chosen: Vec<i64> = p.current.prerequisites.iter().map(|c| c.id).collect();
    let mut seen = std::collections::HashSet::new();
    let boxes = p
        .courses
        .into_iter()
        .filter(|c| seen.insert(c.product_id))
        .enumerate()
        .map(|(i, c)| {
            view! {
                <label class="flex items-center gap-2 py-0.5 text-sm" data-testid="prerequisite">
                    <input
                        type="checkbox"
                        name=format!("prerequisite[{i}]")
                        value=c.product_id.to_string()
                        checked=chosen.contains(&c.product_id)
                    />
                    {c.name}
                </label>
            }
        })
        .collect_view();
    let id = p.product_id.to_string();
    let cohort_product = id.clone();
    view! {
        <ActionForm action=a.certification>
            <input type="hidden" name="product_id" value=id />
            <p class="mt-3 text-sm font-medium">"Prerequisites (owned or in the same cart)"</p>
            <div class="mt-1 max-h-72 overflow-y-auto">{boxes}</div>
            <button
                type="submit"
                class=format!("{BUTTON_LIGHT} mt-3")
                data-testid="save-prerequisites"
            >
                "Save prerequisites"
            </button>
        </ActionForm>
        {cohorts_table(a, p.current.cohorts)}
        {add_cohort_form(a, cohort_product)}
    }
}

/// The cohorts: exam date, places left (with a form to change them) and a remove button.
fn cohorts_table(a: PanelActions, cohorts: Vec<CohortView>) -> impl IntoView {
    let rows = cohorts
        .into_iter()
        .map(|c| {
            let vid = c.variant_id.to_string();
            let remove_vid = vid.clone();
            let left = c.places_left.map(i64::from);
            view! {
                <tr class="border-t border-stone-100 align-top" data-testid="admin-cohort">
                    <td class="py-2">{c.starts_on.clone()}</td>
                    <td class="py-2">{places_text(left)}</td>
                    <td class="py-1">
                        <ActionForm action=a.capacity>
                            <input type="hidden" name="variant_id" value=vid />
                            <div class="flex gap-1">
                                <input
                                    name="capacity"
                                    placeholder="Places"
                                    inputmode="numeric"
                                    class=format!("{CELL} w-24")
                                />
                                <button type="submit" class=BUTTON_LIGHT>
                                    "Set"
                                </button>
                            </div>
                        </ActionForm>
                    </td>
                    <td class="py-1">
                        <ActionForm action=a.remove_cohort>
                            <input type="hidden" name="variant_id" value=remove_vid />
                            <button type="submit" class="text-sm text-red-700 underline">
                                "Remove"
                            </button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h3 class="mt-8 font-semibold">"Cohorts"</h3>
        <table class="mt-2 w-full text-left text-sm" data-testid="admin-cohorts">
            <thead class="text-stone-600">
                <tr>
                    <th class="py-1">"Exam date"</th>
                    <th>"Places left"</th>
                    <th>"Places on hand"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// "Add cohort": its exam date and places; the price is the other cohorts'.
fn add_cohort_form(a: PanelActions, product_id: String) -> impl IntoView {
    view! {
        <ActionForm action=a.add_cohort>
            <input type="hidden" name="product_id" value=product_id />
            <div class="mt-4 flex flex-wrap items-end gap-2">
                <label>
                    <span class=LABEL>"Exam date"</span>
                    <input
                        type="date"
                        name="starts_on"
                        required
                        class=format!("{CELL} w-44")
                        data-testid="cohort-date"
                    />
                </label>
                <label>
                    <span class=LABEL>"Places"</span>
                    <input
                        name="capacity"
                        required
                        inputmode="numeric"
                        class=format!("{CELL} w-24")
                        data-testid="cohort-capacity"
                    />
                </label>
                <button type="submit" class=BUTTON_LIGHT data-testid="add-cohort">
                    "Add cohort"
                </button>
            </div>
        </ActionForm>
    }
}
