//! Server functions of the creator database: staff read; marketing and admins write and
//! see onboarding data.

use super::import::ImportPreview;
use super::{ChannelInput, Creator, CreatorInput, CreatorResults};
use crate::domain::creator_filter::CreatorFilter;
use crate::domain::history::HistoryEntry;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn search_creators(
    #[server(default)] filter: CreatorFilter,
) -> Result<CreatorResults, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::search::search(&c.state.db, &me, &filter).await
    })
    .await
}

/// The niches in use, for the filter's suggestions.
#[server]
pub async fn creator_niches() -> Result<Vec<String>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::search::niches(&c.state.db, &me).await
    })
    .await
}

#[server]
pub async fn get_creator(id: i32) -> Result<Creator, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::get(&c.state.db, &me, id).await
    })
    .await
}

#[server]
pub async fn creator_history(id: i32) -> Result<Vec<HistoryEntry>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::history(&c.state.db, &me, id).await
    })
    .await
}

#[server]
pub async fn create_creator(input: CreatorInput) -> Result<Creator, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        let created = super::ssr::create(&c.state.db, &me, c.state.clock.now(), &input).await?;
        leptos_axum::redirect(&format!("/creators/{}", created.id));
        Ok(created)
    })
    .await
}

#[server]
pub async fn update_creator(
    id: i32,
    version: i32,
    input: CreatorInput,
) -> Result<Creator, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        let now = c.state.clock.now();
        let updated = super::ssr::update(&c.state.db, &me, now, id, version, &input).await?;
        leptos_axum::redirect(&format!("/creators/{id}"));
        Ok(updated)
    })
    .await
}

#[server]
pub async fn delete_creator(id: i32, version: i32) -> Result<(), AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        super::ssr::delete(&c.state.db, &me, c.state.clock.now(), id, version).await?;
        leptos_axum::redirect("/creators");
        Ok(())
    })
    .await
}

#[server]
pub async fn add_channel(id: i32, version: i32, input: ChannelInput) -> Result<Creator, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        let now = c.state.clock.now();
        super::ssr::add_channel(&c.state.db, &me, now, id, version, &input).await
    })
    .await
}

#[server]
pub async fn remove_channel(id: i32, version: i32, channel_id: i32) -> Result<Creator, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        let now = c.state.clock.now();
        super::ssr::remove_channel(&c.state.db, &me, now, id, version, channel_id).await
    })
    .await
}

#[server]
pub async fn get_import(id: i32) -> Result<ImportPreview, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        super::ssr::import::preview(&c.state.db, &me, id).await
    })
    .await
}

#[server]
pub async fn commit_import(id: i32) -> Result<ImportPreview, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        super::ssr::import::commit(&c.state.db, &me, c.state.clock.now(), id).await
    })
    .await
}

#[server]
pub async fn cancel_import(id: i32) -> Result<ImportPreview, AppError> {
    use crate::{domain::role::Permission::ManageCreators, platform::caller::authorized};
    authorized(ManageCreators, |c, me| async move {
        super::ssr::import::cancel(&c.state.db, &me, c.state.clock.now(), id).await
    })
    .await
}
