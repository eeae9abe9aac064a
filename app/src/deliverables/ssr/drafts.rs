//! Drafts over the database: uploads become a version only when the creator submits it,
//! all at once, so a draft is never half there.

use super::store::{latest_version, summary};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, campaign, deliverable, draft_version, upload};
use crate::deliverables::types::{
    CAPTION_MAX, DeliverableSummary, DeliverableView, DraftVersionView, MEDIA_PER_VERSION,
    MediaView,
};
use crate::domain::notice::NoticeKind;
use crate::domain::utm::landing_url;
use crate::error::AppError;
use crate::platform::access::{self, Access};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use std::collections::HashMap;

/// An entry's deliverables, by due date, with how many draft versions each has.
pub async fn for_entry(
    db: &impl ConnectionTrait,
    entry_id: i32,
) -> Result<Vec<DeliverableSummary>, AppError> {
    let rows = deliverable::Entity::find()
        .filter(deliverable::Column::PipelineEntryId.eq(entry_id))
        .order_by_asc(deliverable::Column::DueOn)
        .order_by_asc(deliverable::Column::Id)
        .all(db)
        .await?;
    let mut counts: HashMap<i32, i32> = HashMap::new();
    for v in draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.is_in(rows.iter().map(|d| d.id)))
        .all(db)
        .await?
    {
        *counts.entry(v.deliverable_id).or_default() += 1;
    }
    Ok(rows
        .iter()
        .map(|d| summary(d, counts.get(&d.id).copied().unwrap_or(0)))
        .collect())
}

fn media_view(u: upload::Model) -> MediaView {
    MediaView {
        id: u.id,
        name: u.original_name,
        content_type: u.content_type,
        size_bytes: u.size_bytes,
    }
}

pub async fn view(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    upload_limit: u64,
    deliverable_id: i32,
) -> Result<DeliverableView, AppError> {
    Ok(load(db, me, upload_limit, deliverable_id).await?.0)
}

/// The deliverable's page, with the row and the reader's access for callers that build on it.
pub async fn load(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    upload_limit: u64,
    deliverable_id: i32,
) -> Result<(DeliverableView, deliverable::Model, Access), AppError> {
    let (d, access) = access::deliverable(db, me, deliverable_id).await?;
    let versions = draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.eq(d.id))
        .order_by_desc(draft_version::Column::Number)
        .all(db)
        .await?;
    let mut media: HashMap<i32, Vec<MediaView>> = HashMap::new();
    for u in upload::Entity::find()
        .filter(upload::Column::DraftVersionId.is_in(versions.iter().map(|v| v.id)))
        .order_by_asc(upload::Column::Position)
        .all(db)
        .await?
    {
        if let Some(v) = u.draft_version_id {
            media.entry(v).or_default().push(media_view(u));
        }
    }
    let campaign_name = campaign::Entity::find_by_id(access.entry.campaign_id)
        .one(db)
        .await?
        .map(|c| c.name)
        .unwrap_or_default();
    let view = DeliverableView {
        summary: summary(&d, versions.len() as i32),
        entry_id: access.entry.id,
        campaign_id: access.entry.campaign_id,
        campaign_name,
        creator_name: access.creator.name.clone(),
        live_at: d.live_at,
        versions: versions
            .into_iter()
            .map(|v| DraftVersionView {
                media: media.remove(&v.id).unwrap_or_default(),
                id: v.id,
                number: v.number,
                caption: v.caption,
                created_at: v.created_at,
            })
            .collect(),
        is_creator: access.side == access::Side::Creator,
        approved: d.approved_version_id.is_some(),
        upload_limit,
    };
    Ok((view, d, access))
}

pub(super) fn creator_only(access: &Access) -> Result<(), AppError> {
    access
        .require_creator()
        .map_err(|_| AppError::Conflict("Only the creator uploads drafts and live links.".into()))
}

/// Submits a new draft version: the caption and the caller's uploads, in order.
pub async fn submit(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    deliverable_id: i32,
    caption: &str,
    upload_ids: &[i32],
) -> Result<DraftVersionView, AppError> {
    let (d, access) = access::deliverable(db, me, deliverable_id).await?;
    creator_only(&access)?;
    // Line ends as LF only, so text selections count the same characters in the browser.
    let caption = caption.replace("\r\n", "\n").replace('\r', "\n");
    let caption = caption.trim();
    if caption.is_empty() && upload_ids.is_empty() {
        return Err(AppError::invalid(
            "caption",
            "Write the caption or script, or add a photo or video.",
        ));
    }
    if caption.chars().count() > CAPTION_MAX {
        return Err(AppError::invalid(
            "caption",
            format!("Keep the caption under {CAPTION_MAX} characters."),
        ));
    }
    if upload_ids.len() > MEDIA_PER_VERSION {
        return Err(AppError::invalid(
            "files",
            format!("Add at most {MEDIA_PER_VERSION} files to one version."),
        ));
    }
    let txn = begin_write(db).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    // Locked, so a version and a final approval cannot cross.
    if super::store::lock(&txn, d.id)
        .await?
        .approved_version_id
        .is_some()
    {
        return Err(AppError::Conflict(
            "This draft is approved: post it, then submit the live link.".into(),
        ));
    }
    let number = latest_version(&txn, d.id)
        .await?
        .map_or(1, |v| v.number + 1);
    let version = draft_version::ActiveModel {
        organization_id: Set(d.organization_id),
        deliverable_id: Set(d.id),
        number: Set(number),
        caption: Set(caption.to_string()),
        submitted_by: Set(Some(me.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict(
            "Another version was submitted at the same moment. Reload to see it.".into(),
        ),
        _ => AppError::from(e),
    })?;
    // Each upload joins only if it is the caller's and still free: claimed one by one, so
    // a file cannot end up in two versions.
    let mut media = Vec::new();
    for (position, id) in upload_ids.iter().enumerate() {
        let claimed = upload::Entity::update_many()
            .col_expr(upload::Column::DraftVersionId, Expr::value(version.id))
            .col_expr(upload::Column::Position, Expr::value(position as i32))
            .filter(upload::Column::Id.eq(*id))
            .filter(upload::Column::UserId.eq(me.id))
            .filter(upload::Column::DraftVersionId.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            return Err(AppError::invalid(
                "files",
                "One of the files is not available any more. Remove it and upload it again.",
            ));
        }
        if let Some(u) = upload::Entity::find_by_id(*id).one(&txn).await? {
            media.push(media_view(u));
        }
    }
    AuditEvent::new(Actor::from(me), Action::DraftSubmit)
        .organization(Some(d.organization_id))
        .entity(version.id)
        .after(&serde_json::json!({
            "deliverable_id": d.id,
            "number": number,
            "caption": caption,
            "media": media.iter().map(|m| m.id).collect::<Vec<_>>(),
        }))
        .record(&txn, now)
        .await?;
    super::store::reanchor(&txn, &version, now).await?;
    let title = format!(
        "{} submitted draft v{number} of {}",
        access.creator.name,
        summary(&d, number).title
    );
    access
        .tell_owner(
            &txn,
            NoticeKind::DraftSubmitted,
            title,
            format!("/deliverables/{}", d.id),
            now,
        )
        .await?;
    txn.commit().await?;
    Ok(DraftVersionView {
        id: version.id,
        number,
        caption: version.caption,
        media,
        created_at: now,
    })
}

/// The creator gives the live post's address.
pub async fn submit_live_link(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    deliverable_id: i32,
    url: &str,
) -> Result<DeliverableSummary, AppError> {
    let (d, access) = access::deliverable(db, me, deliverable_id).await?;
    creator_only(&access)?;
    let url = url.trim();
    landing_url(url).map_err(|_| {
        AppError::invalid(
            "live_url",
            "Paste the full address of the post, starting with https://",
        )
    })?;
    let txn = begin_write(db).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    let before = d.live_url.clone();
    let mut row: deliverable::ActiveModel = d.clone().into();
    row.live_url = Set(Some(url.to_string()));
    row.live_at = Set(Some(d.live_at.unwrap_or(now)));
    let saved = row.update(&txn).await?;
    AuditEvent::new(Actor::from(me), Action::DeliverableLive)
        .organization(Some(d.organization_id))
        .entity(d.id)
        .before(&serde_json::json!({ "live_url": before }))
        .after(&serde_json::json!({ "live_url": url }))
        .record(&txn, now)
        .await?;
    let title = format!("{} is live: {}", access.creator.name, summary(&d, 0).title);
    access
        .tell_owner(
            &txn,
            NoticeKind::General,
            title,
            format!("/deliverables/{}", d.id),
            now,
        )
        .await?;
    txn.commit().await?;
    let versions = draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.eq(d.id))
        .all(db)
        .await?
        .len() as i32;
    Ok(summary(&saved, versions))
}

/// May `me` see the media of this upload? Its uploader may; once in a version, whoever
/// may see that version's collaboration.
pub async fn visible_upload(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    upload_id: i32,
) -> Result<upload::Model, AppError> {
    let not_found = || AppError::NotFound("File".into());
    let u = upload::Entity::find_by_id(upload_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    match u.draft_version_id {
        None if u.user_id == me.id => Ok(u),
        None => Err(not_found()),
        Some(version_id) => {
            let v = draft_version::Entity::find_by_id(version_id)
                .one(db)
                .await?
                .ok_or_else(not_found)?;
            access::deliverable(db, me, v.deliverable_id)
                .await
                .map_err(|_| not_found())?;
            Ok(u)
        }
    }
}
