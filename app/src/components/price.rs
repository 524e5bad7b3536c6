use leptos::prelude::*;
use storefront::money::Money;

/// A price, with the compare-at ("was") price struck through when it is higher.
#[component]
pub fn Price(price: Money, compare_at: Option<Money>) -> impl IntoView {
    let was = compare_at.filter(|c| c.minor() > price.minor());
    let sale = was.is_some();
    view! {
        <span class="inline-flex items-baseline gap-2">
            <span
                data-testid="price"
                class=if sale {
                    "font-semibold text-rose-700"
                } else {
                    "font-semibold text-stone-900"
                }
            >
                {price.to_string()}
            </span>
            {was
                .map(|w| {
                    view! {
                        <s class="text-sm text-stone-500" data-testid="compare-at-price">
                            <span class="sr-only">"Was "</span>
                            {w.to_string()}
                        </s>
                    }
                })}
        </span>
    }
}
