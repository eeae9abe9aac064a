//! Snapshots are found in time order per deliverable by an integer key. SQLite keeps a
//! time as about 25 bytes of text, and every ingest batch adds an entry to nearly every
//! deliverable's run of that index, so its size is what each commit writes: microseconds
//! since the epoch take 8 bytes, the same as PostgreSQL's own timestamps.

use crate::builders::index;
use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

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
        let micros = match m.get_database_backend() {
            DbBackend::Postgres => "(extract(epoch from captured_at) * 1000000)::bigint",
            // Milliseconds are what SQLite's date functions keep of older readings.
            _ => "CAST(round((julianday(captured_at) - 2440587.5) * 86400000) AS INTEGER) * 1000",
        };
        m.get_connection()
            .execute_unprepared(&format!(
                "UPDATE metric_snapshot SET captured_micros = {micros}"
            ))
            .await?;
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
