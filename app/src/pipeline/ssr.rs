//! Pipeline entries over SQL, scoped to the caller's organization.

use super::{Entry, EntrySnapshot, MainChannel, SHORTLIST_MAX, ShortlistInput, board};
use crate::auth::CurrentUser;
use crate::campaigns::Person;
use crate::campaigns::ssr::{check_owner, people};
use crate::db::audit::{Actor, AuditEvent};
use crate::db::{begin_write, campaign, channel, creator, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::creator::Platform;
use crate::domain::money::Money;
use crate::domain::pipeline::Stage;
use crate::error::AppError;
use crate::tasks::ssr::{self as tasks, Closed};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};
use std::collections::HashMap;

async fn find_campaign(
    db: &impl ConnectionTrait,
    org: i32,
    id: i32,
) -> Result<campaign::Model, AppError> {
    campaign::Entity::find_by_id(id)
        .filter(campaign::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Campaign".into()))
}

/// The campaign's entries in board order: by stage, then position.
pub async fn entries(
    db: &impl ConnectionTrait,
    me: &CurrentUser,
    now: DateTime<Utc>,
    campaign_id: i32,
) -> Result<Vec<Entry>, AppError> {
    let c = find_campaign(db, me.organization()?, campaign_id).await?;
    load(db, &c, None, now).await
}

async fn load(
    db: &impl ConnectionTrait,
    c: &campaign::Model,
    only: Option<&[i32]>,
    now: DateTime<Utc>,
) -> Result<Vec<Entry>, AppError> {
    let mut q = pipeline_entry::Entity::find()
        .filter(pipeline_entry::Column::CampaignId.eq(c.id))
        .order_by_asc(pipeline_entry::Column::Position)
        .order_by_asc(pipeline_entry::Column::Id);
    if let Some(ids) = only {
        q = q.filter(pipeline_entry::Column::Id.is_in(ids.to_vec()));
    }
    let rows = q.all(db).await?;
    let creators: HashMap<i32, creator::Model> = creator::Entity::find()
        .filter(creator::Column::Id.is_in(rows.iter().map(|e| e.creator_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let owners = people(db, rows.iter().filter_map(|e| e.owner_id).collect()).await?;
    // Each creator's biggest channel.
    let mut channels: HashMap<i32, MainChannel> = HashMap::new();
    for ch in channel::Entity::find()
        .filter(channel::Column::CreatorId.is_in(rows.iter().map(|e| e.creator_id)))
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
    let next_tasks =
        crate::tasks::ssr::next_for_entries(db, rows.iter().map(|e| e.id), now).await?;
    let money = |minor| Money {
        minor,
        currency: c.currency.clone(),
    };
    let mut out: Vec<Entry> = rows
        .into_iter()
        .map(|e| {
            let who = creators.get(&e.creator_id);
            Entry {
                id: e.id,
                campaign_id: e.campaign_id,
                creator_id: e.creator_id,
                creator_name: who.map(|w| w.name.clone()).unwrap_or_default(),
                followers: who.map(|w| w.followers).unwrap_or(0),
                channel: channels.get(&e.creator_id).cloned(),
                stage: Stage::parse(&e.stage).unwrap_or(Stage::FIRST),
                position: e.position,
                fee: e.fee_minor.map(money),
                shipping: money(e.shipping_minor),
                product_cost: money(e.product_cost_minor),
                owner: e.owner_id.and_then(|id| owners.get(&id).cloned()),
                stage_changed_at: e.stage_changed_at,
                days_in_stage: board::days_in_stage(e.stage_changed_at, now),
                next_task: next_tasks.get(&e.id).cloned(),
                version: e.version,
            }
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
    let c = find_campaign(db, org, campaign_id).await?;
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

    let (_turn, txn) = begin_write(db).await?;
    // Claims the campaign first (SQLite takes its write lock here), so positions are
    // handed out one shortlisting at a time.
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
    let entries = load(&txn, &c, Some(&created), now).await?;
    for e in &entries {
        AuditEvent::new(Actor::from(me), "pipeline_entry.create", "pipeline_entry")
            .entity(e.id)
            .after(&EntrySnapshot::new(&c.name, e))
            .record(&txn, now)
            .await?;
    }
    txn.commit().await?;
    Ok(entries)
}

fn moved_meanwhile(name: &str) -> AppError {
    AppError::Conflict(format!(
        "Someone moved {name} a moment ago. The board now shows where they are."
    ))
}

/// Moves an entry to `to`, at `index` (from 0) in that column, if it is still at `version`.
/// Moves on one campaign are taken one at a time (the campaign row is claimed first), so
/// positions never interleave; a move based on an old version is refused, never merged.
pub async fn move_entry(
    db: &DatabaseConnection,
    me: &CurrentUser,
    now: DateTime<Utc>,
    entry_id: i32,
    version: i32,
    to: Stage,
    index: u32,
) -> Result<Vec<Entry>, AppError> {
    let org = me.organization()?;
    let e = pipeline_entry::Entity::find_by_id(entry_id)
        .filter(pipeline_entry::Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound("Pipeline entry".into()))?;
    let c = find_campaign(db, org, e.campaign_id).await?;
    if CampaignStatus::parse(&c.status).is_none_or(CampaignStatus::is_read_only) {
        return Err(AppError::Conflict(
            "Archived campaigns are read-only.".into(),
        ));
    }
    let creator_name: String = creator::Entity::find_by_id(e.creator_id)
        .select_only()
        .column(creator::Column::Name)
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or_default();
    if e.version != version {
        return Err(moved_meanwhile(&creator_name));
    }
    let from = Stage::parse(&e.stage).unwrap_or(Stage::FIRST);
    if let Some(why) = from.move_refusal(to, e.fee_minor.is_some()) {
        return Err(AppError::Conflict(why));
    }
    let owner = people(db, e.owner_id.into_iter().collect()).await?;
    let snapshot = |stage: Stage| EntrySnapshot::of_row(&c, &e, &creator_name, stage, &owner);

    let (_turn, txn) = begin_write(db).await?;
    campaign::Entity::update_many()
        .col_expr(campaign::Column::UpdatedAt, Expr::value(now))
        .filter(campaign::Column::Id.eq(c.id))
        .exec(&txn)
        .await?;
    // Positions only order a column (gaps are fine), so a card takes the position of the
    // card it lands before and only the cards below it shift: two statements, however long
    // the column.
    let others = || {
        pipeline_entry::Entity::find()
            .select_only()
            .filter(pipeline_entry::Column::CampaignId.eq(c.id))
            .filter(pipeline_entry::Column::Stage.eq(to.as_str()))
            .filter(pipeline_entry::Column::Id.ne(e.id))
    };
    let before_card: Option<i32> = others()
        .column(pipeline_entry::Column::Position)
        .order_by_asc(pipeline_entry::Column::Position)
        .order_by_asc(pipeline_entry::Column::Id)
        .offset(u64::from(index))
        .limit(1)
        .into_tuple()
        .one(&txn)
        .await?;
    let position = match before_card {
        Some(p) => {
            pipeline_entry::Entity::update_many()
                .col_expr(
                    pipeline_entry::Column::Position,
                    Expr::col(pipeline_entry::Column::Position).add(1),
                )
                .filter(pipeline_entry::Column::CampaignId.eq(c.id))
                .filter(pipeline_entry::Column::Stage.eq(to.as_str()))
                .filter(pipeline_entry::Column::Id.ne(e.id))
                .filter(pipeline_entry::Column::Position.gte(p))
                .exec(&txn)
                .await?;
            p
        }
        None => {
            let last: Option<i32> = others()
                .column_as(pipeline_entry::Column::Position.max(), "last")
                .into_tuple::<Option<i32>>()
                .one(&txn)
                .await?
                .flatten();
            last.unwrap_or(0) + 1
        }
    };
    let mut row = pipeline_entry::ActiveModel {
        stage: Set(to.as_str().into()),
        position: Set(position),
        updated_at: Set(now),
        ..Default::default()
    };
    if to != from {
        row.stage_changed_at = Set(now);
    }
    let claimed = pipeline_entry::Entity::update_many()
        .set(row)
        .col_expr(pipeline_entry::Column::Version, Expr::value(version + 1))
        .filter(pipeline_entry::Column::Id.eq(e.id))
        .filter(pipeline_entry::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        // Dropping the transaction undoes the shift.
        return Err(moved_meanwhile(&creator_name));
    }
    if to != from {
        // A task belongs to the stage it was made for: leaving the stage closes it.
        tasks::close_for_entry(&txn, e.id, now, Closed::Moved).await?;
        if to == Stage::Contacted {
            tasks::open_on_contact(&txn, me, now, &e, &creator_name, &c.name).await?;
        }
    }
    AuditEvent::new(Actor::from(me), "pipeline_entry.move", "pipeline_entry")
        .entity(e.id)
        .before(&snapshot(from))
        .after(&snapshot(to))
        .record(&txn, now)
        .await?;
    txn.commit().await?;
    load(db, &c, None, now).await
}

impl EntrySnapshot {
    /// The audit snapshot of a stored entry, at `stage`.
    fn of_row(
        c: &campaign::Model,
        e: &pipeline_entry::Model,
        creator: &str,
        stage: Stage,
        owners: &HashMap<i32, Person>,
    ) -> Self {
        let money = |minor| {
            Money {
                minor,
                currency: c.currency.clone(),
            }
            .display()
        };
        EntrySnapshot {
            campaign: c.name.clone(),
            creator: creator.to_string(),
            stage: stage.label(),
            fee: e.fee_minor.map(money),
            shipping: money(e.shipping_minor),
            product_cost: money(e.product_cost_minor),
            owner: e
                .owner_id
                .and_then(|id| owners.get(&id))
                .map(|p| p.name.clone()),
        }
    }
}
