//! Pipeline entries over SQL, scoped to the caller's organization.

mod batch;
pub mod layout;
pub mod moves;

use super::{Entry, EntrySnapshot, MainChannel, SHORTLIST_MAX, ShortlistInput, board};
use crate::campaigns::Person;
use crate::campaigns::ssr::check_owner;
use crate::db::audit::{Action, Actor, AuditEvent};
use crate::db::{begin_write, campaign, channel, creator, pipeline_entry, user};
use crate::domain::campaign::CampaignStatus;
use crate::domain::creator::Platform;
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use crate::platform::user::CurrentUser;
use crate::tasks::ssr as tasks;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    FromQueryResult, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select, Set,
    SqlErr,
};
use std::collections::HashMap;

/// A card as stored, with the names around it (creator, owner, campaign): one query.
#[derive(Debug, Clone, FromQueryResult)]
pub(super) struct Row {
    pub(super) id: i32,
    pub(super) organization_id: i32,
    pub(super) campaign_id: i32,
    pub(super) creator_id: i32,
    pub(super) stage: String,
    pub(super) position: i32,
    pub(super) fee_minor: Option<i64>,
    pub(super) shipping_minor: i64,
    pub(super) product_cost_minor: i64,
    pub(super) owner_id: Option<i32>,
    pub(super) stage_changed_at: DateTime<Utc>,
    pub(super) version: i32,
    pub(super) creator_name: String,
    pub(super) followers: i64,
    pub(super) owner_name: Option<String>,
    pub(super) campaign_name: String,
    pub(super) campaign_status: String,
    pub(super) currency: String,
}

/// Cards in board order, filtered by the caller: `rows().filter(…)`.
pub(super) fn rows() -> Select<pipeline_entry::Entity> {
    use pipeline_entry::{Column as E, Relation};
    pipeline_entry::Entity::find()
        .select_only()
        .columns([
            E::Id,
            E::OrganizationId,
            E::CampaignId,
            E::CreatorId,
            E::Stage,
            E::Position,
            E::FeeMinor,
            E::ShippingMinor,
            E::ProductCostMinor,
            E::OwnerId,
            E::StageChangedAt,
            E::Version,
        ])
        .column_as(creator::Column::Name, "creator_name")
        .column_as(creator::Column::Followers, "followers")
        .column_as(user::Column::Name, "owner_name")
        .column_as(campaign::Column::Name, "campaign_name")
        .column_as(campaign::Column::Status, "campaign_status")
        .column_as(campaign::Column::Currency, "currency")
        .join(JoinType::InnerJoin, Relation::Creator.def())
        .join(JoinType::InnerJoin, Relation::Campaign.def())
        .join(JoinType::LeftJoin, Relation::Owner.def())
        .order_by_asc(E::Position)
        .order_by_asc(E::Id)
}

impl Row {
    pub(super) fn stage(&self) -> Stage {
        Stage::parse(&self.stage).unwrap_or(Stage::FIRST)
    }

    /// The card as the board shows it, without what lives in other tables.
    pub(super) fn entry(self, now: DateTime<Utc>) -> Entry {
        let money = |minor| Money {
            minor,
            currency: self.currency.clone(),
        };
        Entry {
            id: self.id,
            campaign_id: self.campaign_id,
            creator_id: self.creator_id,
            followers: self.followers,
            channel: None,
            stage: self.stage(),
            position: self.position,
            fee: self.fee_minor.map(money),
            shipping: money(self.shipping_minor),
            product_cost: money(self.product_cost_minor),
            owner: self
                .owner_id
                .zip(self.owner_name)
                .map(|(id, name)| Person { id, name }),
            stage_changed_at: self.stage_changed_at,
            days_in_stage: board::days_in_stage(self.stage_changed_at, now),
            next_task: None,
            version: self.version,
            creator_name: self.creator_name,
        }
    }
}

/// The campaign's entries in board order: by stage, then position.
pub async fn entries(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    now: DateTime<Utc>,
    campaign_id: i32,
) -> Result<Vec<Entry>, AppError> {
    let org = me.organization()?;
    let found = rows()
        .filter(pipeline_entry::Column::OrganizationId.eq(org))
        .filter(pipeline_entry::Column::CampaignId.eq(campaign_id))
        .into_model::<Row>()
        .all(db)
        .await?;
    if found.is_empty() {
        // An empty board, or no such campaign here?
        campaign::of_organization(db, org, campaign_id).await?;
    }
    dress(db, found, now).await
}

/// Each creator's biggest channel.
pub(crate) async fn main_channels(
    db: &impl ConnectionTrait,
    creator_ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, MainChannel>, AppError> {
    let mut channels: HashMap<i32, MainChannel> = HashMap::new();
    for ch in channel::Entity::find()
        .filter(channel::Column::CreatorId.is_in(creator_ids))
        .all(db)
        .await?
    {
        let bigger = channels
            .get(&ch.creator_id)
            .is_none_or(|c| ch.followers > c.followers);
        if let (true, Some(platform)) = (bigger, Platform::parse(&ch.platform)) {
            channels.insert(
                ch.creator_id,
                MainChannel {
                    platform,
                    handle: ch.handle,
                    followers: ch.followers,
                },
            );
        }
    }
    Ok(channels)
}

/// Cards with each creator's biggest channel and next task, in board order.
async fn dress(
    db: &impl ConnectionTrait,
    found: Vec<Row>,
    now: DateTime<Utc>,
) -> Result<Vec<Entry>, AppError> {
    let channels = main_channels(db, found.iter().map(|e| e.creator_id)).await?;
    let mut next_tasks = tasks::next_for_entries(db, found.iter().map(|e| e.id), now).await?;
    let mut out: Vec<Entry> = found
        .into_iter()
        .map(|row| Entry {
            channel: channels.get(&row.creator_id).cloned(),
            next_task: next_tasks.remove(&row.id),
            ..row.entry(now)
        })
        .collect();
    out.sort_by_key(|e| (Stage::ALL.iter().position(|s| *s == e.stage), e.position));
    Ok(out)
}

fn already_there(names: &[String]) -> AppError {
    let who = match names {
        [one] => format!("{one} is"),
        [many @ .., last] => format!("{} and {last} are", many.join(", ")),
        [] => "These creators are".into(),
    };
    AppError::Conflict(format!(
        "{who} already on this campaign. Unselect them and try again."
    ))
}

/// Adds creators to a campaign's first stage, all or none.
pub async fn shortlist(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    campaign_id: i32,
    creator_ids: &[i32],
    input: &ShortlistInput,
) -> Result<Vec<Entry>, AppError> {
    let org = me.organization()?;
    let c = campaign::of_organization(db, org, campaign_id).await?;
    let status = CampaignStatus::parse(&c.status).unwrap_or(CampaignStatus::Archived);
    if !status.takes_creators() {
        return Err(AppError::Conflict(format!(
            "{} is {}: it takes no new creators.",
            c.name,
            status.label().to_lowercase()
        )));
    }
    let mut ids = creator_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::invalid(
            "creator_ids",
            "Select at least one creator.",
        ));
    }
    if ids.len() > SHORTLIST_MAX {
        return Err(AppError::invalid(
            "creator_ids",
            format!("Select at most {SHORTLIST_MAX} creators at a time."),
        ));
    }
    let creators: Vec<creator::Model> = creator::Entity::find()
        .filter(creator::Column::OrganizationId.eq(org))
        .filter(creator::Column::Id.is_in(ids.clone()))
        .order_by_asc(creator::Column::Name)
        .all(db)
        .await?;
    if creators.len() != ids.len() {
        return Err(AppError::NotFound("Creator".into()));
    }
    let f = input.validate(&c.currency)?;
    let owner = f.owner_id.unwrap_or(me.id);
    check_owner(db, org, owner).await?;

    let on_it: Vec<i32> = pipeline_entry::Entity::find()
        .select_only()
        .column(pipeline_entry::Column::CreatorId)
        .filter(pipeline_entry::Column::CampaignId.eq(c.id))
        .filter(pipeline_entry::Column::CreatorId.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let names_of = |which: &[i32]| -> Vec<String> {
        creators
            .iter()
            .filter(|m| which.contains(&m.id))
            .map(|m| m.name.clone())
            .collect()
    };
    if !on_it.is_empty() {
        return Err(already_there(&names_of(&on_it)));
    }

    let txn = begin_write(db).await?;
    // Claims the campaign first (on PostgreSQL its row lock; SQLite's write transaction
    // holds the lock from its start), so positions are handed out one shortlisting at a
    // time.
    let claimed = campaign::Entity::update_many()
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(c.id))
        .filter(campaign::Column::Status.eq(c.status.as_str()))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict(
            "The campaign's status changed a moment ago. Reload and try again.".into(),
        ));
    }
    let last: Option<i32> = pipeline_entry::Entity::find()
        .select_only()
        .column_as(pipeline_entry::Column::Position.max(), "last")
        .filter(pipeline_entry::Column::CampaignId.eq(c.id))
        .filter(pipeline_entry::Column::Stage.eq(Stage::FIRST.as_str()))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let mut position = last.unwrap_or(0);
    let mut created = Vec::new();
    for m in &creators {
        position += 1;
        // No fee given: the creator's own rate, when it is in the campaign's currency.
        let fee = f.fee_minor.or_else(|| {
            (m.rate_currency.as_deref() == Some(c.currency.as_str()))
                .then_some(m.rate_minor)
                .flatten()
        });
        let inserted = pipeline_entry::ActiveModel {
            organization_id: Set(org),
            campaign_id: Set(c.id),
            creator_id: Set(m.id),
            stage: Set(Stage::FIRST.as_str().into()),
            position: Set(position),
            fee_minor: Set(fee),
            shipping_minor: Set(f.shipping_minor),
            product_cost_minor: Set(f.product_cost_minor),
            owner_id: Set(Some(owner)),
            stage_changed_at: Set(now),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(e) => created.push(e.id),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Err(already_there(std::slice::from_ref(&m.name)));
            }
            Err(e) => return Err(e.into()),
        }
    }
    let found = rows()
        .filter(pipeline_entry::Column::Id.is_in(created))
        .into_model::<Row>()
        .all(&txn)
        .await?;
    let entries = dress(&txn, found, now).await?;
    for e in &entries {
        AuditEvent::new(Actor::from(me), Action::PipelineEntryCreate)
            .entity(e.id)
            .after(&EntrySnapshot::new(&c.name, e))
            .record(&txn, now)
            .await?;
    }
    txn.commit().await?;
    Ok(entries)
}

pub(super) fn moved_meanwhile(name: &str) -> AppError {
    AppError::Conflict(format!(
        "Someone moved {name} a moment ago. The board now shows where they are."
    ))
}
