use leptos::prelude::*;

use crate::components::RequestError;
use crate::pages::NotFound;
use shared::errors::AppError;

/// A whole page that failed to load: the 404 page for `NotFound`, else the error panel
/// (which sets 400/500).
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    match error {
        AppError::NotFound(_) => view! { <NotFound /> }.into_any(),
        e => view! {
            <div class="mx-auto max-w-3xl px-4 py-12">
                <RequestError error=e />
            </div>
        }
        .into_any(),
    }
}
