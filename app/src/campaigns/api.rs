//! Server functions of campaigns: staff read, marketing and admins write.

use super::{Campaign, CampaignInput, Person, Shelf};
use crate::domain::campaign::CampaignStatus;
use crate::error::AppError;
use crate::history::HistoryEntry;
use leptos::prelude::*;

#[server]
pub async fn list_campaigns(shelf: Shelf) -> Result<Vec<Campaign>, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::UseStaffApp).await?;
            super::ssr::list(&caller.state.db, &me, shelf).await
        }
        .await,
    )
}

#[server]
pub async fn get_campaign(id: i32) -> Result<Campaign, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::UseStaffApp).await?;
            super::ssr::get(&caller.state.db, &me, id).await
        }
        .await,
    )
}

#[server]
pub async fn campaign_history(id: i32) -> Result<Vec<HistoryEntry>, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::UseStaffApp).await?;
            super::ssr::history(&caller.state.db, &me, id).await
        }
        .await,
    )
}

/// Who may own a campaign: the team's marketing users and admins.
#[server]
pub async fn campaign_owners() -> Result<Vec<Person>, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::EditCampaigns).await?;
            super::ssr::owners(&caller.state.db, &me).await
        }
        .await,
    )
}

#[server]
pub async fn create_campaign(input: CampaignInput) -> Result<Campaign, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::EditCampaigns).await?;
            let s = &caller.state;
            let created = super::ssr::create(&s.db, &me, s.clock.now(), &input).await?;
            leptos_axum::redirect(&format!("/campaigns/{}", created.id));
            Ok(created)
        }
        .await,
    )
}

#[server]
pub async fn update_campaign(
    id: i32,
    version: i32,
    input: CampaignInput,
) -> Result<Campaign, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::EditCampaigns).await?;
            let s = &caller.state;
            let updated =
                super::ssr::update(&s.db, &me, s.clock.now(), id, version, &input).await?;
            leptos_axum::redirect(&format!("/campaigns/{id}"));
            Ok(updated)
        }
        .await,
    )
}

#[server]
pub async fn transition_campaign(
    id: i32,
    version: i32,
    to: CampaignStatus,
) -> Result<Campaign, AppError> {
    use crate::auth::ssr::{Caller, reply};
    use crate::domain::role::Permission;
    reply(
        async {
            let caller = Caller::from_context().await?;
            let me = caller.require(Permission::EditCampaigns).await?;
            let s = &caller.state;
            super::ssr::transition(&s.db, &me, s.clock.now(), id, version, to).await
        }
        .await,
    )
}
