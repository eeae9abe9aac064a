//! Server functions of deliverables: the creator submits drafts and the live link; both
//! sides read; reviewers comment and decide. Every change is announced on the real-time
//! channel, so other open pages of the deliverable update by themselves.

use super::types::{
    CommentTarget, DeliverableSummary, DeliverableView, DraftVersionView, QueueItem, ReviewView,
};
use crate::domain::review::Status;
use crate::error::AppError;
use leptos::prelude::*;

/// A deliverable with its draft versions, for the creator or staff of its organization.
#[server]
pub async fn get_deliverable(id: i32) -> Result<DeliverableView, AppError> {
    crate::platform::caller::signed_in(|c, me| async move {
        let limit = c.state.settings.upload_limit;
        super::ssr::drafts::view(&c.state.db, &me, limit, id).await
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
            super::ssr::drafts::submit(&c.state.db, &me, now, deliverable_id, caption, uploads)
                .await?;
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
        let live = super::ssr::drafts::submit_live_link(&c.state.db, &me, now, deliverable_id, url)
            .await?;
        announce(&c.state, Changed::Deliverable(deliverable_id)).await;
        Ok(live)
    })
    .await
}

/// The review page of a deliverable: staff of its organization, or its creator.
#[server]
pub async fn get_review(id: i32) -> Result<ReviewView, AppError> {
    crate::platform::caller::signed_in(|c, me| async move {
        let (limit, now) = (c.state.settings.upload_limit, c.state.clock.now());
        super::ssr::review::view(&c.state.db, &me, limit, now, id).await
    })
    .await
}

/// Runs a change as the signed-in user (staff or creator; each change checks more), then
/// tells open pages of the deliverable it touched (which the change reports).
#[cfg(feature = "ssr")]
async fn change_and_announce<T, Fut>(
    body: impl FnOnce(crate::platform::caller::Caller, crate::platform::user::CurrentUser) -> Fut,
) -> Result<T, AppError>
where
    Fut: std::future::Future<Output = Result<(i32, T), AppError>>,
{
    use crate::collaboration::ssr::{Changed, announce};
    crate::platform::caller::signed_in(|c, me| async move {
        let state = c.state.clone();
        let (deliverable, out) = body(c, me).await?;
        announce(&state, Changed::Deliverable(deliverable)).await;
        Ok(out)
    })
    .await
}

/// Starts a comment thread on a version, on words of its caption, a point of an image, or
/// the whole draft (see [`CommentTarget`]).
#[server]
pub async fn add_comment(
    version_id: i32,
    body: String,
    #[server(default)] target: CommentTarget,
) -> Result<i32, AppError> {
    use super::ssr::comments::{NewTarget, start_thread};
    change_and_announce(|c, me| async move {
        let now = c.state.clock.now();
        let target = NewTarget::from_sent(target)?;
        start_thread(&c.state.db, &me, now, version_id, &body, target).await
    })
    .await
}

#[server]
pub async fn reply_to_comment(thread_id: i32, body: String) -> Result<i32, AppError> {
    change_and_announce(|c, me| async move {
        let now = c.state.clock.now();
        super::ssr::comments::reply(&c.state.db, &me, now, thread_id, &body).await
    })
    .await
}

#[server]
pub async fn edit_comment(comment_id: i32, body: String) -> Result<(), AppError> {
    change_and_announce(|c, me| async move {
        let now = c.state.clock.now();
        super::ssr::comments::edit(&c.state.db, &me, now, comment_id, &body).await
    })
    .await
}

#[server]
pub async fn delete_comment(comment_id: i32) -> Result<(), AppError> {
    change_and_announce(|c, me| async move {
        let now = c.state.clock.now();
        super::ssr::comments::delete(&c.state.db, &me, now, comment_id).await
    })
    .await
}

#[server]
pub async fn resolve_comment(thread_id: i32, resolved: bool) -> Result<(), AppError> {
    change_and_announce(|c, me| async move {
        let now = c.state.clock.now();
        super::ssr::comments::set_resolved(&c.state.db, &me, now, thread_id, resolved).await
    })
    .await
}

/// A lane's decision on the newest version: `verdict` is `approved` or
/// `changes_requested`, `checked` the ticked checklist keys, comma-separated.
#[server]
pub async fn decide(
    deliverable_id: i32,
    version_id: i32,
    lane: String,
    verdict: String,
    #[server(default)] checked: String,
    #[server(default)] note: String,
) -> Result<Status, AppError> {
    use super::ssr::decisions::{DecisionRequest, decide};
    change_and_announce(|c, me| async move {
        let now = c.state.clock.now();
        let asked = DecisionRequest {
            version_id,
            lane: &lane,
            verdict: &verdict,
            checked: &checked,
            note: &note,
        };
        let status = decide(&c.state.db, &me, now, deliverable_id, asked).await?;
        Ok((deliverable_id, status))
    })
    .await
}

/// Drafts waiting for the reader's lane (both lanes for directors), longest first.
#[server]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    use crate::{domain::role::Permission::UseStaffApp, platform::caller::authorized};
    authorized(UseStaffApp, |c, me| async move {
        super::ssr::queue::waiting(&c.state.db, &me, c.state.clock.now()).await
    })
    .await
}
