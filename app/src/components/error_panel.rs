use leptos::prelude::*;

/// A friendly message shown where content failed to load.
#[component]
pub fn ErrorPanel(message: String) -> impl IntoView {
    view! {
        <div role="alert" class="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            {message}
        </div>
    }
}
