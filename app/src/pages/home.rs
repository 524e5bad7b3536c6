use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::CategoriesResource;
use crate::components::{ErrorPanel, ProductGrid};
use crate::server_fns::catalog::{bestsellers, featured_products};
use shared::catalog::ProductCard;
use shared::errors::AppError;

/// A list of products for one of the home page's sections.
type ProductsResource = Resource<Result<Vec<ProductCard>, AppError>>;

/// Home page: hero, categories, featured products.
#[component]
pub fn HomePage() -> impl IntoView {
    let products = Resource::new(|| (), |_| featured_products());
    let top = Resource::new(|| (), |_| bestsellers());
    let categories = expect_context::<CategoriesResource>();

    view! {
        <Title text="" />
        <Meta
            name="description"
            content="Shop clothing, footwear, bags, audio, home goods and digital downloads from Larkspur & Co."
        />
        {hero()}
        {category_tiles(categories)}
        {featured_section(products)}
        {bestsellers_section(top)}
    }
}

/// The opening banner with the shop's pitch.
fn hero() -> impl IntoView {
    view! {
        <section class="bg-gradient-to-br from-violet-100 via-rose-50 to-amber-50">
            <div class="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-16 sm:px-6 lg:py-24">
                <p class="text-sm font-semibold uppercase tracking-widest text-violet-700">
                    "New season"
                </p>
                <h1 class="max-w-2xl font-serif text-4xl font-semibold tracking-tight text-stone-900 sm:text-5xl">
                    "Well-made things for everyday adventures."
                </h1>
                <p class="max-w-xl text-lg text-stone-600">
                    "Clothing, gear and goods from independent makers. Free shipping on orders over $75 and 30-day returns."
                </p>
                <div class="flex gap-3">
                    <a
                        href="/products"
                        class="rounded-full bg-stone-900 px-6 py-3 text-sm font-semibold text-white hover:bg-violet-700"
                    >
                        "Shop all products"
                    </a>
                    <a
                        href="#featured"
                        class="rounded-full border border-stone-300 bg-white px-6 py-3 text-sm font-semibold hover:border-stone-900"
                    >
                        "Featured"
                    </a>
                </div>
            </div>
        </section>
    }
}

/// "Shop by category": a tile per top category.
fn category_tiles(categories: CategoriesResource) -> impl IntoView {
    view! {
        <section class="mx-auto max-w-7xl px-4 pt-12 sm:px-6" aria-labelledby="categories-heading">
            <h2 id="categories-heading" class="font-serif text-2xl font-semibold">
                "Shop by category"
            </h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match categories.await {
                        Ok(cats) => {
                            view! {
                                <ul
                                    class="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6"
                                    data-testid="category-tiles"
                                >
                                    {cats
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li>
                                                    <a
                                                        href=format!("/c/{}", c.slug)
                                                        class="block rounded-2xl border border-stone-200 bg-white p-4 hover:border-violet-400 hover:shadow-sm"
                                                    >
                                                        <span class="block font-medium">{c.name}</span>
                                                        <span class="text-xs text-stone-500">
                                                            {format!("{} products", c.product_count)}
                                                        </span>
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorPanel message=e.to_string() /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "Featured products", the target of the hero's "Featured" link.
fn featured_section(products: ProductsResource) -> impl IntoView {
    view! {
        <section
            id="featured"
            class="mx-auto max-w-7xl px-4 pt-12 sm:px-6"
            aria-labelledby="featured-heading"
        >
            <div class="flex items-end justify-between">
                <h2 id="featured-heading" class="font-serif text-2xl font-semibold">
                    "Featured products"
                </h2>
                <a href="/products" class="text-sm font-medium text-violet-700 hover:underline">
                    "View all →"
                </a>
            </div>
            <div class="mt-6">
                <Suspense fallback=|| {
                    view! { <p class="text-stone-500">"Loading products…"</p> }
                }>
                    {move || Suspend::new(async move {
                        match products.await {
                            Ok(list) => view! { <ProductGrid products=list /> }.into_any(),
                            Err(e) => view! { <ErrorPanel message=e.to_string() /> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}

/// "Best sellers", linking to the listing sorted by sales.
fn bestsellers_section(top: ProductsResource) -> impl IntoView {
    view! {
        <section
            class="mx-auto max-w-7xl px-4 pt-16 sm:px-6"
            aria-labelledby="bestsellers-heading"
            data-testid="bestsellers"
        >
            <div class="flex items-end justify-between">
                <h2 id="bestsellers-heading" class="font-serif text-2xl font-semibold">
                    "Best sellers"
                </h2>
                <a
                    href="/products?sort=bestselling"
                    class="text-sm font-medium text-violet-700 hover:underline"
                >
                    "See more →"
                </a>
            </div>
            <div class="mt-6">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match top.await {
                            Ok(list) => view! { <ProductGrid products=list /> }.into_any(),
                            Err(e) => view! { <ErrorPanel message=e.to_string() /> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}
