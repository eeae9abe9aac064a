//! The pipeline: each creator on a campaign is an entry that moves through the stages.
//! Shortlisting creates entries in the first stage; the board moves them.

pub mod api;
pub mod board;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
