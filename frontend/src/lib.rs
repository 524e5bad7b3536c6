//! WASM entry point: the shop is server-rendered HTML; only its islands (`#[island]`
//! components in `app`, each exported from this module by name) run in the browser.
// Instantiating the islands overflows the default type-recursion limit in release builds.
#![recursion_limit = "512"]

// Links `app`, whose islands export themselves.
#[allow(unused_imports)]
use app::*;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // One reactive root shared by every island on the page; `DeferredHydrationScripts` then
    // calls each island's export for its `<leptos-island>` element.
    leptos::mount::hydrate_islands();
}
