//! Server functions of campaigns: staff read, marketing and admins write.

use super::{Campaign, CampaignInput, Person, Shelf};
use crate::domain::campaign::CampaignStatus;
use crate::domain::history::HistoryEntry;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn list_campaigns(shelf: Shelf) -> Result<Vec<Campaign>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::list(&c.state.db, &me, shelf).await
    })
    .await
}

#[server]
pub async fn get_campaign(id: i32) -> Result<Campaign, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::get(&c.state.db, &me, id).await
    })
    .await
}

#[server]
pub async fn campaign_history(id: i32) -> Result<Vec<HistoryEntry>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::history(&c.state.db, &me, id).await
    })
    .await
}

/// Who may own a campaign: the team's marketing users and admins.
#[server]
pub async fn campaign_owners() -> Result<Vec<Person>, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        super::ssr::owners(&c.state.db, &me).await
    })
    .await
}

#[server]
pub async fn create_campaign(input: CampaignInput) -> Result<Campaign, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let created = super::ssr::create(&c.state.db, &me, c.state.clock.now(), &input).await?;
        leptos_axum::redirect(&format!("/campaigns/{}", created.id));
        Ok(created)
    })
    .await
}

#[server]
pub async fn update_campaign(
    id: i32,
    version: i32,
    input: CampaignInput,
) -> Result<Campaign, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        let updated = super::ssr::update(&c.state.db, &me, now, id, version, &input).await?;
        leptos_axum::redirect(&format!("/campaigns/{id}"));
        Ok(updated)
    })
    .await
}

#[server]
pub async fn transition_campaign(
    id: i32,
    version: i32,
    to: CampaignStatus,
) -> Result<Campaign, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let (db, now) = (&c.state.db, c.state.clock.now());
        match to {
            // The report keeps a completed campaign's results before it is put away.
            CampaignStatus::Archived => {
                let url = &c.state.settings.public_url;
                crate::report::ssr::archive(db, &me, now, url, id, version).await
            }
            _ => super::ssr::transition(db, &me, now, id, version, to).await,
        }
    })
    .await
}
