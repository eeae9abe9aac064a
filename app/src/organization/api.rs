//! Server functions of organizations: the public setup link (its holder founds the
//! server's first organization) and the settings (admins).

use super::{OrganizationSettings, SettingsForm};
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use leptos::prelude::*;

/// Public: whether a setup link works, and then the time zones to choose from. Every
/// other answer is "not found".
#[server]
pub async fn check_setup_link(token: String) -> Result<Vec<String>, AppError> {
    use crate::platform::caller::{Caller, reply};
    reply(
        async {
            let c = Caller::from_context().await?;
            super::ssr::check_link(&c.state.db, &token).await?;
            Ok(super::ssr::time_zones())
        }
        .await,
    )
}

/// Public, with a live setup link: founds the organization with its first admin, who is
/// signed in and taken to the Team page to invite colleagues.
#[server]
#[allow(clippy::too_many_arguments)]
pub async fn set_up_organization(
    token: String,
    name: String,
    currency: String,
    time_zone: String,
    admin_name: String,
    email: String,
    password: String,
) -> Result<CurrentUser, AppError> {
    use crate::platform::caller::{Caller, load_current_user, reply};
    reply(
        async {
            let c = Caller::from_context().await?;
            let db = &c.state.db;
            let settings = OrganizationSettings {
                name,
                currency,
                time_zone,
                admins_need_two_factor: false,
            };
            let admin = super::FirstAdmin {
                name: admin_name,
                email,
                password,
            };
            let now = c.state.clock.now();
            let account = super::ssr::complete_setup(db, now, &token, settings, admin).await?;
            c.sign_in(account.id).await?;
            leptos_axum::redirect("/team");
            load_current_user(db, account.id)
                .await?
                .ok_or(AppError::Internal)
        }
        .await,
    )
}

#[server]
pub async fn get_organization_settings() -> Result<SettingsForm, AppError> {
    use crate::{domain::role::Permission::ManageOrganization, platform::caller::authorized};
    authorized(ManageOrganization, |c, me| async move {
        super::ssr::settings(&c.state.db, &me).await
    })
    .await
}

#[server]
pub async fn update_organization_settings(
    name: String,
    currency: String,
    time_zone: String,
    /// A checkbox: sent only when ticked.
    admins_need_two_factor: Option<bool>,
) -> Result<OrganizationSettings, AppError> {
    use crate::{domain::role::Permission::ManageOrganization, platform::caller::authorized};
    authorized(ManageOrganization, |c, me| async move {
        let input = OrganizationSettings {
            name,
            currency,
            time_zone,
            admins_need_two_factor: admins_need_two_factor.unwrap_or(false),
        };
        super::ssr::update(&c.state.db, &me, c.state.clock.now(), input).await
    })
    .await
}
