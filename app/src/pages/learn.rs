//! `/learn/{slug}`: a course for an enrolled learner (syllabus, progress, "mark done" forms
//! that work without JavaScript), or a 403 page with a way to buy it or sign in.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::{BUTTON, BUTTON_LIGHT};
use crate::pages::PageError;
use crate::server_fns::learning::{MarkModule, get_course};
use shared::learning::{CourseAccess, CoursePage, ModuleView};

#[component]
pub fn LearnPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let course = Resource::new(move || slug.get(), get_course);
    view! {
        <Transition fallback=|| {
            view! { <p class="mx-auto max-w-3xl px-4 py-10 text-stone-500">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match course.await {
                    Ok(CourseAccess::Open(page)) => view! { <OpenCourse page /> }.into_any(),
                    Ok(CourseAccess::Locked { name, product_slug, signed_in }) => {
                        view! { <LockedCourse name product_slug signed_in /> }.into_any()
                    }
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Modules done out of the syllabus, as a bar and in words.
#[component]
pub fn ProgressBar(done: u32, total: u32) -> impl IntoView {
    let done = done.min(total);
    let percent = if total == 0 {
        0
    } else {
        u64::from(done) * 100 / u64::from(total)
    };
    view! {
        <div class="mt-2">
            <div
                class="h-2 w-full overflow-hidden rounded-full bg-stone-200"
                role="progressbar"
                aria-label="Course progress"
                aria-valuemin="0"
                aria-valuemax=total.to_string()
                aria-valuenow=done.to_string()
            >
                <div
                    class="h-2 rounded-full bg-violet-600"
                    style=format!("width: {percent}%")
                ></div>
            </div>
            <p class="mt-1 text-xs text-stone-500" data-testid="progress">
                {format!("{done}/{total} modules done · {percent}%")}
            </p>
        </div>
    }
}

/// The course for someone with access.
#[component]
fn OpenCourse(page: CoursePage) -> impl IntoView {
    let total = u32::try_from(page.modules.len()).unwrap_or(u32::MAX);
    view! {
        <Title text=page.name.clone() />
        <div class="mx-auto max-w-3xl px-4 py-10 sm:px-6" data-testid="course-page">
            <a href="/account/learning" class="text-sm text-stone-500 hover:text-violet-700">
                "← My learning"
            </a>
            <h1 class="mt-2 font-serif text-3xl font-semibold" data-testid="course-title">
                {page.name}
            </h1>
            <p class="mt-4 text-stone-700" data-testid="course-description">
                {page.description}
            </p>
            <div class="mt-6">
                <ProgressBar done=page.modules_done total />
            </div>
            <Syllabus slug=page.slug modules=page.modules />
        </div>
    }
}

/// The modules in order, each with its "mark done" form.
#[component]
fn Syllabus(slug: String, modules: Vec<ModuleView>) -> impl IntoView {
    let action = ServerAction::<MarkModule>::new();
    if modules.is_empty() {
        return view! {
            <p class="mt-8 text-stone-600" data-testid="syllabus-empty">
                "The modules of this course are on their way. Check back soon."
            </p>
        }
        .into_any();
    }
    view! {
        <h2 class="mt-10 font-serif text-xl font-semibold">"Syllabus"</h2>
        <ol class="mt-4 list-decimal space-y-2 pl-6" data-testid="syllabus">
            {modules
                .into_iter()
                .map(|module| view! { <ModuleItem slug=slug.clone() module action /> })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// One module: its title, whether it is done, and a form to flip that (a plain POST that
/// comes back here with a message).
#[component]
fn ModuleItem(slug: String, module: ModuleView, action: ServerAction<MarkModule>) -> impl IntoView {
    let (next, label) = if module.done {
        ("false", "Mark not done")
    } else {
        ("true", "Mark done")
    };
    let title_class = if module.done {
        "text-stone-500 line-through"
    } else {
        "text-stone-900"
    };
    view! {
        <li data-testid="module" data-done=module.done.to_string()>
            <div class="flex items-center justify-between gap-4 rounded-xl border border-stone-200 bg-white px-4 py-3">
                <span class=title_class>
                    {module.title}
                    {module.done.then(|| view! { <span class="sr-only">" (done)"</span> })}
                </span>
                <ActionForm action>
                    <input type="hidden" name="slug" value=slug />
                    <input type="hidden" name="module" value=module.index.to_string() />
                    <input type="hidden" name="done" value=next />
                    <button type="submit" class=BUTTON_LIGHT data-testid="mark-module">
                        {label}
                    </button>
                </ActionForm>
            </div>
        </li>
    }
}

/// Not signed in, or not enrolled: a 403 page with a link to buy the course (and to sign in).
#[component]
fn LockedCourse(name: String, product_slug: String, signed_in: bool) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    let why = if signed_in {
        format!("Your account isn't enrolled in “{name}”. Buy it to open its modules.")
    } else {
        format!("Sign in if you bought “{name}”, or buy it to open its modules.")
    };
    let sign_in = (!signed_in).then(|| {
        let href = format!("/account/login?next=/learn/{product_slug}");
        view! {
            <a href=href class=BUTTON_LIGHT data-testid="sign-in">
                "Sign in"
            </a>
        }
    });
    view! {
        <Title text=name />
        <section
            class="mx-auto flex max-w-2xl flex-col items-center px-4 py-24 text-center"
            data-testid="course-locked"
        >
            <p class="text-sm font-semibold uppercase tracking-widest text-violet-700">"403"</p>
            <h1 class="mt-2 font-serif text-4xl font-semibold">
                "This course is for enrolled learners"
            </h1>
            <p class="mt-4 text-stone-600">{why}</p>
            <div class="mt-8 flex items-center gap-3">
                <a href=format!("/p/{product_slug}") class=BUTTON data-testid="buy-course">
                    "Buy this course"
                </a>
                {sign_in}
            </div>
        </section>
    }
}
