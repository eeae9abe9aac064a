//! The creator database (CRM): profiles, channels, niches, onboarding data, search, CSV
//! import and export, and each creator's collaborations across campaigns.

pub mod api;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod types;
pub mod ui;

pub use types::*;
