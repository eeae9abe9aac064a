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
