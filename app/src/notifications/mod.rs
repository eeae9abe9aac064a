//! In-app notifications: the bell with its unread count, live through the person's own
//! event stream, and the email each notification sends unless its reader chose not to.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
