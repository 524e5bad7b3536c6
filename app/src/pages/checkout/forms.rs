//! The step forms. Each posts to its server function; see the module docs of `checkout`.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::{BUTTON, BUTTON_LIGHT, INPUT, LABEL, TestCardFields};
use crate::server_fns::checkout::{
    ApplyCoupon, PlaceOrder, RemoveCoupon, SetAddress, SetContact, SetPayment, SetShipping,
};
use shared::account::Address;
use shared::checkout::{CheckoutView, GatewayInfo, Step};
use shared::errors::AppError;

/// The last error of `action`, beside its form.
#[component]
fn StepError<I>(action: ServerAction<I>) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = String, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    move || {
        action.value().get().and_then(Result::err).map(|e| {
            view! {
                <p
                    role="alert"
                    data-testid="step-error"
                    class="mt-4 text-sm font-medium text-red-700"
                >
                    {e.to_string()}
                </p>
            }
        })
    }
}

fn pending_label<I>(action: ServerAction<I>, idle: &'static str) -> impl Fn() -> &'static str
where
    I: leptos::server_fn::ServerFn + Clone + Send + Sync + 'static,
    I::Output: Clone + Send + Sync + 'static,
    I::Error: Clone + Send + Sync + 'static,
{
    move || {
        if action.pending().get() {
            "Please wait…"
        } else {
            idle
        }
    }
}

#[component]
pub fn ContactStep(view: CheckoutView) -> impl IntoView {
    let action = ServerAction::<SetContact>::new();
    if view.signed_in {
        let email = view.email.clone().unwrap_or_default();
        return view! {
            <p class="mt-4 text-stone-700" data-testid="contact-signed-in">
                "Signed in as "
                <strong>{email}</strong>
                "."
            </p>
            <a href=Step::Address.href() class=format!("mt-6 inline-block {BUTTON}")>
                "Continue to address"
            </a>
        }
        .into_any();
    }
    view! {
        <p class="mt-2 text-sm text-stone-600">
            "Check out as a guest, or "
            <a href="/account/login?next=/checkout" class="text-violet-700 underline">
                "sign in"
            </a> " to use your address book."
        </p>
        <ActionForm action attr:class="mt-6 max-w-md space-y-4" attr:data-testid="contact-form">
            <label class=LABEL>
                "Email for your receipt"
                <input
                    class=INPUT
                    type="email"
                    name="email"
                    required
                    autocomplete="email"
                    value=view.email.clone().unwrap_or_default()
                    data-testid="checkout-email"
                />
            </label>
            <button type="submit" class=BUTTON data-testid="contact-continue">
                {pending_label(action, "Continue to address")}
            </button>
        </ActionForm>
        <StepError action />
    }
    .into_any()
}

fn field(
    label: &'static str,
    name: &'static str,
    value: String,
    required: bool,
    auto: &'static str,
) -> impl IntoView {
    view! {
        <label class=LABEL>
            {label}
            <input
                class=INPUT
                type="text"
                name=name
                value=value
                required=required
                autocomplete=auto
                data-testid=format!("address-{name}")
            />
        </label>
    }
}

#[component]
pub fn AddressStep(view: CheckoutView) -> impl IntoView {
    if !view.needs_shipping {
        return view! { <BillingOnlyStep view /> }.into_any();
    }
    let action = ServerAction::<SetAddress>::new();
    let a: Address = view.shipping_address.clone().unwrap_or_else(|| Address {
        country: "US".into(),
        ..Address::default()
    });
    let b: Address = view.billing_address.clone().unwrap_or_default();
    let saved = view.saved_addresses.clone();
    let has_saved = !saved.is_empty();
    let billing_same = view.billing_same_as_shipping;
    view! {
        <ActionForm action attr:class="mt-6 space-y-6" attr:data-testid="address-form">
            {has_saved.then(|| saved_address_choices(&saved))}
            {shipping_address_fields(&a, !has_saved)}
            {billing_same_choice(billing_same)}
            {billing_address_fields(&b, billing_same)}
            <button type="submit" class=BUTTON data-testid="address-continue">
                {pending_label(action, "Continue")}
            </button>
        </ActionForm>
        <StepError action />
    }
    .into_any()
}

/// Nothing in the cart ships (courses, licences, downloads): the billing address alone.
#[component]
fn BillingOnlyStep(view: CheckoutView) -> impl IntoView {
    let action = ServerAction::<SetAddress>::new();
    let b: Address = view
        .billing_address
        .clone()
        .or(view.shipping_address.clone())
        .unwrap_or_else(|| Address {
            country: "US".into(),
            ..Address::default()
        });
    view! {
        <ActionForm action attr:class="mt-6 space-y-6" attr:data-testid="address-form">
            <div>
                <h2 class="text-base font-semibold" data-testid="billing-only">
                    "Billing address"
                </h2>
                <p class="mt-1 text-sm text-stone-600">
                    "Nothing in your cart needs shipping, so we only need your billing address."
                </p>
            </div>
            <input type="hidden" name="billing_same" value="true" />
            {shipping_address_fields(&b, true)}
            <button type="submit" class=BUTTON data-testid="address-continue">
                {pending_label(action, "Continue")}
            </button>
        </ActionForm>
        <StepError action />
    }
}

/// Radios for the shopper's saved addresses, or "a new address".
fn saved_address_choices(saved: &[Address]) -> impl IntoView + use<> {
    view! {
        <fieldset class="space-y-2">
            <legend class=LABEL>"Ship to a saved address"</legend>
            {saved
                .iter()
                .map(|s| {
                    view! {
                        <label class="flex items-center gap-2 text-sm">
                            <input
                                type="radio"
                                name="saved_address"
                                value=s.id.to_string()
                                checked=s.is_default_shipping
                            />
                            {s.one_line()}
                        </label>
                    }
                })
                .collect_view()}
            <label class="flex items-center gap-2 text-sm">
                <input type="radio" name="saved_address" value="new" />
                "A new address (below)"
            </label>
        </fieldset>
    }
}

/// The shipping address inputs; the main ones are `required` unless a saved address can be
/// chosen instead.
fn shipping_address_fields(a: &Address, required: bool) -> impl IntoView + use<> {
    view! {
        <div class="grid gap-4 sm:grid-cols-2">
            {field("Full name", "recipient_name", a.recipient_name.clone(), required, "name")}
            {field(
                "Company (optional)",
                "company",
                a.company.clone().unwrap_or_default(),
                false,
                "organization",
            )} {field("Street address", "line1", a.line1.clone(), required, "address-line1")}
            {field(
                "Apartment, suite (optional)",
                "line2",
                a.line2.clone().unwrap_or_default(),
                false,
                "address-line2",
            )} {field("City", "city", a.city.clone(), required, "address-level2")}
            {field(
                "State / region",
                "region",
                a.region.clone().unwrap_or_default(),
                false,
                "address-level1",
            )} {field("Postal code", "postal_code", a.postal_code.clone(), required, "postal-code")}
            {field(
                "Country (two letters, e.g. US)",
                "country",
                a.country.clone(),
                required,
                "country",
            )}
            {field("Phone (optional)", "phone", a.phone.clone().unwrap_or_default(), false, "tel")}
        </div>
    }
}

/// "Same as shipping" or "a different billing address".
fn billing_same_choice(billing_same: bool) -> impl IntoView {
    view! {
        <fieldset class="space-y-1 text-sm">
            <legend class=LABEL>"Billing address"</legend>
            <label class="flex items-center gap-2">
                <input
                    type="radio"
                    name="billing_same"
                    value="on"
                    checked=billing_same
                    data-testid="billing-same"
                />
                "Same as shipping"
            </label>
            <label class="flex items-center gap-2">
                <input
                    type="radio"
                    name="billing_same"
                    value="off"
                    checked=!billing_same
                    data-testid="billing-different"
                />
                "A different billing address (below)"
            </label>
        </fieldset>
    }
}

/// The billing address inputs, folded while billing is the same as shipping.
fn billing_address_fields(b: &Address, billing_same: bool) -> impl IntoView + use<> {
    view! {
        <details class="rounded-lg border border-stone-200 p-4" open=!billing_same>
            <summary class="cursor-pointer text-sm font-medium">
                "A different billing address"
            </summary>
            <div class="mt-4 grid gap-4 sm:grid-cols-2">
                {field(
                    "Full name",
                    "billing_recipient_name",
                    b.recipient_name.clone(),
                    false,
                    "billing name",
                )}
                {field(
                    "Street address",
                    "billing_line1",
                    b.line1.clone(),
                    false,
                    "billing address-line1",
                )}
                {field(
                    "Apartment, suite",
                    "billing_line2",
                    b.line2.clone().unwrap_or_default(),
                    false,
                    "billing address-line2",
                )} {field("City", "billing_city", b.city.clone(), false, "billing address-level2")}
                {field(
                    "State / region",
                    "billing_region",
                    b.region.clone().unwrap_or_default(),
                    false,
                    "billing address-level1",
                )}
                {field(
                    "Postal code",
                    "billing_postal_code",
                    b.postal_code.clone(),
                    false,
                    "billing postal-code",
                )}
                {field("Country", "billing_country", b.country.clone(), false, "billing country")}
            </div>
        </details>
    }
}

#[component]
pub fn ShippingStep(view: CheckoutView) -> impl IntoView {
    let action = ServerAction::<SetShipping>::new();
    if view.shipping_options.is_empty() {
        return view! {
            <p class="mt-4 text-stone-700" data-testid="no-shipping">
                "We don't ship to that address yet. "
                <a href=Step::Address.href() class="underline">
                    "Use another address"
                </a>
            </p>
        }
        .into_any();
    }
    let chosen = view
        .shipping_method
        .clone()
        .or_else(|| view.shipping_options.first().map(|o| o.code.clone()));
    view! {
        <ActionForm action attr:class="mt-6 space-y-3" attr:data-testid="shipping-form">
            {view
                .shipping_options
                .iter()
                .map(|o| {
                    let price = if o.price.is_zero() {
                        "Free".to_string()
                    } else {
                        o.price.to_string()
                    };
                    let days = match (o.min_days, o.max_days) {
                        (Some(a), Some(b)) => format!("{a}–{b} business days"),
                        _ => String::new(),
                    };
                    view! {
                        <label class="flex items-start gap-3 rounded-xl border border-stone-200 p-4 hover:border-stone-400">
                            <input
                                type="radio"
                                name="method"
                                value=o.code.clone()
                                checked=chosen.as_deref() == Some(o.code.as_str())
                                data-testid=format!("shipping-{}", o.code)
                            />
                            <span class="flex-1">
                                <span class="flex justify-between font-medium">
                                    <span>{o.name.clone()}</span>
                                    <span>{price}</span>
                                </span>
                                <span class="block text-sm text-stone-500">
                                    {o.description.clone()}
                                </span>
                                <span class="block text-sm text-stone-500">{days}</span>
                            </span>
                        </label>
                    }
                })
                .collect_view()}
            <button type="submit" class=BUTTON data-testid="shipping-continue">
                {pending_label(action, "Continue to payment")}
            </button>
        </ActionForm>
        <StepError action />
    }
    .into_any()
}

#[component]
pub fn PaymentStep(view: CheckoutView) -> impl IntoView {
    let action = ServerAction::<SetPayment>::new();
    let held = view.reserved_until.clone().map(|t| {
        view! {
            <p class="mt-2 text-sm text-stone-600" data-testid="reserved-until" data-until=t>
                "Your items are held for you for the next few minutes while you pay."
            </p>
        }
    });
    let problem = view.last_error.clone().map(|e| {
        view! {
            <p
                role="alert"
                class="mt-4 rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800"
                data-testid="payment-problem"
            >
                {e}
            </p>
        }
    });
    let form = match view.gateway.clone() {
        GatewayInfo::Test => view! {
            <ActionForm action attr:class="mt-6 max-w-md space-y-4" attr:data-testid="payment-form">
                <TestCardFields />
                <button type="submit" class=BUTTON data-testid="payment-continue">
                    {pending_label(action, "Review order")}
                </button>
            </ActionForm>
        }
        .into_any(),
        GatewayInfo::Stripe { publishable_key } => {
            let total = view.summary.total;
            view! {
                // Stripe's Payment Element (its script, then ours): it creates a PaymentMethod
                // in the browser and submits only its id; card data never reaches the shop.
                <form
                    method="post"
                    action="/_fn/checkout/payment"
                    class="mt-6 max-w-md space-y-4"
                    data-testid="stripe-form"
                    data-stripe-key=publishable_key
                    data-amount=total.minor().to_string()
                    data-currency=total.currency().code().to_lowercase()
                >
                    <input type="hidden" name="payment_method_id" value="" />
                    <div id="payment-element" class="rounded-lg border border-stone-300 p-3">
                        <noscript>
                            "Paying by card through Stripe needs JavaScript. Please enable it to continue."
                        </noscript>
                    </div>
                    <p id="payment-element-error" role="alert" class="text-sm text-red-800"></p>
                    <button type="submit" class=BUTTON data-testid="payment-continue">
                        "Review order"
                    </button>
                </form>
                <script src="https://js.stripe.com/v3/" defer></script>
                <script src="/stripe-checkout.js" defer></script>
            }
                .into_any()
        }
    };
    view! {
        {held}
        {problem}
        {form}
        <StepError action />
    }
}

#[component]
pub fn ReviewStep(view: CheckoutView) -> impl IntoView {
    let action = ServerAction::<PlaceOrder>::new();
    let ship = view.shipping_address.as_ref().map(|a| a.one_line());
    let method = view
        .shipping_options
        .iter()
        .find(|o| Some(&o.code) == view.shipping_method.as_ref())
        .map(|o| o.name.clone());
    let payment = view.payment.as_ref().map(|p| p.label());
    let blocked = view.amount_problem.clone().or(view.coupon_problem.clone());
    view! {
        <dl class="mt-6 grid gap-4 text-sm sm:grid-cols-2" data-testid="review-details">
            <div>
                <dt class="font-semibold">"Contact"</dt>
                <dd>{view.email.clone().unwrap_or_default()}</dd>
                <dd>
                    <a href=Step::Contact.href() class="text-violet-700 underline">
                        "Change"
                    </a>
                </dd>
            </div>
            {ship
                .map(|s| {
                    view! {
                        <div>
                            <dt class="font-semibold">"Shipping to"</dt>
                            <dd>{s}</dd>
                            <dd>{method.clone().unwrap_or_default()}</dd>
                            <dd>
                                <a href=Step::Address.href() class="text-violet-700 underline">
                                    "Change"
                                </a>
                            </dd>
                        </div>
                    }
                })}
            {payment
                .map(|p| {
                    view! {
                        <div>
                            <dt class="font-semibold">"Payment"</dt>
                            <dd data-testid="review-payment">{p}</dd>
                            <dd>
                                <a href=Step::Payment.href() class="text-violet-700 underline">
                                    "Change"
                                </a>
                            </dd>
                        </div>
                    }
                })}
        </dl>
        {blocked
            .map(|b| {
                view! {
                    <p
                        role="alert"
                        class="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900"
                        data-testid="review-problem"
                    >
                        {b}
                    </p>
                }
            })}
        <ActionForm action attr:class="mt-8" attr:data-testid="place-order-form">
            <input type="hidden" name="key" value=view.place_key.clone() />
            <button
                type="submit"
                class=format!("w-full sm:w-auto {BUTTON}")
                data-testid="place-order"
            >
                {move || {
                    if action.pending().get() {
                        "Placing your order…".to_string()
                    } else {
                        format!("Place order · {}", view.summary.total)
                    }
                }}
            </button>
        </ActionForm>
        <StepError action />
    }
}

/// Enter or remove the one coupon code of the order.
#[component]
pub fn CouponBox(code: Option<String>, problem: Option<String>) -> impl IntoView {
    let apply = ServerAction::<ApplyCoupon>::new();
    let remove = ServerAction::<RemoveCoupon>::new();
    view! {
        <div class="mt-6 border-t border-stone-200 pt-4" data-testid="coupon-box">
            {match code {
                Some(c) => {
                    view! {
                        <ActionForm
                            action=remove
                            attr:class="flex items-center justify-between text-sm"
                        >
                            <span>"Code " <strong data-testid="coupon-code">{c}</strong></span>
                            <button
                                type="submit"
                                class="text-stone-500 hover:text-red-700"
                                data-testid="coupon-remove"
                            >
                                "Remove"
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <ActionForm action=apply attr:class="flex gap-2">
                            <label class="sr-only" for="coupon-code">
                                "Discount code"
                            </label>
                            <input
                                id="coupon-code"
                                class=INPUT
                                name="code"
                                placeholder="Discount code"
                                data-testid="coupon-input"
                            />
                            <button type="submit" class=BUTTON_LIGHT data-testid="coupon-apply">
                                "Apply"
                            </button>
                        </ActionForm>
                    }
                        .into_any()
                }
            }}
            {problem
                .map(|p| {
                    view! {
                        <p class="mt-2 text-sm text-amber-800" data-testid="coupon-problem">
                            {p}
                        </p>
                    }
                })}
            {move || {
                apply
                    .value()
                    .get()
                    .and_then(Result::err)
                    .map(|e| {
                        view! {
                            <p
                                role="alert"
                                class="mt-2 text-sm text-red-700"
                                data-testid="coupon-error"
                            >
                                {e.to_string()}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
