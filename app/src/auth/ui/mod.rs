//! The pages of signing in and of one's own account, and the guard around protected pages.

pub mod account;
pub mod email;
pub mod guard;
pub mod reset;
pub mod sign_in;
