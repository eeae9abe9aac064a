//! Tasks the pipeline hands to people (reach out, follow up, final notice). Marketing sees
//! theirs under "My tasks"; reminders of them come as notifications.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
