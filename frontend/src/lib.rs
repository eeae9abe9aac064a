//! The browser entry point: hydrates the server-rendered page into the interactive app.
// A page's view is one nested type; the account page's sections nest past the compiler's
// default query depth (128) in the optimised browser build.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
