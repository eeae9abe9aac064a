//! Server functions of the dashboard: every staff role reads it (directors live on it).

use super::Dashboard;
use crate::error::AppError;
use leptos::prelude::*;

/// One campaign's results.
#[server]
pub async fn campaign_dashboard(campaign_id: i32) -> Result<Dashboard, AppError> {
    use super::ssr::{Scope, dashboard};
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        dashboard(
            &c.state.db,
            me.organization()?,
            Scope::Campaign(campaign_id),
            super::LEADERBOARD,
        )
        .await
    })
    .await
}

/// The results of every active campaign together.
#[server]
pub async fn active_dashboard() -> Result<Dashboard, AppError> {
    use super::ssr::{Scope, dashboard};
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        dashboard(
            &c.state.db,
            me.organization()?,
            Scope::Active,
            super::LEADERBOARD,
        )
        .await
    })
    .await
}
