//! What the server and the pages of auth exchange: views, inputs and
//! their limits.

use crate::platform::user::CurrentUser;
use serde::{Deserialize, Serialize};

/// How a sign-in went: done, or waiting for the code of the account's authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignIn {
    Done(CurrentUser),
    CodeNeeded,
}
