use leptos::prelude::*;

use super::Price;
use shared::catalog::ProductCard;

/// One product tile in a grid. `eager` tiles load their picture at once (the first row of a
/// listing holds the page's largest paint); the others when scrolled near.
#[component]
pub fn ProductCardView(
    product: ProductCard,
    #[prop(optional)] eager: bool,
    #[prop(optional)] first: bool,
) -> impl IntoView {
    let href = format!("/p/{}", product.slug);
    let on_sale = product.on_sale();
    let badge = shared::catalog::kind_badge(product.kind);
    let image = product
        .image_url
        .clone()
        .unwrap_or_else(|| "/images/placeholder.svg".to_string());
    view! {
        <li data-testid="product-card" class="group">
            <a href=href class="block">
                <div class="relative aspect-square overflow-hidden rounded-2xl bg-stone-100">
                    <img
                        src=image
                        alt=product.image_alt.clone()
                        width="800"
                        height="800"
                        loading=if eager { "eager" } else { "lazy" }
                        fetchpriority=first.then_some("high")
                        class="h-full w-full object-cover transition duration-300 group-hover:scale-105"
                    />
                    <div class="absolute left-3 top-3 flex flex-col gap-1">
                        {on_sale
                            .then(|| {
                                view! {
                                    <span class="rounded-full bg-rose-600 px-2 py-0.5 text-xs font-semibold text-white">
                                        "Sale"
                                    </span>
                                }
                            })}
                        {(!product.in_stock)
                            .then(|| {
                                view! {
                                    <span
                                        data-testid="out-of-stock"
                                        class="rounded-full bg-stone-800 px-2 py-0.5 text-xs font-semibold text-white"
                                    >
                                        "Out of stock"
                                    </span>
                                }
                            })}
                        {badge
                            .map(|b| {
                                view! {
                                    <span class="rounded-full bg-violet-600 px-2 py-0.5 text-xs font-semibold text-white">
                                        {b}
                                    </span>
                                }
                            })}
                    </div>
                </div>
                <div class="mt-3 space-y-1">
                    {product
                        .brand
                        .clone()
                        .map(|b| {
                            view! {
                                <p class="text-xs uppercase tracking-wide text-stone-500">{b}</p>
                            }
                        })}
                    <h3
                        data-testid="product-name"
                        class="font-medium text-stone-900 group-hover:text-violet-700"
                    >
                        {product.name.clone()}
                    </h3> <Price price=product.price compare_at=product.compare_at />
                </div>
            </a>
        </li>
    }
}

/// A responsive grid of product cards; the first `eager_first` load their pictures at once.
#[component]
pub fn ProductGrid(
    products: Vec<ProductCard>,
    #[prop(optional)] eager_first: usize,
) -> impl IntoView {
    view! {
        <ul
            data-testid="product-grid"
            class="grid grid-cols-2 gap-x-5 gap-y-8 sm:grid-cols-3 lg:grid-cols-4"
        >
            {products
                .into_iter()
                .enumerate()
                .map(|(i, p)| {
                    let (eager, first) = (i < eager_first, i == 0 && eager_first > 0);
                    view! { <ProductCardView product=p eager first /> }
                })
                .collect_view()}
        </ul>
    }
}
