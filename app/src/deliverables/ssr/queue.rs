//! The review queue: drafts whose newest version a lane has not decided on, longest
//! waiting first, with breaches of the brief's turnaround flagged.

use super::review::{decision, policy};
use super::store::summary;
use crate::db::{campaign, creator, deliverable, draft_version, pipeline_entry, review_decision};
use crate::deliverables::types::QueueItem;
use crate::domain::campaign::CampaignStatus;
use crate::domain::review::{self, Lane};
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The queue of the reader's lane; directors see both lanes.
pub async fn waiting(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<Vec<QueueItem>, AppError> {
    let org = me.organization()?;
    let lanes: Vec<Lane> = match Lane::of(me.role) {
        Some(lane) => vec![lane],
        None => Lane::ALL.to_vec(),
    };
    let open = deliverable::Entity::find()
        .filter(deliverable::Column::OrganizationId.eq(org))
        // A post that went live unapproved still waits for its review.
        .filter(deliverable::Column::ApprovedVersionId.is_null())
        .all(db)
        .await?;
    let ids: Vec<i32> = open.iter().map(|d| d.id).collect();
    let mut latest: HashMap<i32, (draft_version::Model, i32)> = HashMap::new();
    for v in draft_version::Entity::find()
        .filter(draft_version::Column::DeliverableId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        let slot = latest.entry(v.deliverable_id).or_insert((v.clone(), 0));
        slot.1 += 1;
        if v.number > slot.0.number {
            slot.0 = v;
        }
    }
    let decisions: Vec<review::Decision> = review_decision::Entity::find()
        .filter(review_decision::Column::DeliverableId.is_in(ids))
        .all(db)
        .await?
        .iter()
        .filter_map(decision)
        .collect();
    let entries: HashMap<i32, pipeline_entry::Model> = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::Id.is_in(open.iter().map(|d| d.pipeline_entry_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let campaigns: HashMap<i32, campaign::Model> = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(entries.values().map(|e| e.campaign_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let creators: HashMap<i32, String> = creator::Entity::find()
        .filter(creator::Column::Id.is_in(entries.values().map(|e| e.creator_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();

    let mut items = Vec::new();
    for d in &open {
        let (Some((version, count)), Some(entry)) =
            (latest.get(&d.id), entries.get(&d.pipeline_entry_id))
        else {
            continue;
        };
        let Some(campaign) = campaigns.get(&entry.campaign_id) else {
            continue;
        };
        if CampaignStatus::parse(&campaign.status) == Some(CampaignStatus::Archived) {
            continue;
        }
        let brief = policy(db, entry).await?;
        let allowed = brief.as_ref().map(|b| i32::from(b.revision_rounds));
        let target = brief.as_ref().map_or(0, |b| b.turnaround_hours);
        for lane in &lanes {
            if review::verdict(&decisions, *lane, version.id).is_some() {
                continue;
            }
            items.push(QueueItem {
                deliverable_id: d.id,
                title: summary(d, *count).title,
                creator_name: creators.get(&entry.creator_id).cloned().unwrap_or_default(),
                campaign_name: campaign.name.clone(),
                version_number: version.number,
                lane: *lane,
                wait: review::wait(version.created_at, None, now, target),
                over_policy: allowed.is_some_and(|a| review::revisions_used(*count) > a),
            });
        }
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.wait.minutes));
    Ok(items)
}
