use leptos::prelude::*;

use shared::listing::CategoryCrumb;

/// Home / (Products) / category path / (current page).
#[component]
pub fn Breadcrumbs(
    crumbs: Vec<CategoryCrumb>,
    #[prop(optional)] products_link: bool,
    #[prop(optional, into)] current: Option<String>,
) -> impl IntoView {
    view! {
        <nav aria-label="Breadcrumb" class="text-sm text-stone-500" data-testid="breadcrumbs">
            <ol class="flex flex-wrap items-center gap-1">
                <li>
                    <a href="/" class="hover:text-violet-700">
                        "Home"
                    </a>
                </li>
                {products_link
                    .then(|| {
                        view! {
                            <li aria-hidden="true">"/"</li>
                            <li>
                                <a href="/products" class="hover:text-violet-700">
                                    "Products"
                                </a>
                            </li>
                        }
                    })}
                {crumbs
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li aria-hidden="true">"/"</li>
                            <li>
                                <a href=format!("/c/{}", c.slug) class="hover:text-violet-700">
                                    {c.name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
                {current
                    .map(|name| {
                        view! {
                            <li aria-hidden="true">"/"</li>
                            <li class="text-stone-800" aria-current="page">
                                {name}
                            </li>
                        }
                    })}
            </ol>
        </nav>
    }
}
