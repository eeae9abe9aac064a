//! Server functions of a campaign's report: staff read it, marketing finalizes it.

use super::Report;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn get_report(campaign_id: i32) -> Result<Report, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::report(&c.state.db, &me, campaign_id).await
    })
    .await
}

/// Freezes a completed campaign's figures and emails its report to the directors.
#[server]
pub async fn finalize_campaign(campaign_id: i32, version: i32) -> Result<Report, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        let url = &c.state.settings.public_url;
        super::ssr::finalize(&c.state.db, &me, now, url, campaign_id, version).await?;
        super::ssr::report(&c.state.db, &me, campaign_id).await
    })
    .await
}
