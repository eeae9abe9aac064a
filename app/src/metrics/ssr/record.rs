//! The recorder every source goes through. A batch is checked whole first: if any row is
//! refused, nothing is written and every refused row is named. Otherwise, in the caller's
//! transaction, the snapshots are saved and each deliverable's latest reading
//! (`metric_latest`) and each campaign's daily trend (`metric_trend`) follow, so the
//! dashboard reads a few rows per campaign and never scans the snapshots.

use super::counts;
use crate::db::{
    campaign, deliverable, metric_latest, metric_snapshot, metric_trend, pipeline_entry,
};
use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::{Counts, trend_changes};
use crate::error::AppError;
use crate::metrics::{RowError, Source};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, LockType, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use std::collections::{BTreeMap, HashMap};

/// The most snapshots one batch may carry.
pub const MAX_BATCH: usize = 10_000;
/// How far ahead of the server's clock a reading may be: clocks differ a little.
const CLOCK_SKEW_MINUTES: i64 = 5;
/// Rows per INSERT: under SQLite's 32,766 bound variables at 17 columns.
const CHUNK: usize = 1_000;

/// One reading of a deliverable's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub deliverable_id: i32,
    pub captured_at: DateTime<Utc>,
    pub counts: Counts,
}

/// Who records, from where.
#[derive(Debug, Clone, Copy)]
pub struct Recorder {
    pub organization_id: i32,
    pub source: Source,
    pub user_id: Option<i32>,
    pub api_token_id: Option<i32>,
    /// Set when the batch belongs to one campaign (a CSV sheet of it): other campaigns'
    /// deliverables are refused.
    pub campaign_id: Option<i32>,
    pub now: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub snapshots: usize,
    /// The campaigns whose figures changed: publish [`crate::metrics::RECORDED`] for each
    /// once the transaction has committed.
    pub campaigns: Vec<i32>,
}

#[derive(Debug)]
pub enum Refused {
    Rows(Vec<RowError>),
    App(AppError),
}

impl From<DbErr> for Refused {
    fn from(e: DbErr) -> Self {
        Refused::App(e.into())
    }
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Self {
        Refused::App(e)
    }
}

/// Where a deliverable's readings count.
#[derive(Debug, Clone, Copy)]
struct Target {
    campaign_id: i32,
    entry_id: i32,
    /// Why its campaign takes no more readings.
    closed: Option<&'static str>,
}

fn row_error(row: usize, field: &str, message: impl Into<String>) -> RowError {
    RowError {
        row,
        field: field.into(),
        message: message.into(),
    }
}

/// Checks `readings` as [`record`] would, writing nothing (a sheet's preview).
pub async fn check_only(
    db: &impl ConnectionTrait,
    by: &Recorder,
    readings: &[Reading],
) -> Result<(), Refused> {
    let targets = targets(db, by.organization_id, readings, false).await?;
    check(readings, &targets, by)
}

/// Records `readings` in `txn` (hold the SQLite writer's turn: `db::begin_write`).
pub async fn record(
    txn: &DatabaseTransaction,
    by: &Recorder,
    readings: &[Reading],
) -> Result<Recorded, Refused> {
    if readings.is_empty() {
        return Err(Refused::Rows(vec![row_error(
            0,
            "snapshots",
            "The batch has no snapshots.",
        )]));
    }
    if readings.len() > MAX_BATCH {
        return Err(Refused::Rows(vec![row_error(
            0,
            "snapshots",
            format!("A batch carries at most {MAX_BATCH} snapshots; split it."),
        )]));
    }
    let targets = targets(txn, by.organization_id, readings, true).await?;
    check(readings, &targets, by)?;

    let mut by_deliverable: BTreeMap<i32, Vec<&Reading>> = BTreeMap::new();
    for r in readings {
        by_deliverable.entry(r.deliverable_id).or_default().push(r);
    }
    let ids: Vec<i32> = by_deliverable.keys().copied().collect();
    let mut latest: HashMap<i32, metric_latest::Model> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        for m in metric_latest::Entity::find()
            .filter(metric_latest::Column::DeliverableId.is_in(chunk.to_vec()))
            .all(txn)
            .await?
        {
            latest.insert(m.deliverable_id, m);
        }
    }

    let mut appended = Vec::new();
    let mut new_latest = Vec::new();
    // Ordered, so concurrent batches lock the same days in the same order (PostgreSQL).
    let mut trend: BTreeMap<(i32, NaiveDate), Counts> = BTreeMap::new();
    for (id, mut rows) in by_deliverable {
        let target = targets[&id];
        rows.sort_by_key(|r| r.captured_at);
        let last = latest.get(&id);
        let mut add = |changes: Vec<(NaiveDate, Counts)>| {
            for (day, change) in changes {
                let sum = trend.entry((target.campaign_id, day)).or_default();
                *sum = sum.plus(&change);
            }
        };
        if last.is_none_or(|l| rows[0].captured_at >= l.captured_at) {
            // The usual case: every reading is newer than what is known. Each one changes
            // the totals by what it adds over the one before.
            let mut before = last.map(counts::of);
            for r in &rows {
                add(trend_changes(
                    &r.counts,
                    r.captured_at,
                    before.as_ref(),
                    None,
                ));
                before = Some(r.counts);
            }
            appended.extend(rows.iter().copied());
            let newest = rows[rows.len() - 1];
            new_latest.push(latest_row(by.organization_id, target, newest));
        } else {
            // Late or backfilled readings: each is placed among the saved ones.
            let mut newest = None;
            for r in rows {
                let (before, next_at) = neighbours(txn, id, r.captured_at).await?;
                add(trend_changes(
                    &r.counts,
                    r.captured_at,
                    before.as_ref(),
                    next_at,
                ));
                insert_snapshots(txn, by, &targets, &[r]).await?;
                if next_at.is_none() {
                    newest = Some(r);
                }
            }
            if let Some(r) = newest {
                new_latest.push(latest_row(by.organization_id, target, r));
            }
        }
    }
    insert_snapshots(txn, by, &targets, &appended).await?;
    save_latest(txn, new_latest).await?;
    save_trend(txn, trend).await?;

    let mut campaigns: Vec<i32> = targets.values().map(|t| t.campaign_id).collect();
    campaigns.sort_unstable();
    campaigns.dedup();
    Ok(Recorded {
        snapshots: readings.len(),
        campaigns,
    })
}

/// The campaign and collaboration of each deliverable named, in the recorder's
/// organization. With `lock` on PostgreSQL the deliverables' rows stay locked until the
/// commit, so two batches for one deliverable take turns, and their campaigns' rows are
/// shared-locked, so a campaign is not finalized or archived under a batch (SQLite has one
/// writer at a time anyway).
async fn targets(
    txn: &impl ConnectionTrait,
    org: i32,
    readings: &[Reading],
    lock: bool,
) -> Result<HashMap<i32, Target>, DbErr> {
    let lock = lock && txn.get_database_backend() == DbBackend::Postgres;
    let mut ids: Vec<i32> = readings.iter().map(|r| r.deliverable_id).collect();
    ids.sort_unstable();
    ids.dedup();
    // (deliverable, its collaboration, that collaboration's campaign)
    let mut rows: Vec<(i32, i32, i32)> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let mut query = deliverable::Entity::find()
            .select_only()
            .column(deliverable::Column::Id)
            .column(deliverable::Column::PipelineEntryId)
            .column(pipeline_entry::Column::CampaignId)
            .join(
                JoinType::InnerJoin,
                deliverable::Entity::belongs_to(pipeline_entry::Entity)
                    .from(deliverable::Column::PipelineEntryId)
                    .to(pipeline_entry::Column::Id)
                    .into(),
            )
            .filter(deliverable::Column::OrganizationId.eq(org))
            .filter(deliverable::Column::Id.is_in(chunk.iter().copied()))
            .order_by_asc(deliverable::Column::Id);
        if lock {
            // The deliverables only, and not FOR UPDATE: drafts and uploads may still
            // reference them meanwhile, and their collaborations may still move.
            QueryTrait::query(&mut query)
                .lock_with_tables(LockType::NoKeyUpdate, [deliverable::Entity]);
        }
        rows.extend(query.into_tuple::<(i32, i32, i32)>().all(txn).await?);
    }
    let mut campaign_ids: Vec<i32> = rows.iter().map(|r| r.2).collect();
    campaign_ids.sort_unstable();
    campaign_ids.dedup();
    let mut campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(campaign_ids))
        .order_by_asc(campaign::Column::Id);
    if lock {
        campaigns = campaigns.lock(LockType::Share);
    }
    let closed: HashMap<i32, &'static str> = campaigns
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|c| {
            let why = if c.status == CampaignStatus::Archived.as_str() {
                "its campaign is archived"
            } else if c.finalized_at.is_some() {
                "its campaign's results are final"
            } else {
                return None;
            };
            Some((c.id, why))
        })
        .collect();
    Ok(rows
        .into_iter()
        .map(|(id, entry_id, campaign_id)| {
            let target = Target {
                campaign_id,
                entry_id,
                closed: closed.get(&campaign_id).copied(),
            };
            (id, target)
        })
        .collect())
}

/// Every refused row, or nothing.
fn check(
    readings: &[Reading],
    targets: &HashMap<i32, Target>,
    by: &Recorder,
) -> Result<(), Refused> {
    let latest_allowed = by.now + Duration::minutes(CLOCK_SKEW_MINUTES);
    let mut errors = Vec::new();
    for (i, r) in readings.iter().enumerate() {
        let row = i + 1;
        let id = r.deliverable_id;
        let refused = match targets.get(&id) {
            None => Some(format!("Deliverable {id} was not found.")),
            Some(t) if by.campaign_id.is_some_and(|c| c != t.campaign_id) => {
                Some(format!("Deliverable {id} is not part of this campaign."))
            }
            Some(Target {
                closed: Some(why), ..
            }) => Some(format!("Deliverable {id} takes no more readings: {why}.")),
            Some(_) => None,
        };
        if let Some(message) = refused {
            errors.push(row_error(row, "deliverable_id", message));
        }
        if r.captured_at > latest_allowed {
            errors.push(row_error(
                row,
                "captured_at",
                "captured_at is in the future.",
            ));
        }
        if let Err((field, message)) = r.counts.check() {
            errors.push(row_error(row, field, message));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refused::Rows(errors))
    }
}

/// The saved reading just before `at` (at the same time: the later recorded), and when
/// the first one after it was taken.
async fn neighbours(
    txn: &DatabaseTransaction,
    deliverable_id: i32,
    at: DateTime<Utc>,
) -> Result<(Option<Counts>, Option<DateTime<Utc>>), DbErr> {
    let of = metric_snapshot::Column::DeliverableId.eq(deliverable_id);
    let before = metric_snapshot::Entity::find()
        .filter(of.clone())
        .filter(metric_snapshot::Column::CapturedAt.lte(at))
        .order_by_desc(metric_snapshot::Column::CapturedAt)
        .order_by_desc(metric_snapshot::Column::Id)
        .one(txn)
        .await?;
    let next = metric_snapshot::Entity::find()
        .filter(of)
        .filter(metric_snapshot::Column::CapturedAt.gt(at))
        .order_by_asc(metric_snapshot::Column::CapturedAt)
        .one(txn)
        .await?;
    Ok((before.as_ref().map(counts::of), next.map(|n| n.captured_at)))
}

async fn insert_snapshots(
    txn: &DatabaseTransaction,
    by: &Recorder,
    targets: &HashMap<i32, Target>,
    readings: &[&Reading],
) -> Result<(), DbErr> {
    for chunk in readings.chunks(CHUNK) {
        let rows = chunk.iter().map(|r| {
            let mut row = metric_snapshot::ActiveModel {
                organization_id: Set(by.organization_id),
                campaign_id: Set(targets[&r.deliverable_id].campaign_id),
                deliverable_id: Set(r.deliverable_id),
                captured_at: Set(r.captured_at),
                source: Set(by.source.as_str().into()),
                recorded_by: Set(by.user_id),
                api_token_id: Set(by.api_token_id),
                created_at: Set(by.now),
                ..Default::default()
            };
            counts::set(&mut row, &r.counts);
            row
        });
        metric_snapshot::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

fn latest_row(org: i32, target: Target, r: &Reading) -> metric_latest::ActiveModel {
    let mut row = metric_latest::ActiveModel {
        deliverable_id: Set(r.deliverable_id),
        organization_id: Set(org),
        campaign_id: Set(target.campaign_id),
        pipeline_entry_id: Set(target.entry_id),
        captured_at: Set(r.captured_at),
        ..Default::default()
    };
    counts::set(&mut row, &r.counts);
    row
}

async fn save_latest(
    txn: &DatabaseTransaction,
    rows: Vec<metric_latest::ActiveModel>,
) -> Result<(), DbErr> {
    use metric_latest::Column as C;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        metric_latest::Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::column(C::DeliverableId)
                    .update_columns(
                        std::iter::once(C::CapturedAt)
                            .chain(Counts::FIELDS.iter().filter_map(|f| f.parse::<C>().ok())),
                    )
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Adds each day's change to what the day had.
async fn save_trend(
    txn: &DatabaseTransaction,
    trend: BTreeMap<(i32, NaiveDate), Counts>,
) -> Result<(), DbErr> {
    use metric_trend::Column as C;
    let rows: Vec<_> = trend
        .into_iter()
        .filter(|(_, c)| !c.is_zero())
        .map(|((campaign_id, day), c)| {
            let mut row = metric_trend::ActiveModel {
                campaign_id: Set(campaign_id),
                day: Set(day),
                ..Default::default()
            };
            counts::set(&mut row, &c);
            row
        })
        .collect();
    let sums = Counts::FIELDS.map(|field| {
        (
            field,
            Expr::cust(format!("metric_trend.{field} + excluded.{field}")),
        )
    });
    for chunk in rows.chunks(CHUNK) {
        let mut conflict = OnConflict::columns([C::CampaignId, C::Day]);
        for (field, sum) in &sums {
            conflict.value(sea_orm::sea_query::Alias::new(*field), sum.clone());
        }
        metric_trend::Entity::insert_many(chunk.to_vec())
            .on_conflict(conflict.to_owned())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
