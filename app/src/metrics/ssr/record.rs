//! The recorder every source goes through. A batch is checked whole first: if any row is
//! refused, nothing is written and every refused row is named. Otherwise, in the caller's
//! transaction, the snapshots are saved and each deliverable's latest reading
//! (`metric_latest`) and each campaign's daily trend (`metric_trend`) follow, so the
//! dashboard reads a few rows per campaign and never scans the snapshots.

use super::store::{self, Target};
use crate::domain::metrics::{Counts, trend_changes};
use crate::domain::reading::EARLIEST_YEAR;
use crate::error::AppError;
use crate::metrics::RowError;
use chrono::{Datelike, Duration, NaiveDate, SubsecRound};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};
use std::collections::{BTreeMap, HashMap};

/// The most snapshots one batch may carry.
pub const MAX_BATCH: usize = 10_000;
/// How far ahead of the server's clock a reading may be: clocks differ a little.
const CLOCK_SKEW_MINUTES: i64 = 5;

pub use super::store::{Reading, Recorder};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub snapshots: usize,
    /// The campaigns whose figures changed: publish [`crate::realtime::Kind::MetricsRecorded`] for each
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
    let targets = store::targets(db, by.organization_id, &ids_of(readings), false).await?;
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
    let readings = &to_micros(readings);
    let targets = store::targets(txn, by.organization_id, &ids_of(readings), true).await?;
    check(readings, &targets, by)?;

    let mut by_deliverable: BTreeMap<i32, Vec<&Reading>> = BTreeMap::new();
    for r in readings {
        by_deliverable.entry(r.deliverable_id).or_default().push(r);
    }
    let mut appended = Vec::with_capacity(readings.len());
    let mut new_latest = Vec::with_capacity(by_deliverable.len());
    // Ordered, so concurrent batches lock the same days in the same order (PostgreSQL).
    let mut trend: BTreeMap<(i32, NaiveDate), Counts> = BTreeMap::new();
    for (id, mut rows) in by_deliverable {
        let target = targets[&id];
        rows.sort_by_key(|r| r.captured_at);
        let mut add = |changes: Vec<(NaiveDate, Counts)>| {
            for (day, change) in changes {
                let sum = trend.entry((target.campaign_id, day)).or_default();
                *sum = sum.plus(&change);
            }
        };
        if target
            .latest
            .is_none_or(|(at, _)| rows[0].captured_at >= at)
        {
            // The usual case: every reading is newer than what is known. Each one changes
            // the totals by what it adds over the one before.
            let mut before = target.latest.map(|(_, counts)| counts);
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
            new_latest.push((rows[rows.len() - 1], target));
        } else {
            // Late or backfilled readings: each is placed among the saved ones.
            let mut newest = None;
            for r in rows {
                let (before, next_at) = store::neighbours(txn, id, r.captured_at).await?;
                add(trend_changes(
                    &r.counts,
                    r.captured_at,
                    before.as_ref(),
                    next_at,
                ));
                store::insert_snapshots(txn, by, |_| target.campaign_id, &[r]).await?;
                if next_at.is_none() {
                    newest = Some(r);
                }
            }
            if let Some(r) = newest {
                new_latest.push((r, target));
            }
        }
    }
    store::insert_snapshots(txn, by, |id| targets[&id].campaign_id, &appended).await?;
    store::save_latest(txn, by.organization_id, &new_latest).await?;
    store::save_trend(txn, trend).await?;

    let mut campaigns: Vec<i32> = targets.values().map(|t| t.campaign_id).collect();
    campaigns.sort_unstable();
    campaigns.dedup();
    Ok(Recorded {
        snapshots: readings.len(),
        campaigns,
    })
}

/// `readings` with their times to the microsecond: what PostgreSQL keeps and what the
/// snapshots' time key holds, so the times compared here are the times saved.
fn to_micros(readings: &[Reading]) -> Vec<Reading> {
    readings
        .iter()
        .map(|r| Reading {
            captured_at: r.captured_at.trunc_subsecs(6),
            ..r.clone()
        })
        .collect()
}

/// The deliverables `readings` name, in order, once each.
fn ids_of(readings: &[Reading]) -> Vec<i32> {
    let mut ids: Vec<i32> = readings.iter().map(|r| r.deliverable_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
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
        } else if r.captured_at.year() < EARLIEST_YEAR {
            errors.push(row_error(
                row,
                "captured_at",
                format!("captured_at is before {EARLIEST_YEAR}."),
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
