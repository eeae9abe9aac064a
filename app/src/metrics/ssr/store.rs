//! The recorder's reads and writes. A batch carries up to 10,000 readings, so each step is
//! a few multi-row statements built with sea-query from plain values (no active models:
//! their per-row bookkeeping was a large share of a batch's time), portable to both engines.

use super::record::{Reading, Recorder};
use crate::db::{
    campaign, deliverable, metric_latest, metric_snapshot, metric_trend, pipeline_entry,
};
use crate::domain::campaign::CampaignStatus;
use crate::domain::metrics::Counts;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, InsertStatement, IntoIden, LockType, OnConflict, Order, Query,
    SelectStatement,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, HashMap};

/// Rows per statement: under SQLite's 32,766 bound values at 19 columns.
const CHUNK: usize = 1_000;

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
    let lock = lock && db.get_database_backend() == DbBackend::Postgres;
    let mut all = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        if lock {
            // The deliverables only, and not FOR UPDATE: drafts and uploads may still
            // reference them meanwhile, and their collaborations may still move. Locked
            // before the latest readings are read, so those are the previous batch's.
            let ours = Expr::col((deliverable::Entity, deliverable::Column::Id))
                .is_in(chunk.iter().copied());
            let mut locking = Query::select();
            locking
                .column(deliverable::Column::Id)
                .from(deliverable::Entity)
                .and_where(ours)
                .and_where(Expr::col(deliverable::Column::OrganizationId).eq(org))
                .order_by(deliverable::Column::Id, Order::Asc)
                .lock_with_tables(LockType::NoKeyUpdate, [deliverable::Entity]);
            db.query_all(&locking).await?;
        }
        let lookup = lookup(db.get_database_backend(), org, chunk);
        if let Some(row) = db.query_one(&lookup).await? {
            all.extend(found(row.try_get_by_index(0)?)?);
        }
    }
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

/// Deliverable, collaboration, campaign, then the latest reading's time and counts, all
/// as one JSON array of rows: sqlx hands SQLite's rows over from its worker thread one at
/// a time, and for a batch's 10,000 deliverables those hand-offs took longer than the
/// query itself.
fn lookup(backend: DbBackend, org: i32, ids: &[i32]) -> SelectStatement {
    use metric_latest::Column as L;
    let d = |c: deliverable::Column| (deliverable::Entity, c);
    let counts = Counts::FIELDS
        .map(|f| format!("metric_latest.{f}"))
        .join(", ");
    let fields = "deliverable.id, deliverable.pipeline_entry_id, pipeline_entry.campaign_id, \
                  metric_latest.captured_at";
    let rows = match backend {
        DbBackend::Postgres => {
            format!("json_agg(json_build_array({fields}, json_build_array({counts})))::text")
        }
        _ => format!("json_group_array(json_array({fields}, json_array({counts})))"),
    };
    let mut q = Query::select();
    q.expr(Expr::cust(rows))
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
        .and_where(Expr::col(d(deliverable::Column::Id)).is_in(ids.iter().copied()));
    q
}

/// The rows of [`lookup`]'s one JSON value.
fn found(json: Option<String>) -> Result<Vec<Found>, DbErr> {
    type Row = (i32, i32, i32, Option<String>, [Option<i64>; 10]);
    let unreadable = |e: String| DbErr::Type(format!("deliverables' latest readings: {e}"));
    let rows: Vec<Row> = match json {
        Some(json) => serde_json::from_str(&json).map_err(|e| unreadable(e.to_string()))?,
        None => Vec::new(),
    };
    rows.into_iter()
        .map(|(id, entry_id, campaign_id, at, values)| {
            let latest = match at {
                Some(at) => {
                    let mut counts = Counts::default();
                    for (field, value) in Counts::FIELDS.iter().zip(values) {
                        counts.set(field, value.unwrap_or_default());
                    }
                    Some((saved_time(&at).ok_or_else(|| unreadable(at))?, counts))
                }
                None => None,
            };
            Ok((id, entry_id, campaign_id, latest))
        })
        .collect()
}

/// A saved time as the database writes it in JSON: RFC 3339, or with a space for the `T`.
fn saved_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%:z"))
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The counts as values, in [`Counts::FIELDS`]' order.
fn count_values(c: &Counts) -> impl Iterator<Item = Expr> {
    Counts::FIELDS
        .into_iter()
        .map(|f| Expr::val(c.get(f).unwrap_or_default()))
}

fn count_columns() -> impl Iterator<Item = sea_orm::sea_query::DynIden> {
    Counts::FIELDS
        .into_iter()
        .map(|f| Alias::new(f).into_iden())
}

/// `INSERT INTO table (columns…, then the ten counts)`, its rows still to add.
fn insert_with_counts<E: EntityTrait>(
    table: E,
    columns: impl IntoIterator<Item = E::Column>,
) -> InsertStatement {
    let mut insert = Query::insert();
    insert.into_table(table).columns(
        columns
            .into_iter()
            .map(IntoIden::into_iden)
            .chain(count_columns()),
    );
    insert
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
        before.as_ref().map(super::counts::of),
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
    use metric_snapshot::Column as C;
    let source = by.source.as_str();
    for chunk in readings.chunks(CHUNK) {
        let mut insert = insert_with_counts(
            metric_snapshot::Entity,
            [
                C::OrganizationId,
                C::CampaignId,
                C::DeliverableId,
                C::CapturedAt,
                C::CapturedMicros,
                C::Source,
                C::RecordedBy,
                C::ApiTokenId,
                C::CreatedAt,
            ],
        );
        for r in chunk {
            let row = [
                Expr::val(by.organization_id),
                Expr::val(campaign_of(r.deliverable_id)),
                Expr::val(r.deliverable_id),
                Expr::val(r.captured_at),
                Expr::val(r.captured_at.timestamp_micros()),
                Expr::val(source),
                Expr::val(by.user_id),
                Expr::val(by.api_token_id),
                Expr::val(by.now),
            ];
            insert.values_panic(row.into_iter().chain(count_values(&r.counts)));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// Makes each reading its deliverable's latest.
pub async fn save_latest(
    txn: &DatabaseTransaction,
    org: i32,
    rows: &[(&Reading, Target)],
) -> Result<(), DbErr> {
    use metric_latest::Column as C;
    for chunk in rows.chunks(CHUNK) {
        let mut insert = insert_with_counts(
            metric_latest::Entity,
            [
                C::DeliverableId,
                C::OrganizationId,
                C::CampaignId,
                C::PipelineEntryId,
                C::CapturedAt,
            ],
        );
        insert.on_conflict(
            OnConflict::column(C::DeliverableId)
                .update_columns(std::iter::once(C::CapturedAt.into_iden()).chain(count_columns()))
                .to_owned(),
        );
        for (r, target) in chunk {
            let row = [
                Expr::val(r.deliverable_id),
                Expr::val(org),
                Expr::val(target.campaign_id),
                Expr::val(target.entry_id),
                Expr::val(r.captured_at),
            ];
            insert.values_panic(row.into_iter().chain(count_values(&r.counts)));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// Adds each day's change to what the day had.
pub async fn save_trend(
    txn: &DatabaseTransaction,
    trend: BTreeMap<(i32, NaiveDate), Counts>,
) -> Result<(), DbErr> {
    use metric_trend::Column as C;
    let rows: Vec<_> = trend.into_iter().filter(|(_, c)| !c.is_zero()).collect();
    for chunk in rows.chunks(CHUNK) {
        let mut conflict = OnConflict::columns([C::CampaignId, C::Day]);
        for field in Counts::FIELDS {
            let sum = Expr::cust(format!("metric_trend.{field} + excluded.{field}"));
            conflict.value(Alias::new(field), sum);
        }
        let mut insert = insert_with_counts(metric_trend::Entity, [C::CampaignId, C::Day]);
        insert.on_conflict(conflict.to_owned());
        for ((campaign_id, day), c) in chunk {
            let row = [Expr::val(*campaign_id), Expr::val(*day)];
            insert.values_panic(row.into_iter().chain(count_values(c)));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
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
        let rows = found(Some(json.into())).unwrap();
        let (at, counts) = rows[0].3.unwrap();
        assert_eq!((rows[0].0, rows[0].1, rows[0].2), (7, 3, 1));
        assert_eq!(at, saved_time("2026-05-10T10:00:00Z").unwrap());
        assert_eq!((counts.impressions, counts.revenue_minor), (1, 10));
        assert_eq!(rows[1].3, None);
        assert!(
            found(None).unwrap().is_empty(),
            "PostgreSQL: no rows, no array"
        );
        assert!(
            found(Some(
                "[[7, 3, 1, \"yesterday\", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]]".into()
            ))
            .is_err()
        );
    }

    #[test]
    fn saved_times_read_in_either_spelling() {
        let t = saved_time("2026-05-10T08:00:00.5Z").unwrap();
        assert_eq!(saved_time("2026-05-10 10:00:00.5+02:00"), Some(t));
        assert_eq!(saved_time("2026-05-10T10:00:00.500+02:00"), Some(t));
        assert_eq!(saved_time("10 May"), None);
    }
}
