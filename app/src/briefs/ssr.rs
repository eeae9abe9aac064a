//! Briefs over the database: versions are only added, and sending records which version
//! each creator received.

use super::{BriefFields, BriefInput, BriefPage, BriefVersion};
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::outbox::{self, Email};
use crate::db::{begin_write, brief, brief_delivery, campaign, creator, json_rows, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::text::escape_html;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::{BTreeSet, HashMap};

pub(crate) fn decode(row: &brief::Model) -> Result<BriefFields, AppError> {
    serde_json::from_str(&row.content).map_err(|e| {
        tracing::error!(brief = row.id, error = %e, "unreadable brief");
        AppError::Internal
    })
}

pub(crate) fn to_version(row: brief::Model, by: Option<String>) -> Result<BriefVersion, AppError> {
    Ok(BriefVersion {
        fields: decode(&row)?,
        id: row.id,
        version: row.version,
        created_at: row.created_at,
        created_by: by,
    })
}

/// The campaign's newest brief version.
pub async fn latest(
    db: &impl ConnectionTrait,
    campaign_id: i32,
) -> Result<Option<brief::Model>, DbErr> {
    brief::Entity::find()
        .filter(brief::Column::CampaignId.eq(campaign_id))
        .order_by_desc(brief::Column::Version)
        .one(db)
        .await
}

pub async fn page(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    campaign_id: i32,
    version: Option<i32>,
) -> Result<BriefPage, AppError> {
    let c = campaign::of_organization(db, me.organization()?, campaign_id).await?;
    let rows = brief::Entity::find()
        .filter(brief::Column::CampaignId.eq(c.id))
        .order_by_desc(brief::Column::Version)
        .all(db)
        .await?;
    let versions = rows.iter().map(|r| (r.version, r.created_at)).collect();
    let latest_version = rows.first().map(|r| r.version);
    let shown = match version {
        None => rows.first().cloned(),
        Some(v) => Some(
            rows.iter()
                .find(|r| r.version == v)
                .cloned()
                .ok_or_else(|| AppError::NotFound("That brief version".into()))?,
        ),
    };
    let shown = match shown {
        Some(row) => {
            let by = match row.created_by {
                Some(id) => crate::db::user::names(db, [id]).await?.remove(&id),
                None => None,
            };
            Some(to_version(row, by)?)
        }
        None => None,
    };
    let version_of: HashMap<i32, i32> = rows.iter().map(|r| (r.id, r.version)).collect();
    let sent = sent_versions(db, c.id, &version_of).await?;
    Ok(BriefPage {
        campaign_id: c.id,
        campaign_name: c.name,
        currency: c.currency,
        shown,
        latest_version,
        versions,
        sent,
    })
}

/// Each creator of the campaign who was sent a brief, with the last version sent.
async fn sent_versions(
    db: &impl ConnectionTrait,
    campaign_id: i32,
    version_of: &HashMap<i32, i32>,
) -> Result<Vec<(String, i32)>, AppError> {
    if version_of.is_empty() {
        return Ok(Vec::new());
    }
    let deliveries = brief_delivery::Entity::find()
        .filter(brief_delivery::Column::BriefId.is_in(version_of.keys().copied()))
        .order_by_asc(brief_delivery::Column::SentAt)
        .all(db)
        .await?;
    let mut last: HashMap<i32, i32> = HashMap::new();
    for d in deliveries {
        last.insert(d.pipeline_entry_id, version_of[&d.brief_id]);
    }
    let entries = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CampaignId.eq(campaign_id))
        .filter(pipeline_entry::Column::Id.is_in(last.keys().copied()))
        .find_also_related(creator::Entity)
        .all(db)
        .await?;
    let mut sent: Vec<(String, i32)> = entries
        .into_iter()
        .filter_map(|(e, c)| Some((c?.name, last[&e.id])))
        .collect();
    sent.sort();
    Ok(sent)
}

fn stale() -> AppError {
    AppError::Conflict(
        "Someone saved a newer version of this brief a moment ago. Reload to see it, then make your changes again.".into(),
    )
}

/// Saves the form as the next version. `based_on` is the version the editor started from:
/// if someone saved another since, nothing is written.
pub async fn save(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    campaign_id: i32,
    based_on: Option<i32>,
    input: &BriefInput,
) -> Result<i32, AppError> {
    let org = me.organization()?;
    let c = campaign::of_organization(db, org, campaign_id).await?;
    if CampaignStatus::parse(&c.status).is_some_and(CampaignStatus::is_read_only) {
        return Err(AppError::Conflict(
            "Archived campaigns are read-only.".into(),
        ));
    }
    let fields = input.validate()?;
    let txn = begin_write(db).await?;
    let current = latest(&txn, c.id).await?.map(|b| b.version);
    if current != based_on {
        return Err(stale());
    }
    let version = current.unwrap_or(0) + 1;
    let saved = brief::ActiveModel {
        organization_id: Set(org),
        campaign_id: Set(c.id),
        version: Set(version),
        content: Set(serde_json::to_string(&fields).map_err(|_| AppError::Internal)?),
        created_by: Set(Some(me.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        // Saved at the same moment by someone else.
        Some(SqlErr::UniqueConstraintViolation(_)) => stale(),
        _ => AppError::from(e),
    })?;
    AuditEvent::new(Actor::from(me), Action::BriefSave)
        .entity(saved.id)
        .after(&serde_json::json!({ "campaign_id": c.id, "version": version, "brief": fields }))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    Ok(version)
}

/// The brief version last sent to a pipeline entry.
pub async fn sent_to(
    db: &impl ConnectionTrait,
    entry_id: i32,
) -> Result<Option<(brief::Model, DateTime<Utc>)>, DbErr> {
    let Some(delivery) = brief_delivery::Entity::find()
        .filter(brief_delivery::Column::PipelineEntryId.eq(entry_id))
        .order_by_desc(brief_delivery::Column::SentAt)
        .order_by_desc(brief_delivery::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(brief::Entity::find_by_id(delivery.brief_id)
        .one(db)
        .await?
        .map(|b| (b, delivery.sent_at)))
}

/// Sends the campaign's newest brief to these entries (those that do not have it yet):
/// records the delivery and emails the creator. Returns how many were sent. Only database
/// errors: a card move retries on a deadlock, which it recognises.
pub async fn send(
    txn: &impl ConnectionTrait,
    campaign: &campaign::Model,
    entries: &[pipeline_entry::Model],
    sender: Actor,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let Some(brief) = latest(txn, campaign.id).await? else {
        return Ok(0);
    };
    let mut sent = 0;
    for entry in entries {
        let have = sent_to(txn, entry.id).await?;
        if have.is_some_and(|(b, _)| b.id == brief.id) {
            continue;
        }
        brief_delivery::ActiveModel {
            pipeline_entry_id: Set(entry.id),
            brief_id: Set(brief.id),
            sent_by: Set(sender.user_id),
            sent_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        if let Some(c) = creator::Entity::find_by_id(entry.creator_id)
            .one(txn)
            .await?
            && let Some(to) = c.email
        {
            let link = format!("{public_url}/portal/collaborations/{}", entry.id);
            outbox::queue(
                txn,
                Some(campaign.organization_id),
                Email {
                    to,
                    subject: format!("Your brief for {}", campaign.name),
                    text: format!(
                        "Hello {name},\n\nThe brief for {campaign} is ready (version {v}). Read it in your portal:\n{link}\n",
                        name = c.name,
                        campaign = campaign.name,
                        v = brief.version,
                    ),
                    html: format!(
                        "<p>Hello {name},</p><p>The brief for <strong>{campaign}</strong> is ready (version {v}).</p><p><a href=\"{link}\">Read it in your portal</a></p>",
                        name = escape_html(&c.name),
                        campaign = escape_html(&campaign.name),
                        v = brief.version,
                        link = escape_html(&link),
                    ),
                    link,
                },
                now,
            )
            .await?;
        }
        AuditEvent::new(sender, Action::BriefSend)
            .organization(Some(campaign.organization_id))
            .entity(entry.id)
            .after(&serde_json::json!({ "brief_id": brief.id, "version": brief.version }))
            .record(txn, now)
            .await?;
        sent += 1;
    }
    Ok(sent)
}

/// A card moved to Contracted, by whom and when.
#[derive(Debug, Clone, Copy)]
pub struct Contracted {
    pub campaign_id: i32,
    pub entry_id: i32,
    pub sender: Actor,
    pub at: DateTime<Utc>,
}

/// Cards moved to Contracted: each creator gets their campaign's newest brief, if there is
/// one they do not have yet. Runs inside the moves' transaction; one query when none of
/// the campaigns has a brief.
pub async fn send_on_contract(
    txn: &impl ConnectionTrait,
    contracted: &[Contracted],
    public_url: &str,
) -> Result<(), DbErr> {
    if contracted.is_empty() {
        return Ok(());
    }
    let campaigns: BTreeSet<i32> = contracted.iter().map(|c| c.campaign_id).collect();
    let briefed: BTreeSet<i32> = brief::Entity::find()
        .select_only()
        .column(brief::Column::CampaignId)
        .distinct()
        .filter(json_rows::is_in(
            txn.get_database_backend(),
            r#""brief"."campaign_id""#,
            campaigns,
        ))
        .into_tuple()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for c in contracted
        .iter()
        .filter(|c| briefed.contains(&c.campaign_id))
    {
        let campaign = campaign::Entity::find_by_id(c.campaign_id).one(txn).await?;
        let entry = pipeline_entry::Entity::find_by_id(c.entry_id)
            .one(txn)
            .await?;
        if let Some((campaign, entry)) = campaign.zip(entry) {
            send(txn, &campaign, &[entry], c.sender, public_url, c.at).await?;
        }
    }
    Ok(())
}
