//! `/cart`: lines re-priced now, quantity changes, removal, totals from the domain core.
//! Every control is a form that also works without JavaScript.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ActionMessage, BUTTON, BUTTON_LIGHT, RequestError};
use crate::server_fns::cart::{ClearCart, RemoveCartItem, UpdateCartItem, get_cart};
use shared::cart::{CartChange, CartLineView, CartView};

fn message(c: &CartChange) -> String {
    c.message.clone()
}

#[component]
pub fn CartPage() -> impl IntoView {
    let cart = Resource::new(|| (), |_| get_cart());
    let update = ServerAction::<UpdateCartItem>::new();
    let remove = ServerAction::<RemoveCartItem>::new();
    let clear = ServerAction::<ClearCart>::new();
    view! {
        <Title text="Your cart" />
        <div class="mx-auto max-w-5xl px-4 py-10 sm:px-6" data-testid="cart-page">
            <h1 class="font-serif text-3xl font-semibold">"Your cart"</h1>
            <ActionMessage action=update success=message testid="cart-message" />
            <ActionMessage action=remove success=message testid="cart-message" />
            <ActionMessage action=clear success=message testid="cart-message" />
            <Transition fallback=|| {
                view! { <p class="mt-6 text-stone-500">"Loading…"</p> }
            }>
                {move || Suspend::new(async move {
                    match cart.await {
                        Ok(c) if c.is_empty() => view! { <EmptyCart /> }.into_any(),
                        Ok(c) => view! { <CartContents cart=c update remove clear /> }.into_any(),
                        Err(e) => view! { <RequestError error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn EmptyCart() -> impl IntoView {
    view! {
        <div
            class="mt-8 rounded-2xl border border-dashed border-stone-300 p-10 text-center"
            data-testid="cart-empty"
        >
            <p class="text-lg">"Your cart is empty."</p>
            <a href="/products" class=format!("mt-4 inline-block {BUTTON}")>
                "Browse products"
            </a>
        </div>
    }
}

#[component]
fn CartContents(
    cart: CartView,
    update: ServerAction<UpdateCartItem>,
    remove: ServerAction<RemoveCartItem>,
    clear: ServerAction<ClearCart>,
) -> impl IntoView {
    let t = cart.totals;
    let max = cart.limits.max_per_line;
    view! {
        <div class="mt-8 grid gap-10 lg:grid-cols-3">
            <ul class="divide-y divide-stone-200 lg:col-span-2" data-testid="cart-lines">
                {cart
                    .lines
                    .into_iter()
                    .map(|line| view! { <CartLine line max update remove /> })
                    .collect_view()}
            </ul>
            <aside
                class="h-fit rounded-2xl bg-white p-6 shadow-sm ring-1 ring-stone-200"
                data-testid="cart-summary"
            >
                <h2 class="text-lg font-semibold">"Summary"</h2>
                <dl class="mt-4 space-y-2 text-sm">
                    <div class="flex justify-between">
                        <dt>{format!("Subtotal ({} items)", t.item_count)}</dt>
                        <dd data-testid="cart-subtotal">{t.subtotal.to_string()}</dd>
                    </div>
                    {(!t.discount.is_zero())
                        .then(|| {
                            view! {
                                <div class="flex justify-between text-emerald-700">
                                    <dt>"Discounts"</dt>
                                    <dd>{format!("−{}", t.discount)}</dd>
                                </div>
                            }
                        })}
                    <div class="flex justify-between text-stone-500">
                        <dt>"Shipping"</dt>
                        <dd>
                            {t
                                .shipping
                                .map_or_else(
                                    || "Calculated at checkout".to_string(),
                                    |m| m.to_string(),
                                )}
                        </dd>
                    </div>
                    <div class="flex justify-between text-stone-500">
                        <dt>"Tax"</dt>
                        <dd>
                            {t
                                .tax
                                .map_or_else(
                                    || "Calculated at checkout".to_string(),
                                    |m| m.to_string(),
                                )}
                        </dd>
                    </div>
                    <div class="flex justify-between border-t border-stone-200 pt-2 text-base font-semibold">
                        <dt>"Total"</dt>
                        <dd data-testid="cart-total">{t.total.to_string()}</dd>
                    </div>
                </dl>
                <a
                    href="/checkout"
                    class=format!("mt-6 block text-center {BUTTON}")
                    data-testid="checkout-link"
                >
                    "Checkout"
                </a>
                <ActionForm action=clear attr:class="mt-3 text-center">
                    <button
                        type="submit"
                        class="text-sm text-stone-500 hover:text-red-700"
                        data-testid="clear-cart"
                    >
                        "Empty cart"
                    </button>
                </ActionForm>
            </aside>
        </div>
    }
}

#[component]
fn CartLine(
    line: CartLineView,
    max: u32,
    update: ServerAction<UpdateCartItem>,
    remove: ServerAction<RemoveCartItem>,
) -> impl IntoView {
    let id_update = line.id.to_string();
    let id_remove = line.id.to_string();
    let price_notice = line.price_notice();
    let stock_notice = line.stock_notice();
    let note = line.note.clone();
    let max = line.available.map_or(max, |a| a.clamp(1, max)).to_string();
    view! {
        <li
            class="flex gap-4 py-5"
            data-testid="cart-line"
            data-variant-id=line.variant_id.to_string()
        >
            // The picture repeats the name's link: hidden from screen readers and the tab order.
            <a
                href=format!("/p/{}", line.product_slug)
                class="h-24 w-24 shrink-0 overflow-hidden rounded-xl bg-stone-100"
                aria-hidden="true"
                tabindex="-1"
            >
                {line
                    .image_url
                    .clone()
                    .map(|src| {
                        view! {
                            <img
                                src=src
                                alt=""
                                width="96"
                                height="96"
                                class="h-full w-full object-cover"
                            />
                        }
                    })}
            </a>
            <div class="flex-1">
                <div class="flex justify-between gap-4">
                    <div>
                        <a
                            href=format!("/p/{}", line.product_slug)
                            class="font-medium hover:text-violet-700"
                            data-testid="cart-line-name"
                        >
                            {line.product_name.clone()}
                        </a>
                        {line
                            .variant_name
                            .clone()
                            .map(|v| view! { <p class="text-sm text-stone-500">{v}</p> })}
                        <p class="text-sm text-stone-500">{format!("{} each", line.unit_price)}</p>
                    </div>
                    <p class="font-semibold" data-testid="cart-line-total">
                        {line.line_total.to_string()}
                    </p>
                </div>
                {note
                    .map(|n| {
                        view! {
                            <p class="mt-1 text-sm text-emerald-700" data-testid="cart-line-note">
                                {n}
                            </p>
                        }
                    })}
                {price_notice
                    .map(|n| {
                        view! {
                            <p class="mt-1 text-sm text-amber-700" data-testid="price-notice">
                                {n}
                            </p>
                        }
                    })}
                {stock_notice
                    .map(|n| {
                        view! {
                            <p class="mt-1 text-sm text-red-700" data-testid="stock-notice">
                                {n}
                            </p>
                        }
                    })}
                <div class="mt-3 flex flex-wrap items-end gap-3">
                    <ActionForm action=update attr:class="flex items-end gap-2">
                        <input type="hidden" name="item_id" value=id_update />
                        <label class="text-sm">
                            <span class="sr-only">"Quantity"</span>
                            <input
                                type="number"
                                name="quantity"
                                min="1"
                                max=max
                                value=line.quantity.to_string()
                                data-testid="line-quantity"
                                class="w-20 rounded-lg border border-stone-300 px-2 py-1.5"
                            />
                        </label>
                        <button type="submit" class=BUTTON_LIGHT data-testid="update-line">
                            "Update"
                        </button>
                    </ActionForm>
                    <ActionForm action=remove>
                        <input type="hidden" name="item_id" value=id_remove />
                        <button
                            type="submit"
                            class="text-sm text-stone-500 hover:text-red-700"
                            data-testid="remove-line"
                        >
                            "Remove"
                        </button>
                    </ActionForm>
                </div>
            </div>
        </li>
    }
}
