//! `/p/{slug}`: the product page.

mod learning;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::{AutoSubmit, Breadcrumbs, Price, ProductGrid};
use crate::pages::PageError;
use crate::server_fns::catalog::get_product;
use shared::catalog::ProductKind;
use shared::product::{ProductDetail, StockMessage, VariantInfo};

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let product = Resource::new(move || slug.get(), get_product);
    view! {
        <Transition fallback=|| {
            view! { <p class="mx-auto max-w-7xl px-4 py-10 text-stone-500">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => view! { <ProductView product=Arc::new(p) /> }.into_any(),
                    Err(e) => view! { <PageError error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn json_ld(p: &ProductDetail, v: &VariantInfo) -> String {
    let availability = match v.stock_message() {
        StockMessage::OutOfStock => "https://schema.org/OutOfStock",
        StockMessage::OnlyLeft(_) => "https://schema.org/LimitedAvailability",
        _ => "https://schema.org/InStock",
    };
    let image: Vec<String> = p
        .images
        .iter()
        .map(|i| format!("{}{}", p.base_url, i.url))
        .collect();
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "description": p.description,
        "sku": v.sku,
        "image": image,
        "url": p.canonical_url,
        "brand": p.brand.as_ref().map(|b| serde_json::json!({"@type": "Brand", "name": b.name})),
        "offers": {
            "@type": "Offer",
            "url": p.canonical_url,
            "priceCurrency": v.price.currency().code(),
            "price": v.price.to_plain_string(),
            "availability": availability,
        }
    });
    // Safe inside <script>: no "</" sequences.
    value.to_string().replace("</", "<\\/")
}

#[component]
fn ProductView(product: Arc<ProductDetail>) -> impl IntoView {
    let query = use_query_map();
    let p = product.clone();
    let selected = Memo::new(move |_| {
        let chosen: Vec<(String, String)> = query.with(|m| {
            m.into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        let variant_id = query.with(|m| m.get("variant").and_then(|v| v.parse::<i64>().ok()));
        p.pick_variant(variant_id, &chosen).cloned()
    });
    let first = selected
        .get_untracked()
        .expect("a product page always has a variant");

    view! {
        {product_head(&product, &first)}
        <div class="mx-auto max-w-7xl px-4 py-8 sm:px-6" data-testid="product-page">
            <Breadcrumbs crumbs=product.breadcrumbs.clone() current=product.name.clone() />
            <div class="mt-6 grid gap-10 lg:grid-cols-2">
                {product_gallery(product.clone(), selected)}
                {product_details(product.clone(), selected)}
            </div>
            <Recommendations
                title="Related products"
                testid="related"
                products=product.related.clone()
            />
            <Recommendations
                title="Customers also bought"
                testid="also-bought"
                products=product.also_bought.clone()
            />
        </div>
    }
}

/// The page's title, description, canonical link, OpenGraph tags and JSON-LD (for the variant
/// shown first).
fn product_head(product: &ProductDetail, first: &VariantInfo) -> impl IntoView + use<> {
    let title = product
        .seo_title
        .clone()
        .unwrap_or_else(|| product.name.clone());
    let description = product
        .seo_description
        .clone()
        .unwrap_or_else(|| product.description.chars().take(155).collect::<String>());
    let og_image = product
        .images
        .first()
        .map(|i| format!("{}{}", product.base_url, i.url));
    let ld = json_ld(product, first);
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=product.canonical_url.clone() />
        <Meta property="og:type" content="product" />
        <Meta property="og:title" content=title />
        <Meta property="og:description" content=description />
        <Meta property="og:url" content=product.canonical_url.clone() />
        {og_image.map(|img| view! { <Meta property="og:image" content=img /> })}
        <Meta property="product:price:amount" content=first.price.to_plain_string() />
        <Meta property="product:price:currency" content=first.price.currency().code() />
        <script type="application/ld+json" inner_html=ld></script>
    }
}

/// The main image (the chosen variant's, if it has one) and the thumbnails.
fn product_gallery(p: Arc<ProductDetail>, selected: Memo<Option<VariantInfo>>) -> impl IntoView {
    let images = p.clone();
    let main_image = move || {
        let v = selected.get();
        images
            .images
            .iter()
            .find(|i| v.as_ref().is_some_and(|v| i.variant_id == Some(v.id)))
            .or(images.images.first())
            .cloned()
    };
    view! {
        <div>
            <div class="aspect-square overflow-hidden rounded-3xl bg-stone-100">
                {move || {
                    main_image()
                        .map(|img| {
                            view! {
                                <img
                                    src=img.url
                                    alt=img.alt
                                    width=img.width
                                    height=img.height
                                    data-testid="product-image"
                                    class="h-full w-full object-cover"
                                />
                            }
                        })
                }}
            </div>
            {(p.images.len() > 1)
                .then(|| {
                    view! {
                        <ul class="mt-3 grid grid-cols-5 gap-2">
                            {p
                                .images
                                .iter()
                                .map(|img| {
                                    view! {
                                        <li class="aspect-square overflow-hidden rounded-xl bg-stone-100">
                                            <img
                                                src=img.url.clone()
                                                alt=""
                                                width=img.width
                                                height=img.height
                                                loading="lazy"
                                                class="h-full w-full object-cover"
                                            />
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

/// The buying column: brand and name, price and stock, options, add to cart, description,
/// what a bundle holds and, for learning products, their syllabus, seat tiers, savings,
/// prerequisites and cohorts.
fn product_details(p: Arc<ProductDetail>, selected: Memo<Option<VariantInfo>>) -> impl IntoView {
    view! {
        <div>
            {brand_and_name(&p)} {price_and_stock(selected, p.kind)}
            <VariantPicker product=p.clone() selected />
            <AddToCart product_id=p.id kind=p.kind selected />
            <div
                class="prose prose-stone mt-8 max-w-none text-stone-700"
                data-testid="product-description"
            >
                <p>{p.description.clone()}</p>
            </div> {bundle_contents(&p)} {learning::learning_facts(&p)}
        </div>
    }
}

/// The brand link, the product's name and its kind badge (digital, bundle).
fn brand_and_name(p: &ProductDetail) -> impl IntoView + use<> {
    let brand = p.brand.clone().map(|b| {
        view! {
            <a
                href=format!("/products?brand={}", b.slug)
                class="text-sm uppercase tracking-wide text-stone-500 hover:text-violet-700"
            >
                {b.name}
            </a>
        }
    });
    let badge = shared::catalog::kind_badge(p.kind).map(|b| {
        view! {
            <span
                class="mt-2 inline-block rounded-full bg-violet-600 px-3 py-0.5 text-xs font-semibold text-white"
                data-testid="kind-badge"
            >
                {b}
            </span>
        }
    });
    view! {
        {brand}
        <h1 class="mt-1 font-serif text-3xl font-semibold sm:text-4xl" data-testid="product-title">
            {p.name.clone()}
        </h1>
        {badge}
    }
}

/// The chosen variant's price, SKU and stock message.
fn price_and_stock(selected: Memo<Option<VariantInfo>>, kind: ProductKind) -> impl IntoView {
    let per_seat = (kind == ProductKind::TeamLicence).then_some(" per seat");
    view! {
        <div class="mt-4 text-2xl" data-testid="product-price">
            {move || {
                selected.get().map(|v| view! { <Price price=v.price compare_at=v.compare_at /> })
            }}
            {per_seat.map(|t| view! { <span class="text-base text-stone-500">{t}</span> })}
        </div>
        <p class="mt-1 text-sm text-stone-500">
            "SKU " <span data-testid="variant-sku">{move || selected.get().map(|v| v.sku)}</span>
        </p>
        <p
            data-testid="stock-message"
            class=move || {
                match selected.get().map(|v| v.stock_message()) {
                    Some(StockMessage::OutOfStock) => "mt-3 text-sm font-medium text-red-700",
                    Some(StockMessage::OnlyLeft(_)) => "mt-3 text-sm font-medium text-amber-700",
                    _ => "mt-3 text-sm font-medium text-emerald-700",
                }
            }
        >
            {move || selected.get().map(|v| v.stock_message().text_for(kind))}
        </p>
    }
}

/// What a bundle holds, linking to each product (a course bundle's or licence's courses are
/// listed with their prices by [`learning::learning_facts`] instead).
fn bundle_contents(p: &ProductDetail) -> impl IntoView + use<> {
    (!p.bundle_items.is_empty() && !p.kind.is_learning()).then(|| {
        view! {
            <div class="mt-6 rounded-2xl border border-stone-200 p-4">
                <p class="font-semibold">"In this bundle"</p>
                <ul class="mt-2 list-inside list-disc text-sm">
                    {p
                        .bundle_items
                        .iter()
                        .map(|b| {
                            view! {
                                <li>
                                    <a href=format!("/p/{}", b.slug) class="hover:text-violet-700">
                                        {format!("{} × {}", b.quantity, b.name)}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

#[component]
fn Recommendations(
    title: &'static str,
    testid: &'static str,
    products: Vec<shared::catalog::ProductCard>,
) -> impl IntoView {
    (!products.is_empty()).then(|| {
        view! {
            <section class="mt-16" data-testid=testid>
                <h2 class="font-serif text-2xl font-semibold">{title}</h2>
                <div class="mt-6">
                    <ProductGrid products />
                </div>
            </section>
        }
    })
}

/// Option radios in a GET form that reloads the page for the chosen options: at once on a
/// change (the [`AutoSubmit`] island), or with "Update" without JavaScript.
#[component]
fn VariantPicker(
    product: Arc<ProductDetail>,
    selected: Memo<Option<VariantInfo>>,
) -> impl IntoView {
    if product.options.is_empty() {
        return None;
    }
    let action = format!("/p/{}", product.slug);
    let groups = product
        .options
        .iter()
        .map(|opt| {
            let name = opt.name.clone();
            let label = if product.kind == ProductKind::Certification {
                // A certification's variants are its cohorts.
                "Cohort (exam date)".to_string()
            } else {
                let mut c = name.chars();
                c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
            };
            let name_for_legend = name.clone();
            let values = opt
                .values
                .iter()
                .map(|value| {
                    let p = product.clone();
                    let (n, v) = (name.clone(), value.clone());
                    let (n2, v2) = (name.clone(), value.clone());
                    // Greyed out when no buyable variant has this value with the other choices.
                    let available = move || {
                        let sel = selected.get();
                        p.variants.iter().any(|var| {
                            var.value_of(&n) == Some(v.as_str())
                                && var.stock_message().can_buy()
                                && p.options.iter().filter(|o| o.name != n).all(|o| {
                                    sel.as_ref().and_then(|s| s.value_of(&o.name)) == var.value_of(&o.name)
                                })
                        })
                    };
                    let checked = move || selected.get().is_some_and(|s| s.value_of(&n2) == Some(v2.as_str()));
                    let id = format!("opt-{}-{}", name, value.replace(' ', "-"));
                    let label_for = id.clone();
                    let checked_prop = checked.clone();
                    view! {
                        <label for=label_for class="cursor-pointer">
                            <input
                                type="radio"
                                id=id
                                name=name.clone()
                                value=value.clone()
                                prop:checked=checked_prop
                                checked=checked
                                class="peer sr-only"
                                data-testid=format!("option-{}-{}", name, value)
                            />
                            <span class=move || {
                                let base = "inline-flex min-w-12 items-center justify-center rounded-full border px-3 py-1.5 text-sm peer-checked:border-stone-900 peer-checked:bg-stone-900 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-violet-400";
                                if available() {
                                    format!("{base} border-stone-300 hover:border-stone-900")
                                } else {
                                    format!(
                                        "{base} border-dashed border-stone-300 text-stone-500 line-through",
                                    )
                                }
                            }>{value.clone()}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="mt-5">
                    <legend class="text-sm font-semibold">
                        {label} ": "
                        <span class="font-normal text-stone-600">
                            {move || {
                                selected
                                    .get()
                                    .and_then(|s| s.value_of(&name_for_legend).map(str::to_string))
                            }}
                        </span>
                    </legend>
                    <div class="mt-2 flex flex-wrap gap-2">{values}</div>
                </fieldset>
            }
        })
        .collect_view();
    Some(view! {
        <Form method="get" action=action noscroll=true replace=true>
            <AutoSubmit testid="variant-picker">
                {groups} <noscript>
                    <button
                        type="submit"
                        class="mt-4 rounded-full border border-stone-300 px-4 py-2 text-sm font-medium"
                        data-testid="update-variant"
                    >
                        "Update selection"
                    </button>
                </noscript>
            </AutoSubmit>
        </Form>
    })
}

/// Quantity (seats for a team licence) and add-to-cart for the chosen variant, and "Save to
/// wishlist" (server side: the chosen variant is fixed for this render — choosing another
/// reloads the page).
#[component]
fn AddToCart(
    product_id: i64,
    kind: ProductKind,
    selected: Memo<Option<VariantInfo>>,
) -> impl IntoView {
    let chosen = selected.get_untracked();
    let variant_id = chosen.as_ref().map(|v| v.id);
    let quantity =
        learning::QuantityInput::for_kind(kind, chosen.as_ref().and_then(|v| v.available));
    let can_buy = chosen.is_some_and(|v| v.stock_message().can_buy());
    view! {
        <BuyForms
            product_id
            variant_id
            quantity_label=quantity.label.to_string()
            min_quantity=quantity.min
            max_quantity=quantity.max
            default_quantity=quantity.default
            can_buy
        />
    }
}

/// The add-to-cart and wishlist forms (an island). Both post to server functions: hydrated they
/// answer in place (and update the header's cart count); without JavaScript they redirect back
/// here with a flash message.
#[island]
fn BuyForms(
    product_id: i64,
    variant_id: Option<i64>,
    quantity_label: String,
    min_quantity: i32,
    max_quantity: i32,
    default_quantity: i32,
    can_buy: bool,
) -> impl IntoView {
    use crate::components::{ActionMessage, show_cart_count};
    use crate::server_fns::account::AddToWishlist;
    use crate::server_fns::cart::AddToCart;
    use leptos::form::ActionForm;
    use shared::cart::CartChange;

    fn added(c: &CartChange) -> String {
        c.message.clone()
    }
    let add = ServerAction::<AddToCart>::new();
    let wish = ServerAction::<AddToWishlist>::new();
    Effect::new(move |_| {
        if let Some(Ok(change)) = add.value().get() {
            show_cart_count(change.cart.lines.iter().map(|l| l.quantity).sum());
        }
    });
    let variant = variant_id.map(|v| v.to_string()).unwrap_or_default();
    let wish_variant = variant.clone();
    view! {
        <ActionForm
            action=add
            attr:class="mt-6 flex items-end gap-3"
            attr:data-testid="add-to-cart-form"
        >
            <input type="hidden" name="variant_id" value=variant />
            <label class="text-sm">
                <span class="block font-semibold">{quantity_label}</span>
                <input
                    type="number"
                    name="quantity"
                    min=min_quantity.to_string()
                    max=max_quantity.to_string()
                    value=default_quantity.to_string()
                    data-testid="quantity"
                    class="mt-1 w-20 rounded-lg border border-stone-300 px-2 py-2"
                />
            </label>
            <button
                type="submit"
                disabled=!can_buy
                data-testid="add-to-cart"
                class="flex-1 rounded-full bg-stone-900 px-6 py-3 font-semibold text-white hover:bg-violet-700 disabled:cursor-not-allowed disabled:bg-stone-300"
            >
                {if can_buy { "Add to cart" } else { "Out of stock" }}
            </button>
        </ActionForm>
        <ActionMessage action=add success=added testid="add-to-cart-message" />
        <ActionForm action=wish attr:class="mt-3">
            <input type="hidden" name="product_id" value=product_id.to_string() />
            <input type="hidden" name="variant_id" value=wish_variant />
            <button
                type="submit"
                data-testid="add-to-wishlist"
                class="rounded-full border border-stone-300 px-5 py-2 text-sm font-medium hover:border-stone-900"
            >
                "♡ Save to wishlist"
            </button>
        </ActionForm>
        <ActionMessage
            action=wish
            success=crate::components::message_text
            testid="wishlist-message"
        />
    }
}
