//! Snapshots are found in time order per deliverable by an integer key. SQLite keeps a
//! time as about 25 bytes of text, and every ingest batch adds an entry to nearly every
//! deliverable's run of that index, so its size is what each commit writes: microseconds
//! since the epoch take 8 bytes, the same as PostgreSQL's own timestamps.

use crate::builders::index;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;
use sea_orm_migration::sea_orm::prelude::ChronoDateTimeUtc;

/// Snapshots given their key per statement.
const PAGE: u64 = 500;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("metric_snapshot")
                .add_column(big_integer("captured_micros").default(0))
                .to_owned(),
        )
        .await?;
        backfill(m.get_connection()).await?;
        m.create_index(index(
            "metric_snapshot_by_time",
            "metric_snapshot",
            &["deliverable_id", "captured_micros"],
        ))
        .await?;
        m.drop_index(
            Index::drop()
                .name("metric_snapshot_of_deliverable")
                .table(Alias::new("metric_snapshot"))
                .to_owned(),
        )
        .await
    }
}

/// Gives each saved snapshot its key from its time, read as the app reads it: exact to the
/// microsecond on both engines, whatever text SQLite kept (its own date functions keep
/// milliseconds).
async fn backfill(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let table = Alias::new("metric_snapshot");
    let id = || Alias::new("id");
    let mut after = 0;
    loop {
        let page = Query::select()
            .columns([id(), Alias::new("captured_at")])
            .from(table.clone())
            .and_where(Expr::col(id()).gt(after))
            .order_by(id(), Order::Asc)
            .limit(PAGE)
            .to_owned();
        let rows = db.query_all(&page).await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut key = CaseStatement::new();
        let mut ids = Vec::with_capacity(rows.len());
        for row in &rows {
            let snapshot: i32 = row.try_get_by_index(0)?;
            let at: ChronoDateTimeUtc = row.try_get_by_index(1)?;
            key = key.case(Expr::col(id()).eq(snapshot), at.timestamp_micros());
            ids.push(snapshot);
            after = snapshot;
        }
        let update = Query::update()
            .table(table.clone())
            .value(Alias::new("captured_micros"), key.finally(0))
            .and_where(Expr::col(id()).is_in(ids))
            .to_owned();
        db.execute(&update).await?;
    }
}
