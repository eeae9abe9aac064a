//! Campaigns: the plan (objective, budget, dates, goals, owner) and its status. The campaign
//! page is the hub later capabilities hang off (pipeline, brief, drafts, dashboard).

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
