//! Indexes for a million snapshots: snapshots found by deliverable through a narrower
//! index, and each deliverable's latest reading grouped by collaboration.
//!
//! A batch reads every deliverable once, so it adds one entry to each deliverable's run in
//! the index: nearly every page of the index is written again on every commit. Keyed by (deliverable, time),
//! with the time as text, it grew to tens of megabytes and halved the ingest rate at a
//! million snapshots; keyed by deliverable alone it is a fraction of that. A deliverable's
//! few hundred readings are sorted by time when read.
//!
//! The dashboard adds up each collaboration's latest readings: indexed by campaign and
//! collaboration, they come out grouped, with no sort.

use crate::builders::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            "metric_snapshot_by_deliverable",
            "metric_snapshot",
            &["deliverable_id"],
        ))
        .await?;
        m.create_index(index(
            "metric_latest_by_entry",
            "metric_latest",
            &["campaign_id", "pipeline_entry_id"],
        ))
        .await?;
        for (name, table) in [
            ("metric_snapshot_of_deliverable", "metric_snapshot"),
            ("metric_latest_of_campaign", "metric_latest"),
        ] {
            m.drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
