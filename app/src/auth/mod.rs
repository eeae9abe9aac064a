//! Who is calling: sign in and out, the current user, and the guards every server function uses.

pub mod api;
pub mod guard;
pub mod pages;
pub mod reset;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::domain::role::{Permission, Role};
use serde::{Deserialize, Serialize};

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
