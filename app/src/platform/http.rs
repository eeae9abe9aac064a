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

/// The script nonce of one page response, minted by the server's security layer before
/// the page renders and handed to Leptos (its hydration scripts carry it), so the header
/// and the page always agree.
#[derive(Clone, Debug)]
pub struct PageNonce(pub String);

impl PageNonce {
    /// 128 random bits, URL-safe base64.
    pub fn new() -> Self {
        use base64::Engine;
        let bytes: [u8; 16] = rand::random();
        PageNonce(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }
}

impl Default for PageNonce {
    fn default() -> Self {
        Self::new()
    }
}

/// Gives Leptos this request's nonce (call it in the context every page renders with).
pub fn provide_page_nonce() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}
