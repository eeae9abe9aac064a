//! The recorder's reads and writes. A batch carries up to 10,000 readings, so each step
//! is one or a few statements: the deliverables are looked up in one query
//! (`db::json_rows`) and the rows are written by multi-row inserts (`db::bulk`), from
//! plain values (no active models: their per-row bookkeeping was a large share of a
//! batch's time), on either engine.

use crate::db::json_rows::{self, Out};
use crate::db::{bulk, campaign, deliverable, metric_latest, metric_snapshot, pipeline_entry};
use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::Counts;
use crate::metrics::Source;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LockType, Order, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Value,
};
use std::collections::{BTreeMap, HashMap};

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

/// Where a deliverable's readings count, and what is known of it.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub campaign_id: i32,
    pub entry_id: i32,
    /// Why its campaign takes no more readings.
    pub closed: Option<&'static str>,
    /// Its latest saved reading.
    pub latest: Option<(DateTime<Utc>, Counts)>,
}

/// The campaign, collaboration and latest reading of each deliverable of `ids` in the
/// organization. With `lock` on PostgreSQL the deliverables' rows stay locked until the
/// commit, so two batches for one deliverable take turns, and their campaigns' rows are
/// shared-locked, so a campaign is not finalized or archived under a batch (SQLite has one
/// writer at a time anyway).
pub async fn targets(
    db: &impl ConnectionTrait,
    org: i32,
    ids: &[i32],
    lock: bool,
) -> Result<HashMap<i32, Target>, DbErr> {
    let backend = db.get_database_backend();
    let lock = lock && backend == DbBackend::Postgres;
    if lock {
        // The deliverables only, and not FOR UPDATE: drafts and uploads may still
        // reference them meanwhile, and their collaborations may still move. Locked
        // before the latest readings are read, so those are the previous batch's.
        let mut locking = Query::select();
        locking
            .column(deliverable::Column::Id)
            .from(deliverable::Entity)
            .and_where(json_rows::is_in(
                backend,
                "deliverable.id",
                ids.iter().copied(),
            ))
            .and_where(Expr::col(deliverable::Column::OrganizationId).eq(org))
            .order_by(deliverable::Column::Id, Order::Asc)
            .lock_with_tables(LockType::NoKeyUpdate, [deliverable::Entity]);
        db.query_all(&locking).await?;
    }
    let columns = [
        Out::Column("id"),
        Out::Column("pipeline_entry_id"),
        Out::Column("campaign_id"),
        Out::Column("captured_at"),
        Out::Array(&Counts::FIELDS),
    ];
    let all = found(json_rows::fetch_all(db, &lookup(backend, org, ids), &columns).await?);
    let mut campaign_ids: Vec<i32> = all.iter().map(|f| f.2).collect();
    campaign_ids.sort_unstable();
    campaign_ids.dedup();
    let mut campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(campaign_ids))
        .order_by_asc(campaign::Column::Id);
    if lock {
        campaigns = campaigns.lock(LockType::Share);
    }
    let closed: HashMap<i32, &'static str> = campaigns
        .all(db)
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
    Ok(all
        .into_iter()
        .map(|(id, entry_id, campaign_id, latest)| {
            let target = Target {
                campaign_id,
                entry_id,
                closed: closed.get(&campaign_id).copied(),
                latest,
            };
            (id, target)
        })
        .collect())
}

type Found = (i32, i32, i32, Option<(DateTime<Utc>, Counts)>);

/// Deliverable, collaboration, campaign, then the latest reading's time and counts.
fn lookup(backend: DbBackend, org: i32, ids: &[i32]) -> SelectStatement {
    use metric_latest::Column as L;
    let d = |c: deliverable::Column| (deliverable::Entity, c);
    let mut q = Query::select();
    q.column(d(deliverable::Column::Id))
        .column(d(deliverable::Column::PipelineEntryId))
        .column((pipeline_entry::Entity, pipeline_entry::Column::CampaignId))
        .column((metric_latest::Entity, L::CapturedAt))
        .columns(Counts::FIELDS.map(|f| (metric_latest::Entity, Alias::new(f))))
        .from(deliverable::Entity)
        .inner_join(
            pipeline_entry::Entity,
            Expr::col(d(deliverable::Column::PipelineEntryId))
                .equals((pipeline_entry::Entity, pipeline_entry::Column::Id)),
        )
        .left_join(
            metric_latest::Entity,
            Expr::col(d(deliverable::Column::Id)).equals((metric_latest::Entity, L::DeliverableId)),
        )
        .and_where(Expr::col(d(deliverable::Column::OrganizationId)).eq(org))
        .and_where(json_rows::is_in(
            backend,
            "deliverable.id",
            ids.iter().copied(),
        ));
    q
}

/// A row of [`lookup`], as JSON gives it.
type Row = (i32, i32, i32, Option<DateTime<Utc>>, [Option<i64>; 10]);

/// The deliverables of [`lookup`]'s rows.
fn found(rows: Vec<Row>) -> Vec<Found> {
    rows.into_iter()
        .map(|(id, entry_id, campaign_id, at, values)| {
            let counts = Counts::from_values(values.map(Option::unwrap_or_default));
            (id, entry_id, campaign_id, at.map(|at| (at, counts)))
        })
        .collect()
}

/// `columns`, then the ten counts'.
fn with_counts<'a>(columns: &[&'a str]) -> Vec<&'a str> {
    columns.iter().copied().chain(Counts::FIELDS).collect()
}

fn push_counts(values: &mut Vec<Value>, counts: &Counts) {
    values.extend(counts.values().map(Value::from));
}

/// The saved reading just before `at` (at the same time: the later recorded), and when
/// the first one after it was taken.
pub async fn neighbours(
    txn: &DatabaseTransaction,
    deliverable_id: i32,
    at: DateTime<Utc>,
) -> Result<(Option<Counts>, Option<DateTime<Utc>>), DbErr> {
    use metric_snapshot::Column as C;
    let micros = at.timestamp_micros();
    let of = C::DeliverableId.eq(deliverable_id);
    let before = metric_snapshot::Entity::find()
        .filter(of.clone())
        .filter(C::CapturedMicros.lte(micros))
        .order_by_desc(C::CapturedMicros)
        .order_by_desc(C::Id)
        .one(txn)
        .await?;
    let next = metric_snapshot::Entity::find()
        .filter(of)
        .filter(C::CapturedMicros.gt(micros))
        .order_by_asc(C::CapturedMicros)
        .one(txn)
        .await?;
    Ok((
        before.as_ref().map(crate::db::counts::of),
        next.map(|n| n.captured_at),
    ))
}

/// Appends `readings` of the campaigns `campaign_of` names.
pub async fn insert_snapshots(
    txn: &DatabaseTransaction,
    by: &Recorder,
    campaign_of: impl Fn(i32) -> i32,
    readings: &[&Reading],
) -> Result<(), DbErr> {
    let columns = with_counts(&[
        "organization_id",
        "campaign_id",
        "deliverable_id",
        "captured_at",
        "captured_micros",
        "source",
        "recorded_by",
        "api_token_id",
        "created_at",
    ]);
    let source = by.source.as_str();
    bulk::insert_all(
        txn,
        "metric_snapshot",
        &columns,
        readings,
        "",
        |r, values| {
            values.extend([
                by.organization_id.into(),
                campaign_of(r.deliverable_id).into(),
                r.deliverable_id.into(),
                r.captured_at.into(),
                r.captured_at.timestamp_micros().into(),
                source.into(),
                by.user_id.into(),
                by.api_token_id.into(),
                by.now.into(),
            ]);
            push_counts(values, &r.counts);
        },
    )
    .await
}

/// Makes each reading its deliverable's latest.
pub async fn save_latest(
    txn: &DatabaseTransaction,
    org: i32,
    rows: &[(&Reading, Target)],
) -> Result<(), DbErr> {
    let columns = with_counts(&[
        "deliverable_id",
        "organization_id",
        "campaign_id",
        "pipeline_entry_id",
        "captured_at",
    ]);
    let replaced = std::iter::once("captured_at")
        .chain(Counts::FIELDS)
        .map(|c| (c, format!("excluded.\"{c}\"")));
    let upsert = bulk::on_conflict(&["deliverable_id"], replaced);
    bulk::insert_all(
        txn,
        "metric_latest",
        &columns,
        rows,
        &upsert,
        |(r, target), values| {
            values.extend([
                r.deliverable_id.into(),
                org.into(),
                target.campaign_id.into(),
                target.entry_id.into(),
                r.captured_at.into(),
            ]);
            push_counts(values, &r.counts);
        },
    )
    .await
}

/// Adds each day's change to what the day had.
pub async fn save_trend(
    txn: &DatabaseTransaction,
    trend: BTreeMap<(i32, NaiveDate), Counts>,
) -> Result<(), DbErr> {
    let rows: Vec<_> = trend.into_iter().filter(|(_, c)| !c.is_zero()).collect();
    let columns = with_counts(&["campaign_id", "day"]);
    let added = Counts::FIELDS.map(|c| (c, format!("metric_trend.\"{c}\" + excluded.\"{c}\"")));
    let upsert = bulk::on_conflict(&["campaign_id", "day"], added);
    bulk::insert_all(
        txn,
        "metric_trend",
        &columns,
        &rows,
        &upsert,
        |((campaign_id, day), c), values| {
            values.extend([(*campaign_id).into(), (*day).into()]);
            push_counts(values, c);
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_rows_read_with_and_without_a_latest_reading() {
        let json = r#"[
            [7, 3, 1, "2026-05-10T10:00:00+00:00", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
            [8, 3, 1, null, [null, null, null, null, null, null, null, null, null, null]]
        ]"#;
        let rows = found(serde_json::from_str(json).unwrap());
        let (at, counts) = rows[0].3.unwrap();
        assert_eq!((rows[0].0, rows[0].1, rows[0].2), (7, 3, 1));
        assert_eq!(at.to_rfc3339(), "2026-05-10T10:00:00+00:00");
        assert_eq!((counts.impressions, counts.revenue_minor), (1, 10));
        assert_eq!(rows[1].3, None);
        let unreadable = r#"[[7, 3, 1, "yesterday", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]]"#;
        assert!(serde_json::from_str::<Vec<Row>>(unreadable).is_err());
    }

    #[test]
    fn saved_times_read_in_either_spelling() {
        let time = |text: &str| serde_json::from_value::<DateTime<Utc>>(text.into()).ok();
        let t = time("2026-05-10T08:00:00.5Z").unwrap();
        assert_eq!(time("2026-05-10 10:00:00.5+02:00"), Some(t));
        assert_eq!(time("2026-05-10T10:00:00.500+02:00"), Some(t));
    }
}
