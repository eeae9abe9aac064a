//! Organization API tokens for integrations (the metrics ingest API). Admins create and
//! revoke them; a token is shown once, when created, and only its hash is kept.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
