//! The creator portal, phone first: collaborations with their brief, agreement and
//! deliverables; drafts and live links; the onboarding a creator fills in once.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
