//! Server functions of a deliverable's readings: staff read them, marketing types them in.

use super::DeliverableResults;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::BTreeMap;

#[server]
pub async fn get_readings(deliverable_id: i32) -> Result<DeliverableResults, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::manual::results(&c.state.db, &me, deliverable_id).await
    })
    .await
}

/// Records a reading typed in: `counts` by their typed names (`domain::reading::TYPED`),
/// blank for 0; `captured_at` in UTC, blank for now.
#[server]
pub async fn record_reading(
    deliverable_id: i32,
    #[server(default)] captured_at: String,
    #[server(default)] counts: BTreeMap<String, String>,
) -> Result<usize, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let (at, counts) = (&captured_at, &counts);
        super::ssr::manual::record_typed(&c.state, &me, deliverable_id, at, counts).await
    })
    .await
}

/// Turns the demo's metrics simulator on or off (the demo organization only).
#[server]
pub async fn switch_simulator(on: bool) -> Result<bool, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        super::ssr::simulator::switch(&c.state.db, &me, now, on).await
    })
    .await
}
