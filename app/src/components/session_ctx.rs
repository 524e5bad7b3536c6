//! Page-wide session state, read once per page on the server: the header's summary (user,
//! cart count) and the one-time flash message.

use leptos::prelude::*;

use crate::server_fns::session::{page_flash, session_summary};
use shared::account::{Flash, FlashKind, SessionSummary};
use shared::catalog::CategoryLink;
use shared::errors::AppError;

pub type SummaryResource = Resource<Result<SessionSummary, AppError>>;

/// Categories loaded once per page and shared by the header menu and the home page.
pub type CategoriesResource = Resource<Result<Vec<CategoryLink>, shared::errors::AppError>>;

/// Provides the summary resource and the flash resource.
pub fn provide_session_context() {
    let summary: SummaryResource = Resource::new(|| (), |_| session_summary());
    provide_context(summary);
    let flash: Resource<Result<Option<Flash>, AppError>> = Resource::new(|| (), |_| page_flash());
    provide_context(flash);
}

pub fn use_summary() -> SummaryResource {
    expect_context::<SummaryResource>()
}

/// The flash message left by the last plain form post (shown once).
#[component]
pub fn FlashBanner() -> impl IntoView {
    let flash = expect_context::<Resource<Result<Option<Flash>, AppError>>>();
    view! {
        <Transition>
            {move || Suspend::new(async move {
                flash
                    .await
                    .ok()
                    .flatten()
                    .map(|f| {
                        let class = match f.kind {
                            FlashKind::Success => {
                                "border-emerald-200 bg-emerald-50 text-emerald-900"
                            }
                            FlashKind::Error => "border-red-200 bg-red-50 text-red-800",
                            FlashKind::Notice => "border-amber-200 bg-amber-50 text-amber-900",
                        };
                        view! {
                            <div class="mx-auto max-w-7xl px-4 pt-4 sm:px-6">
                                <p
                                    role="status"
                                    data-testid="flash"
                                    class=format!(
                                        "rounded-xl border px-4 py-3 text-sm font-medium {class}",
                                    )
                                >
                                    {f.text}
                                </p>
                            </div>
                        }
                    })
            })}
        </Transition>
    }
}

/// The result of a form's last submission: the success text or the error, beside the form.
#[component]
pub fn ActionMessage<I, O>(
    action: ServerAction<I>,
    success: fn(&O) -> String,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let testid = testid.unwrap_or("form-message");
    move || {
        action.value().get().map(|r| match r {
            Ok(v) => view! {
                <p
                    role="status"
                    data-testid=testid
                    class="mt-3 text-sm font-medium text-emerald-700"
                >
                    {success(&v)}
                </p>
            }
            .into_any(),
            Err(e) => view! {
                <p role="alert" data-testid=testid class="mt-3 text-sm font-medium text-red-700">
                    {e.to_string()}
                </p>
            }
            .into_any(),
        })
    }
}

/// Shared form styles.
pub const INPUT: &str = "mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 focus:border-violet-500 focus:outline-none focus:ring-2 focus:ring-violet-200";
pub const LABEL: &str = "block text-sm font-medium text-stone-700";
pub const BUTTON: &str = "rounded-full bg-stone-900 px-5 py-2.5 text-sm font-semibold text-white hover:bg-violet-700 disabled:bg-stone-300";
pub const BUTTON_LIGHT: &str =
    "rounded-full border border-stone-300 px-4 py-2 text-sm font-medium hover:border-stone-900";

/// [`ActionMessage`] `success` for server functions that answer with the message itself.
#[allow(clippy::ptr_arg)] // the signature must be `fn(&O)` with `O = String`
pub fn message_text(s: &String) -> String {
    s.clone()
}

/// The store's name from the back office's Settings (the built-in name until it is known).
pub fn store_name(summary: Option<SessionSummary>) -> String {
    summary
        .map(|s| s.store_name)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| crate::SHOP_NAME.to_string())
}
