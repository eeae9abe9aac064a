//! What the plain HTTP routes (file downloads and uploads, beside the server functions)
//! answer in common.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A CSV file to download as `name`, never cached (it holds the organization's data).
pub fn csv_attachment(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// The Content-Security-Policy of a page. Scripts run only when they carry this response's
/// nonce (the hydration scripts do) or are loaded by one that does; the WebAssembly may be
/// compiled. Styles allow inline attributes, which the server-rendered charts and pins use
/// (user text never reaches them). No plugins, no `<base>`, no framing by other sites.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; media-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The policy of every response that is not a page (files, data, events): nothing in it
/// may run or be framed.
pub const RESOURCE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; sandbox";

/// Sends the page policy with the page being rendered, under the nonce Leptos gave its
/// scripts. Called by the shell, so every page has it.
pub fn send_page_policy() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = header::HeaderValue::from_str(&page_policy(&nonce.to_string())) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}
