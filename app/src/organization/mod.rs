//! An organization: how one comes to exist (the one-time setup link a new server prints,
//! or the operator's command) and the settings its admins keep: its name, the currency
//! new campaigns start in, and the time zone its dates and reminders are counted in.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
