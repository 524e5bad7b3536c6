//! WASM entry point: hydrates the server-rendered shop.
// Instantiating the whole app overflows the default type-recursion limit in release builds.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Each page is its own lazily loaded chunk (`app::routes`): load the current page's, then
    // hydrate.
    leptos::mount::hydrate_lazy(app::App);
}
