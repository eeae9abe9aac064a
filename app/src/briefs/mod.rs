//! Briefs: what a campaign asks of its creators (docs/PRODUCT.md §4.1). Each save is a new version,
//! so a creator always reads the version they were sent.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
