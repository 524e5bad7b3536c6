//! `/checkout?step=…`: the five-step wizard (contact, address, shipping, payment, review).
//!
//! Every step is a plain form posting to its server function, which redirects to the next
//! step's address (or back here with the error as a flash message). A step whose prerequisites are missing redirects to the first one that
//! is. The browser's back button works because every step has its own URL.

mod forms;
mod summary;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

pub use summary::SummaryTable;

use crate::components::{BUTTON, RequestError};
use crate::server_fns::checkout::get_checkout;
use forms::{AddressStep, ContactStep, CouponBox, PaymentStep, ReviewStep, ShippingStep};
use shared::checkout::{CheckoutView, Step};
use shared::errors::AppError;

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let query = use_query_map();
    let step = Memo::new(move |_| query.with(|q| q.get("step").and_then(|s| Step::from_slug(&s))));
    let checkout = Resource::new(
        move || step.get(),
        |s| get_checkout(s.map(|s| s.slug().to_string())),
    );
    view! {
        <Title text="Checkout" />
        <div class="mx-auto max-w-6xl px-4 py-10 sm:px-6" data-testid="checkout-page">
            <h1 class="font-serif text-3xl font-semibold">"Checkout"</h1>
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match checkout.await {
                        Ok(c) => {
                            let asked = step.get_untracked();
                            match asked {
                                Some(s) if !c.can_enter(s) => {
                                    view! { <Redirect path=c.next_step.href() /> }.into_any()
                                }
                                _ => {
                                    let current = asked.unwrap_or(c.next_step);
                                    view! { <Wizard view=c current /> }.into_any()
                                }
                            }
                        }
                        Err(AppError::Invalid { field, message }) if field == "cart" => {
                            view! {
                                <div class="mt-8 rounded-2xl border border-dashed border-stone-300 p-10 text-center">
                                    <p class="text-lg" data-testid="checkout-empty">
                                        {message}
                                    </p>
                                    <a href="/products" class=format!("mt-4 inline-block {BUTTON}")>
                                        "Browse products"
                                    </a>
                                </div>
                            }
                                .into_any()
                        }
                        Err(
                            AppError::Unauthorized(m)
                            | AppError::Refused { message: m, link: Some(_), .. },
                        ) => {
                            view! {
                                <p class="mt-6" data-testid="checkout-sign-in">
                                    {m}
                                    " "
                                    <a href="/account/login?next=/checkout" class="underline">
                                        "Sign in"
                                    </a>
                                </p>
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
fn Wizard(view: CheckoutView, current: Step) -> impl IntoView {
    let steps: Vec<Step> = Step::ALL
        .into_iter()
        .filter(|s| *s != Step::Shipping || view.needs_shipping)
        .collect();
    let nav = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = format!("{}. {}", i + 1, s.title());
            let class = if *s == current {
                "font-semibold text-stone-900 underline underline-offset-4"
            } else if view.can_enter(*s) {
                "text-violet-700 hover:underline"
            } else {
                "text-stone-500"
            };
            let body = if view.can_enter(*s) && *s != current {
                view! {
                    <a href=s.href() class=class>
                        {label}
                    </a>
                }
                .into_any()
            } else {
                view! {
                    <span class=class aria-current=(*s == current).then_some("step")>
                        {label}
                    </span>
                }
                .into_any()
            };
            view! { <li data-testid=format!("step-{}", s.slug())>{body}</li> }
        })
        .collect_view();
    let summary = view.summary.clone();
    let coupon = (view.coupon_code.clone(), view.coupon_problem.clone());
    let step_view = match current {
        Step::Contact => view! { <ContactStep view=view.clone() /> }.into_any(),
        Step::Address => view! { <AddressStep view=view.clone() /> }.into_any(),
        Step::Shipping => view! { <ShippingStep view=view.clone() /> }.into_any(),
        Step::Payment => view! { <PaymentStep view=view.clone() /> }.into_any(),
        Step::Review => view! { <ReviewStep view=view.clone() /> }.into_any(),
    };
    view! {
        <ol class="mt-6 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="checkout-steps">
            {nav}
        </ol>
        <div class="mt-8 grid gap-10 lg:grid-cols-3">
            <section class="lg:col-span-2" data-testid=format!("checkout-step-{}", current.slug())>
                <h2 class="text-xl font-semibold">{current.title()}</h2>
                {step_view}
            </section>
            <aside
                class="h-fit rounded-2xl bg-white p-6 shadow-sm ring-1 ring-stone-200"
                data-testid="checkout-summary"
            >
                <h2 class="mb-4 text-lg font-semibold">"Order summary"</h2>
                <SummaryTable summary />
                <CouponBox code=coupon.0 problem=coupon.1 />
            </aside>
        </div>
    }
}
