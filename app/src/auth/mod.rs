//! Signing in and out, passwords, email confirmation, two-factor sign-in, and the guard
//! that wraps every protected page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod two_factor;
pub mod types;
pub mod ui;

pub use types::*;
