//! A campaign's report (docs/PRODUCT.md §2.3): results against budget and goals,
//! every creator and every deliverable. Until the campaign is finalized its figures are
//! live; finalizing freezes them on the campaign (`final_figures`), emails the report to
//! the organization's directors, and opens the way to the archive. It prints cleanly and
//! exports as CSV per creator and per deliverable.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
