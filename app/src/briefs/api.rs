//! Server functions of briefs: staff read them, marketing writes them.

use super::{BriefInput, BriefPage};
use crate::error::AppError;
use leptos::prelude::*;

/// A campaign's brief: the newest version, or `version`.
#[server]
pub async fn get_brief(campaign_id: i32, version: Option<i32>) -> Result<BriefPage, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::page(&c.state.db, &me, campaign_id, version).await
    })
    .await
}

/// Saves the brief as its next version; `based_on` is the version the editor started from.
#[server]
pub async fn save_brief(
    campaign_id: i32,
    based_on: Option<i32>,
    input: BriefInput,
) -> Result<i32, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        super::ssr::save(&c.state.db, &me, now, campaign_id, based_on, &input).await
    })
    .await
}
