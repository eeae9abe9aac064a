//! The signed-in person as the UI and the server functions see them.

use crate::domain::role::{Permission, Role};
use serde::{Deserialize, Serialize};

/// Why an admin's rights wait, in an organization that asks admins for a second factor.
pub const TWO_FACTOR_FIRST: &str = "Your organization asks admins to sign in with a second \
     factor: turn on two-factor sign-in on your Account page first.";

/// The signed-in user as the UI and the server functions see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// None for creators.
    pub organization_id: Option<i32>,
    pub organization_name: Option<String>,
    /// Signs in with a second factor (an authenticator app).
    pub two_factor: bool,
    /// The organization asks its admins for a second factor, and this admin has none yet:
    /// their admin rights wait for it.
    pub two_factor_missing: bool,
    /// The IANA time zone dates are shown in: the organization's (UTC for creators).
    pub time_zone: String,
    /// The account proved it owns `email` (a link only that mailbox received).
    pub email_confirmed: bool,
}

impl CurrentUser {
    pub fn can(&self, permission: Permission) -> bool {
        self.role.can(permission)
    }

    /// The staff member's organization; creators have none and cannot act for one.
    pub fn organization(&self) -> Result<i32, crate::error::AppError> {
        self.organization_id
            .ok_or(crate::error::AppError::Forbidden)
    }
}

#[cfg(feature = "ssr")]
impl From<&CurrentUser> for crate::db::audit::Actor {
    fn from(user: &CurrentUser) -> Self {
        Self {
            user_id: Some(user.id),
            organization_id: user.organization_id,
        }
    }
}
