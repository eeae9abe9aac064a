//! Deliverables, from the creator's draft to the reviewers' decisions (docs/PRODUCT.md §5):
//! each upload of a draft is a new version with its caption and media, earlier versions
//! stay readable; inline comment threads follow their text from version to version;
//! automatic compliance checks; the marketing and legal approval lanes and the queue of
//! drafts waiting for them; then the live post's link.
//!
//! `types` crosses the wire, `api` holds the server functions, `ssr/` the server code
//! (`ssr/store.rs` is what both halves share), `http` the media routes, `ui/` the pages.

pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;
