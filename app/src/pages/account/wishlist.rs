use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountNav, RequireUser};
use crate::components::{ActionMessage, BUTTON, RequestError, message_text};
use crate::server_fns::account::{MoveToCart, RemoveFromWishlist, my_wishlist};

/// The page's actions live above [`RequireUser`]: moving an item to the cart changes the
/// session's cart count, which re-renders the signed-in page; actions created inside it would
/// be created anew and lose their answer ("Moved to your cart") before it is seen.
#[derive(Clone, Copy)]
struct WishlistActions {
    move_action: ServerAction<MoveToCart>,
    remove: ServerAction<RemoveFromWishlist>,
}

#[component]
pub fn WishlistPage() -> impl IntoView {
    let move_action = ServerAction::<MoveToCart>::new();
    let remove = ServerAction::<RemoveFromWishlist>::new();
    provide_context(WishlistActions {
        move_action,
        remove,
    });
    view! {
        <Title text="Your wishlist" />
        <RequireUser page=|_| view! { <Wishlist /> }.into_any() />
    }
}

#[component]
fn Wishlist() -> impl IntoView {
    let WishlistActions {
        move_action,
        remove,
    } = expect_context();
    let items = Resource::new(
        move || (move_action.version().get(), remove.version().get()),
        |_| my_wishlist(),
    );
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/wishlist" />
            <div class="md:col-span-3" data-testid="wishlist-page">
                <h1 class="font-serif text-3xl font-semibold">"Your wishlist"</h1>
                <ActionMessage action=move_action success=message_text testid="wishlist-message" />
                <ActionMessage action=remove success=message_text testid="wishlist-message" />
                <Transition>
                    {move || Suspend::new(async move {
                        match items.await {
                            Ok(list) if list.is_empty() => {
                                view! {
                                    <p class="mt-6 text-stone-600" data-testid="wishlist-empty">
                                        "Nothing saved yet. Tap “Save to wishlist” on a product to keep it here."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ul class="mt-6 divide-y divide-stone-200">
                                        {list
                                            .into_iter()
                                            .map(|w| {
                                                let pid_move = w.product_id.to_string();
                                                let pid_remove = w.product_id.to_string();
                                                view! {
                                                    <li
                                                        class="flex items-center gap-4 py-4"
                                                        data-testid="wishlist-item"
                                                    >
                                                        <a
                                                            href=format!("/p/{}", w.slug)
                                                            class="h-16 w-16 shrink-0 overflow-hidden rounded-lg bg-stone-100"
                                                        >
                                                            {w
                                                                .image_url
                                                                .clone()
                                                                .map(|src| {
                                                                    view! {
                                                                        <img
                                                                            src=src
                                                                            alt=""
                                                                            width="64"
                                                                            height="64"
                                                                            class="h-full w-full object-cover"
                                                                        />
                                                                    }
                                                                })}
                                                        </a>
                                                        <div class="flex-1">
                                                            <a
                                                                href=format!("/p/{}", w.slug)
                                                                class="font-medium hover:text-violet-700"
                                                            >
                                                                {w.name.clone()}
                                                            </a>
                                                            {w
                                                                .variant_name
                                                                .clone()
                                                                .map(|v| {
                                                                    view! { <p class="text-sm text-stone-500">{v}</p> }
                                                                })}
                                                            <p class="text-sm">{w.price.map(|p| p.to_string())}</p>
                                                        </div>
                                                        <ActionForm action=move_action>
                                                            <input type="hidden" name="product_id" value=pid_move />
                                                            <button
                                                                type="submit"
                                                                disabled=!w.in_stock
                                                                class=BUTTON
                                                                data-testid="move-to-cart"
                                                            >
                                                                {if w.in_stock { "Move to cart" } else { "Out of stock" }}
                                                            </button>
                                                        </ActionForm>
                                                        <ActionForm action=remove>
                                                            <input type="hidden" name="product_id" value=pid_remove />
                                                            <button
                                                                type="submit"
                                                                class="text-sm text-stone-500 hover:text-red-700"
                                                            >
                                                                "Remove"
                                                            </button>
                                                        </ActionForm>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <RequestError error=e /> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </div>
    }
}
