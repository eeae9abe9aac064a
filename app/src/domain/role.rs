//! Who may do what. The server checks these on every call; the UI only mirrors them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A marketing user who also manages the team, API tokens and settings.
    Admin,
    Marketing,
    Legal,
    Director,
    Creator,
}

/// Capabilities, granted by role. New capabilities add a variant here, never a role check
/// scattered through the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See the staff app at all (campaigns, creators, dashboard in read mode).
    UseStaffApp,
    /// Invite staff and creators, read the outbox.
    ManageTeam,
    /// Create and change campaigns and their pipelines (shortlisting creators into them).
    EditCampaigns,
    /// Create and change creators, import them, and see their onboarding data (legal name,
    /// address, payment details, tax id).
    ManageCreators,
    /// Use the creator portal.
    UsePortal,
    /// Create and revoke the organization's API tokens (integrations).
    ManageApiTokens,
    /// Change the organization's settings (name, currency, time zone).
    ManageOrganization,
}

impl Permission {
    /// An admin's own rights (the team, API tokens, settings): an organization may ask
    /// that they be used only with a second factor.
    pub fn is_admin_power(self) -> bool {
        matches!(
            self,
            Permission::ManageTeam | Permission::ManageApiTokens | Permission::ManageOrganization
        )
    }
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Marketing,
        Role::Legal,
        Role::Director,
        Role::Creator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Marketing => "marketing",
            Role::Legal => "legal",
            Role::Director => "director",
            Role::Creator => "creator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Marketing => "Marketing",
            Role::Legal => "Legal",
            Role::Director => "Director",
            Role::Creator => "Creator",
        }
    }

    pub fn is_staff(self) -> bool {
        self != Role::Creator
    }

    pub fn can(self, permission: Permission) -> bool {
        match permission {
            Permission::UseStaffApp => self.is_staff(),
            Permission::ManageTeam
            | Permission::ManageApiTokens
            | Permission::ManageOrganization => self == Role::Admin,
            Permission::EditCampaigns | Permission::ManageCreators => {
                matches!(self, Role::Admin | Role::Marketing)
            }
            Permission::UsePortal => self == Role::Creator,
        }
    }

    /// Where this role lands after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Role::Admin | Role::Marketing => "/campaigns",
            Role::Legal => "/reviews",
            Role::Director => "/dashboard",
            Role::Creator => "/portal",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse("Admin"), None);
    }

    #[test]
    fn only_admins_manage_the_team() {
        let managers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.can(Permission::ManageTeam))
            .collect();
        assert_eq!(managers, vec![Role::Admin]);
    }

    #[test]
    fn creators_are_kept_out_of_the_staff_app_and_staff_out_of_the_portal() {
        for role in Role::ALL {
            assert_eq!(role.can(Permission::UseStaffApp), role != Role::Creator);
            assert_eq!(role.can(Permission::UsePortal), role == Role::Creator);
        }
    }

    #[test]
    fn marketing_and_admins_edit_campaigns_and_creators_the_others_read() {
        for role in Role::ALL {
            for permission in [Permission::EditCampaigns, Permission::ManageCreators] {
                assert_eq!(
                    role.can(permission),
                    matches!(role, Role::Admin | Role::Marketing)
                );
            }
        }
    }

    #[test]
    fn every_role_has_a_home() {
        assert_eq!(Role::Director.home(), "/dashboard");
        assert_eq!(Role::Creator.home(), "/portal");
        assert!(Role::ALL.iter().all(|r| r.home().starts_with('/')));
    }
}
