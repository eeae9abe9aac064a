//! The creator portal's pages, phone first.

pub mod collaboration;
pub mod home;
pub mod onboarding;
