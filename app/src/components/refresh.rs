//! Server-rendered content that keeps itself current while the page is open.

use leptos::prelude::*;

/// Re-reads its own part of the page every `seconds` while the tab is visible (an island): it
/// fetches the page's URL again and swaps in the element with the same `id` from the answer.
/// The content itself stays server-rendered HTML (no WebAssembly for it); without JavaScript it
/// is as fresh as the last load.
#[island]
pub fn Refreshing(
    /// `id` of the wrapping `<div>`, the same on every render of the page.
    id: String,
    seconds: u32,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let target = id.clone();
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let target = target.clone();
                leptos::task::spawn_local(async move { refresh(&target).await });
            },
            std::time::Duration::from_secs(u64::from(seconds.max(5))),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = seconds;
    view! { <div id=id>{children()}</div> }
}

#[cfg(feature = "hydrate")]
async fn refresh(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{HtmlTemplateElement, Response};
    let document = document();
    if document.hidden() {
        return;
    }
    let Ok(url) = window().location().href() else {
        return;
    };
    let Ok(answer) = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(&url)).await
    else {
        return;
    };
    let Ok(response) = answer.dyn_into::<Response>() else {
        return;
    };
    if !response.ok() {
        return;
    }
    let Ok(text) = response.text() else { return };
    let Ok(text) = wasm_bindgen_futures::JsFuture::from(text).await else {
        return;
    };
    let Some(html) = text.as_string() else { return };
    let Ok(Some(template)) = document
        .create_element("template")
        .map(|t| t.dyn_into::<HtmlTemplateElement>().ok())
    else {
        return;
    };
    template.set_inner_html(&html);
    let fresh = template.content().get_element_by_id(id);
    if let (Some(fresh), Some(current)) = (fresh, document.get_element_by_id(id)) {
        current.set_inner_html(&fresh.inner_html());
    }
}
