//! The team of an organization: its staff, and the invitations that bring in staff and creators.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
