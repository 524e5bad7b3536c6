//! Submits the enclosing form when a filter control changes (hydrated only; without
//! JavaScript the form's Apply button does the same).

use leptos::prelude::*;

/// `on:change` handler for a container inside a form, or for a control with a `form` attribute.
pub fn submit_enclosing_form(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        use leptos::web_sys::{Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement};
        let Some(target) = ev.target() else { return };
        // Typing in a price box submits on Enter / Apply, not on every change.
        if let Some(input) = target.dyn_ref::<HtmlInputElement>()
            && input.type_() != "checkbox"
            && input.type_() != "radio"
        {
            return;
        }
        let form = if let Some(select) = target.dyn_ref::<HtmlSelectElement>() {
            select.form()
        } else if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            input.form()
        } else {
            target
                .dyn_ref::<Element>()
                .and_then(|e| e.closest("form").ok().flatten())
                .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
        };
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Wraps form controls so that changing one submits its form at once — the only JavaScript on
/// filter, sort and variant forms. Without it (JavaScript off) the forms' own buttons do the
/// same. Put it *inside* the `<form>` (or around a control with a `form` attribute).
#[island]
pub fn AutoSubmit(
    /// Classes of the wrapping `<div>`.
    #[prop(optional, into)]
    class: Option<String>,
    /// `data-testid` of the wrapping `<div>`.
    #[prop(optional, into)]
    testid: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=class data-testid=testid on:change=submit_enclosing_form>
            {children()}
        </div>
    }
}
