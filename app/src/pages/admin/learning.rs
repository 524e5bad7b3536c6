//! `/admin/learning`: "New learning product" (a course bundle, team licence or certification,
//! created as a draft and finished in the product editor's Learning panel); certification
//! registrations, with "Mark passed" / "Mark failed" forms for scheduled ones (plain posts, no
//! JavaScript needed), and course enrolments; both filtered by one product with `?product=`.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{AdminNav, RequireStaff};
use crate::components::{ActionMessage, BUTTON, INPUT, LABEL, RequestError, message_text};
use crate::server_fns::admin::learning_products::AdminCreateLearningProduct;
use crate::server_fns::admin::products::admin_product_editor;
use crate::server_fns::learning::{
    AdminMarkCertification, admin_customer_learning, admin_get_learning,
};
use shared::admin::{Choice, ProductEditor};
use shared::learning::{
    AdminLearning, EnrolmentRow, LearningProductOption, MyLearning, RegistrationRow,
};

#[component]
pub fn AdminLearningPage() -> impl IntoView {
    provide_context(ServerAction::<AdminMarkCertification>::new());
    provide_context(ServerAction::<AdminCreateLearningProduct>::new());
    view! {
        <Title text="Learning · Back office" />
        <RequireStaff page=|_| view! { <LearningAdmin /> }.into_any() />
    }
}

#[component]
fn LearningAdmin() -> impl IntoView {
    let mark: ServerAction<AdminMarkCertification> = expect_context();
    let query = use_query_map();
    let product =
        Memo::new(move |_| query.with(|q| q.get("product").filter(|v| !v.trim().is_empty())));
    let page = Resource::new(
        move || (product.get(), mark.version().get()),
        |(product, _)| admin_get_learning(product),
    );
    view! {
        <div class="mx-auto max-w-6xl px-4 py-8 sm:px-6" data-testid="admin-learning">
            <AdminNav current="/admin/learning" />
            <h1 class="mt-6 font-serif text-3xl font-semibold">"Learning"</h1>
            <ActionMessage action=mark success=message_text testid="admin-message" />
            <NewLearningProduct />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <LearningBody p /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn LearningBody(p: AdminLearning) -> impl IntoView {
    let AdminLearning {
        product_id,
        certifications,
        courses,
        registrations,
        enrolments,
    } = p;
    view! {
        <ProductFilter product_id certifications courses />
        <h2 class="mt-8 font-serif text-xl font-semibold">"Certification registrations"</h2>
        <RegistrationsTable rows=registrations />
        <h2 class="mt-10 font-serif text-xl font-semibold">"Enrolments"</h2>
        <EnrolmentsTable rows=enrolments />
    }
}

/// "New learning product": a course bundle, team licence or certification, with its price
/// and (a certification) its first cohort; created as a draft, then finished in its editor.
#[component]
fn NewLearningProduct() -> impl IntoView {
    let create: ServerAction<AdminCreateLearningProduct> = expect_context();
    let editor = Resource::new(|| (), |_| admin_product_editor(None));
    view! {
        <section
            class="mt-6 rounded-lg border border-stone-200 p-4"
            data-testid="new-learning-product"
        >
            <h2 class="font-serif text-xl font-semibold">"New learning product"</h2>
            <p class="mt-1 text-sm text-stone-600">
                "Courses are created with “New product” on the Products page (type COURSE). "
                "A bundle, team licence or certification starts here as a draft; set its courses, "
                "seat tiers or prerequisites in its Learning panel, then make it active."
            </p>
            <ActionMessage action=create success=|s| s.message.clone() testid="admin-message" />
            <Transition fallback=|| {
                view! { <p class="mt-2 text-sm text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match editor.await {
                        Ok(e) => new_product_form(create, e).into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The form: type, name, address, category, price, and a certification's first cohort.
fn new_product_form(
    create: ServerAction<AdminCreateLearningProduct>,
    e: ProductEditor,
) -> impl IntoView {
    let kinds = [
        ("COURSE_BUNDLE", "Course bundle"),
        ("TEAM_LICENCE", "Team licence"),
        ("CERTIFICATION", "Certification"),
    ];
    let categories = e
        .categories
        .into_iter()
        .map(|c: Choice| view! { <option value=c.slug>{c.name}</option> })
        .collect_view();
    view! {
        <ActionForm action=create>
            <div class="mt-3 grid gap-4 sm:grid-cols-3">
                <label>
                    <span class=LABEL>"Type"</span>
                    <select name="kind" class=INPUT data-testid="new-learning-kind">
                        {kinds
                            .into_iter()
                            .map(|(value, label)| view! { <option value=value>{label}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <span class=LABEL>"Name"</span>
                    <input name="name" required class=INPUT data-testid="new-learning-name" />
                </label>
                <label>
                    <span class=LABEL>"Address (slug; blank: from the name)"</span>
                    <input name="slug" class=INPUT />
                </label>
                <label>
                    <span class=LABEL>"Category"</span>
                    <select name="category" class=INPUT>
                        <option value="">"None"</option>
                        {categories}
                    </select>
                </label>
                <label>
                    <span class=LABEL>
                        {format!("Price ({}): per seat, or the exam fee", e.default_currency)}
                    </span>
                    <input
                        name="price"
                        inputmode="decimal"
                        class=INPUT
                        placeholder="Blank for a bundle"
                    />
                </label>
            </div>
            <fieldset class="mt-4 grid gap-4 sm:grid-cols-3">
                <legend class="text-sm font-medium text-stone-700">
                    "A certification's first cohort"
                </legend>
                <label>
                    <span class=LABEL>"Exam date"</span>
                    <input type="date" name="starts_on" class=INPUT />
                </label>
                <label>
                    <span class=LABEL>"Places"</span>
                    <input name="capacity" inputmode="numeric" class=INPUT />
                </label>
            </fieldset>
            <button
                type="submit"
                class=format!("{BUTTON} mt-4")
                data-testid="create-learning-product"
            >
                "Create draft"
            </button>
        </ActionForm>
    }
}

/// Pick a certification or a course (a plain GET form).
#[component]
fn ProductFilter(
    product_id: Option<i64>,
    certifications: Vec<LearningProductOption>,
    courses: Vec<LearningProductOption>,
) -> impl IntoView {
    let options = move |list: Vec<LearningProductOption>| {
        list.into_iter()
            .map(|o| {
                view! {
                    <option value=o.id.to_string() selected=product_id == Some(o.id)>
                        {o.name}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <form method="get" action="/admin/learning" class="mt-4 flex flex-wrap items-end gap-3">
            <label>
                <span class=LABEL>"Product"</span>
                <select name="product" class=INPUT data-testid="learning-product">
                    <option value="" selected=product_id.is_none()>
                        "All certifications and courses"
                    </option>
                    <optgroup label="Certifications">{options(certifications)}</optgroup>
                    <optgroup label="Courses">{options(courses)}</optgroup>
                </select>
            </label>
            <button type="submit" class=BUTTON>
                "Show"
            </button>
        </form>
    }
}

/// A registration's status badge.
fn registration_class(status: &str) -> &'static str {
    match status {
        "PASSED" => "rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800",
        "FAILED" => "rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800",
        "REVOKED" => "rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800",
        _ => "rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800",
    }
}

#[component]
fn RegistrationsTable(rows: Vec<RegistrationRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="mt-2 text-sm text-stone-500" data-testid="registrations-empty">
                "No registrations."
            </p>
        }
        .into_any();
    }
    view! {
        <table class="mt-2 w-full text-left text-sm" data-testid="registrations">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Holder"</th>
                    <th>"Certification"</th>
                    <th>"Exam date"</th>
                    <th>"Order"</th>
                    <th>"Status"</th>
                    <th>"Certificate"</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <RegistrationLine r /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn RegistrationLine(r: RegistrationRow) -> impl IntoView {
    let scheduled = r.status == "SCHEDULED";
    let id = r.id.to_string();
    let certificate = r.certificate_code.clone().map(|code| {
        let href = format!("/certificates/{code}");
        view! {
            <a href=href class="font-mono text-xs hover:underline">
                {code}
            </a>
        }
    });
    view! {
        <tr class="border-b border-stone-100 align-top" data-testid="registration-row">
            <td class="py-2">{r.email.clone()}</td>
            <td>{r.certification.clone()}</td>
            <td>{r.cohort_date.clone().unwrap_or_else(|| "–".into())}</td>
            <td>
                <a href=format!("/admin/orders/{}", r.order_number) class="hover:underline">
                    {r.order_number.clone()}
                </a>
            </td>
            <td>
                <span class=registration_class(&r.status)>{r.status.clone()}</span>
            </td>
            <td>{certificate}</td>
            <td class="py-1">{scheduled.then(|| view! { <MarkButtons id /> })}</td>
        </tr>
    }
}

/// "Mark passed" and "Mark failed": two small POST forms.
#[component]
fn MarkButtons(id: String) -> impl IntoView {
    let mark: ServerAction<AdminMarkCertification> = expect_context();
    let button = |action: &'static str, label: &'static str, class: &'static str| {
        let id = id.clone();
        view! {
            <ActionForm action=mark>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="action" value=action />
                <button type="submit" class=class data-testid=format!("mark-{action}")>
                    {label}
                </button>
            </ActionForm>
        }
    };
    view! {
        <div class="flex gap-2">
            {button(
                "pass",
                "Mark passed",
                "rounded-full bg-emerald-700 px-3 py-1 text-xs font-semibold text-white hover:bg-emerald-800",
            )}
            {button(
                "fail",
                "Mark failed",
                "rounded-full border border-stone-300 px-3 py-1 text-xs font-medium hover:border-stone-900",
            )}
        </div>
    }
}

#[component]
fn EnrolmentsTable(rows: Vec<EnrolmentRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! {
            <p class="mt-2 text-sm text-stone-500" data-testid="enrolments-empty">
                "No enrolments."
            </p>
        }
        .into_any();
    }
    view! {
        <table class="mt-2 w-full text-left text-sm" data-testid="enrolments">
            <thead class="border-b border-stone-200 text-stone-600">
                <tr>
                    <th class="py-2">"Course"</th>
                    <th>"Learner"</th>
                    <th>"Source"</th>
                    <th>"Status"</th>
                    <th>"Granted"</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|e| {
                        view! {
                            <tr class="border-b border-stone-100" data-testid="enrolment-row">
                                <td class="py-2">{e.course}</td>
                                <td>{e.email}</td>
                                <td>{e.source}</td>
                                <td>{e.status}</td>
                                <td class="text-stone-600">{e.granted_on}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The back office's customer page: the customer's courses, certifications and team licences
/// (what `/account/learning` shows them).
#[component]
pub(super) fn CustomerLearning(user_id: i64) -> impl IntoView {
    let learning = Resource::new(move || user_id.to_string(), admin_customer_learning);
    view! {
        <section class="mt-8" data-testid="customer-learning">
            <h2 class="font-semibold">"Learning"</h2>
            <Transition fallback=|| {
                view! { <p class="mt-2 text-sm text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match learning.await {
                        Ok(l) => view! { <CustomerLearningLists l /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn CustomerLearningLists(l: MyLearning) -> impl IntoView {
    if l.courses.is_empty() && l.certifications.is_empty() && l.licences.is_empty() {
        return view! { <p class="mt-2 text-sm text-stone-500">"No courses, certifications or team licences."</p> }
            .into_any();
    }
    let courses = l
        .courses
        .into_iter()
        .map(|c| {
            view! {
                <li class="py-1" data-testid="customer-course">
                    <span class="font-medium">{c.name}</span>
                    <span class="text-stone-500">
                        {format!(
                            " · {} · {}/{} modules done",
                            c.source,
                            c.modules_done,
                            c.modules_total,
                        )}
                    </span>
                </li>
            }
        })
        .collect_view();
    let certifications = l
        .certifications
        .into_iter()
        .map(|c| {
            let date = c.cohort_date.unwrap_or_else(|| "no date".into());
            let link = c.certificate_code.map(|code| {
                let href = format!("/certificates/{code}");
                view! {
                    " · "
                    <a href=href class="font-mono text-xs hover:underline">
                        {code}
                    </a>
                }
            });
            view! {
                <li class="py-1" data-testid="customer-certification">
                    <span class="font-medium">{c.name}</span>
                    <span class="text-stone-500">{format!(" · exam {date} · ")}</span>
                    <span class=registration_class(&c.status)>{c.status.clone()}</span>
                    {link}
                </li>
            }
        })
        .collect_view();
    let licences = l
        .licences
        .into_iter()
        .map(|x| {
            view! {
                <li class="py-1" data-testid="customer-licence">
                    <span class="font-medium">{x.product_name}</span>
                    <span class="text-stone-500">
                        {format!(" · {}/{} seats used · {}", x.seats_used, x.seats, x.status)}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="mt-2 divide-y divide-stone-100 text-sm">{courses}{certifications}{licences}</ul>
    }
    .into_any()
}
