//! Server functions of the pipeline.

use super::{Entry, ShortlistInput};
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use leptos::prelude::*;

#[server]
pub async fn pipeline_entries(campaign_id: i32) -> Result<Vec<Entry>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::entries(&c.state.db, &me, c.state.clock.now(), campaign_id).await
    })
    .await
}

/// Adds the selected creators to a campaign's first stage, all or none.
#[server]
pub async fn shortlist_creators(
    campaign_id: i32,
    #[server(default)] creator_ids: Vec<i32>,
    #[server(default)] input: ShortlistInput,
) -> Result<Vec<Entry>, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        let added =
            super::ssr::shortlist(&c.state.db, &me, now, campaign_id, &creator_ids, &input).await?;
        let org = me.organization()?;
        c.state.events.publish(
            org,
            crate::realtime::Kind::PipelineShortlisted,
            Some(campaign_id),
            None,
        );
        Ok(added)
    })
    .await
}

/// Moves a card to a stage and a place in its column; answers the card as saved (the rest
/// of the board reaches the browser as live events).
#[server]
pub async fn move_entry(
    entry_id: i32,
    version: i32,
    to: Stage,
    index: u32,
) -> Result<Entry, AppError> {
    use crate::{domain::role::Permission::EditCampaigns, platform::caller::authorized};
    authorized(EditCampaigns, |c, me| async move {
        let now = c.state.clock.now();
        let org = me.organization()?;
        let mover = use_context::<super::ssr::moves::Mover>().ok_or(AppError::Internal)?;
        let moved = mover
            .submit(super::ssr::moves::Move {
                me,
                now,
                entry_id,
                version,
                to,
                index,
            })
            .await?;
        // Committed: tell every open board.
        c.state.events.publish(
            org,
            crate::realtime::Kind::PipelineMoved,
            Some(moved.campaign_id),
            Some(entry_id),
        );
        Ok(moved)
    })
    .await
}
