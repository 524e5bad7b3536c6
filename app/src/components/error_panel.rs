use leptos::prelude::*;

/// A friendly message shown where content failed to load. On the server it also marks the
/// response as a 500 so monitoring and caches see the failure.
#[component]
pub fn ErrorPanel(message: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    view! {
        <div
            role="alert"
            data-testid="error-panel"
            class="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800"
        >
            <p class="font-medium">{message}</p>
            <p class="mt-1 text-red-700">
                "If this keeps happening, please try again in a few minutes."
            </p>
        </div>
    }
}
