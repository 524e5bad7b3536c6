use leptos::prelude::*;
use leptos_meta::Title;

use super::{AccountNav, RequireUser};
use crate::components::RequestError;
use crate::server_fns::account::my_orders;

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! {
        <Title text="Your orders" />
        <RequireUser page=|_| view! { <Orders /> }.into_any() />
    }
}

#[component]
fn Orders() -> impl IntoView {
    let orders = Resource::new(|| (), |_| my_orders());
    view! {
        <div class="mx-auto grid max-w-5xl gap-10 px-4 py-10 sm:px-6 md:grid-cols-4">
            <AccountNav current="/account/orders" />
            <div class="md:col-span-3">
                <h1 class="font-serif text-3xl font-semibold">"Your orders"</h1>
                <Transition>
                    {move || Suspend::new(async move {
                        match orders.await {
                            Ok(list) if list.is_empty() => {
                                view! {
                                    <p class="mt-6 text-stone-600" data-testid="no-orders">
                                        "You haven't placed any orders yet."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <table
                                        class="mt-6 w-full text-left text-sm"
                                        data-testid="orders"
                                    >
                                        <thead class="text-stone-500">
                                            <tr>
                                                <th class="py-2">"Order"</th>
                                                <th>"Placed"</th>
                                                <th>"Status"</th>
                                                <th>"Items"</th>
                                                <th class="text-right">"Total"</th>
                                            </tr>
                                        </thead>
                                        <tbody class="divide-y divide-stone-200">
                                            {list
                                                .into_iter()
                                                .map(|o| {
                                                    view! {
                                                        <tr>
                                                            <td class="py-2 font-medium">{o.number}</td>
                                                            <td>{o.placed_at}</td>
                                                            <td>{o.status.as_str()}</td>
                                                            <td>{o.item_count}</td>
                                                            <td class="text-right">{o.total.to_string()}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
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
