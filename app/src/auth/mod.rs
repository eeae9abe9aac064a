//! Signing in and out, passwords, email confirmation, two-factor sign-in, and the guard
//! that wraps every protected page.

pub mod account;
pub mod api;
pub mod email;
pub mod guard;
pub mod pages;
pub mod reset;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod two_factor;

use crate::platform::user::CurrentUser;
use serde::{Deserialize, Serialize};

/// How a sign-in went: done, or waiting for the code of the account's authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignIn {
    Done(CurrentUser),
    CodeNeeded,
}
