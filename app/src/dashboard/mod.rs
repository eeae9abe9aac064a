//! The results dashboard: one campaign's, or every active campaign's (the director's
//! home). Figures come from each deliverable's latest snapshot (docs/PRODUCT.md
//! §7.3); the page follows the real-time channel and reloads itself within a second
//! of new metrics or a pipeline move.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
