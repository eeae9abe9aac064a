//! What the server and the pages of organization exchange: views, inputs and
//! their limits.

use crate::domain::money;
use crate::domain::validate;
use crate::error::Validation;
use serde::{Deserialize, Serialize};

/// What an admin can change about their organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationSettings {
    pub name: String,
    /// ISO 4217, one Roster formats (see `domain::money::CURRENCIES`).
    pub currency: String,
    /// An IANA time zone name, e.g. `Europe/Paris`.
    pub time_zone: String,
    /// Admins use their admin rights only after signing in with a second factor.
    pub admins_need_two_factor: bool,
}

impl OrganizationSettings {
    /// Trims and upper-cases what was typed, and checks the name and the currency. The time
    /// zone is checked on the server, which carries the time zone database.
    pub fn cleaned(self, v: &mut Validation) -> Self {
        let name = self.name.trim().to_string();
        v.add("name", validate::name(&name));
        let currency = self.currency.trim().to_uppercase();
        v.check(
            money::exponent(&currency).is_some(),
            "currency",
            "Pick a currency from the list.",
        );
        OrganizationSettings {
            name,
            currency,
            time_zone: self.time_zone.trim().to_string(),
            admins_need_two_factor: self.admins_need_two_factor,
        }
    }
}

/// The settings page's data: the settings and the time zones to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub settings: OrganizationSettings,
    pub time_zones: Vec<String>,
}

/// The first admin of a new organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstAdmin {
    pub name: String,
    pub email: String,
    pub password: String,
}
