//! A lane's decision on a draft version. Only on the newest version, only in the reader's
//! own lane; when both lanes have approved the same version the draft is approved and
//! frozen. The creator hears of every decision.

use super::review::{checked, decision};
use super::store::{latest_version, lock, summary};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, deliverable, review_decision};
use crate::domain::notice::NoticeKind;
use crate::domain::review::{self, Lane, Status, Verdict};
use crate::error::AppError;
use crate::platform::access::{self, Side};
use crate::platform::notify::{Notice, notify};
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// A decision as asked for.
pub struct DecisionRequest<'a> {
    pub version_id: i32,
    pub lane: &'a str,
    pub verdict: &'a str,
    /// Checklist keys, comma-separated.
    pub checked: &'a str,
    pub note: &'a str,
}

/// Records the decision; returns the draft's status after it.
pub async fn decide(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    deliverable_id: i32,
    asked: DecisionRequest<'_>,
) -> Result<Status, AppError> {
    let (d, access) = access::deliverable(db, me, deliverable_id).await?;
    let lane = Lane::parse(asked.lane).ok_or_else(|| AppError::invalid("lane", "Pick a lane."))?;
    if access.side != Side::Staff || Lane::of(me.role) != Some(lane) {
        return Err(AppError::Forbidden);
    }
    let verdict = Verdict::parse(asked.verdict)
        .ok_or_else(|| AppError::invalid("verdict", "Approve or request changes."))?;
    let checked = checked(asked.checked);
    let note = asked.note.trim();
    if note.chars().count() > crate::deliverables::types::COMMENT_MAX {
        return Err(AppError::invalid("note", "Keep the note shorter."));
    }
    review::check_decision(verdict, &checked, note).map_err(|e| {
        let field = match verdict {
            Verdict::Approved => "checked",
            Verdict::ChangesRequested => "note",
        };
        AppError::invalid(field, e)
    })?;

    let txn = begin_write(db).await?;
    access::ensure_open(&txn, access.entry.id).await?;
    let d = lock(&txn, d.id).await?;
    if d.approved_version_id.is_some() {
        return Err(AppError::Conflict(
            "This draft is already approved by both lanes.".into(),
        ));
    }
    let latest = latest_version(&txn, d.id)
        .await?
        .ok_or_else(|| AppError::Conflict("There is no draft to review yet.".into()))?;
    if latest.id != asked.version_id {
        return Err(AppError::Conflict(format!(
            "Version {} has arrived since: review the newest version.",
            latest.number
        )));
    }
    let saved = review_decision::ActiveModel {
        organization_id: Set(d.organization_id),
        deliverable_id: Set(d.id),
        draft_version_id: Set(latest.id),
        lane: Set(lane.as_str().into()),
        verdict: Set(verdict.as_str().into()),
        checked: Set(checked.join(",")),
        note: Set(note.to_string()),
        decided_by: Set(Some(me.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    AuditEvent::new(Actor::from(me), Action::ReviewDecide)
        .organization(Some(d.organization_id))
        .entity(saved.id)
        .after(&serde_json::json!({
            "deliverable_id": d.id,
            "version": latest.number,
            "lane": lane.as_str(),
            "verdict": verdict.as_str(),
            "checked": checked,
            "note": note,
        }))
        .record(&txn, now)
        .await?;

    let decisions: Vec<review::Decision> = review_decision::Entity::find()
        .filter(review_decision::Column::DeliverableId.eq(d.id))
        .all(&txn)
        .await?
        .iter()
        .filter_map(decision)
        .collect();
    let status = review::status(Some(latest.id), &decisions);
    let title = summary(&d, latest.number).title;
    if status == Status::Approved {
        let mut row: deliverable::ActiveModel = d.clone().into();
        row.approved_version_id = Set(Some(latest.id));
        row.update(&txn).await?;
        AuditEvent::new(Actor::from(me), Action::DraftApprove)
            .organization(Some(d.organization_id))
            .entity(d.id)
            .after(&serde_json::json!({ "approved_version": latest.number }))
            .record(&txn, now)
            .await?;
    }
    if let Some(creator_user) = access.creator.user_id {
        let what = match (status, verdict) {
            (Status::Approved, _) => format!(
                "Your draft v{} of {title} is approved: post it!",
                latest.number
            ),
            (_, Verdict::Approved) => {
                format!("{} approved v{} of {title}", lane.label(), latest.number)
            }
            (_, Verdict::ChangesRequested) => {
                format!(
                    "{} asked for changes to v{} of {title}",
                    lane.label(),
                    latest.number
                )
            }
        };
        let link = format!("/portal/deliverables/{}", d.id);
        let notice = Notice {
            organization_id: d.organization_id,
            user_id: creator_user,
            kind: NoticeKind::ReviewDecision,
            title: what,
            link,
        };
        notify(&txn, notice, now).await?;
    }
    txn.commit().await?;
    Ok(status)
}
