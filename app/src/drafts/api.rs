//! Server functions of deliverables and drafts: both sides read, the creator submits.

use super::{DeliverableSummary, DeliverableView, DraftVersionView};
use crate::error::AppError;
use leptos::prelude::*;

/// A deliverable with its draft versions, for the creator or staff of its organization.
#[server]
pub async fn get_deliverable(id: i32) -> Result<DeliverableView, AppError> {
    crate::platform::caller::signed_in(|c, me| async move {
        let limit = c.state.settings.upload_limit;
        super::ssr::view(&c.state.db, &me, limit, id).await
    })
    .await
}

/// Submits a new draft version: caption or script, and files uploaded before.
#[server]
pub async fn submit_draft(
    deliverable_id: i32,
    caption: String,
    #[server(default)] upload_ids: Vec<i32>,
) -> Result<DraftVersionView, AppError> {
    use crate::collaboration::ssr::{Changed, announce};
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        let now = c.state.clock.now();
        let (caption, uploads) = (&caption, &upload_ids);
        let version =
            super::ssr::submit(&c.state.db, &me, now, deliverable_id, caption, uploads).await?;
        announce(&c.state, Changed::Deliverable(deliverable_id)).await;
        Ok(version)
    })
    .await
}

#[server]
pub async fn submit_live_link(
    deliverable_id: i32,
    live_url: String,
) -> Result<DeliverableSummary, AppError> {
    use crate::collaboration::ssr::{Changed, announce};
    use crate::{domain::role::Permission::UsePortal, platform::caller::authorized};
    authorized(UsePortal, |c, me| async move {
        let now = c.state.clock.now();
        let url = &live_url;
        let live = super::ssr::submit_live_link(&c.state.db, &me, now, deliverable_id, url).await?;
        announce(&c.state, Changed::Deliverable(deliverable_id)).await;
        Ok(live)
    })
    .await
}
