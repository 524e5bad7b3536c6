use leptos::prelude::*;

use shared::errors::AppError;

/// Shows an [`AppError`] and, on the server, sets the matching HTTP status (400 or 500).
#[component]
pub fn RequestError(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(
            axum::http::StatusCode::from_u16(error.status())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let bad_request = matches!(error, AppError::BadRequest(_));
    view! {
        <div
            role="alert"
            data-testid=if bad_request { "bad-request" } else { "error-panel" }
            class="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800"
        >
            <p class="font-medium">{error.to_string()}</p>
            {bad_request
                .then(|| {
                    view! {
                        <a
                            href="/products"
                            class="mt-2 inline-block font-medium text-violet-700 hover:underline"
                        >
                            "Browse all products"
                        </a>
                    }
                })}
        </div>
    }
}
