//! A collaboration is a pipeline entry seen whole: the brief the creator was sent, the
//! agreements, the deliverables. Marketing sees it from the campaign; the creator, in
//! the portal.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
