//! Creator payments: marketing schedules a collaboration's fee as one or more payments,
//! approves and pays them; the creator follows them in the portal.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
