//! The first-run setup page and the organization's settings page.

pub mod settings;
pub mod setup;
