//! Metrics: snapshots of each deliverable's figures (typed in, imported from CSV, posted to
//! the ingest API, or fed by the demo simulator, all through one recorder) and the
//! dashboard built from them (docs/PRODUCT.md §7).

pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
