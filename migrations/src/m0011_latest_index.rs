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
            "metric_latest_by_entry",
            "metric_latest",
            &["campaign_id", "pipeline_entry_id"],
        ))
        .await?;
        m.drop_index(
            Index::drop()
                .name("metric_latest_of_campaign")
                .table(Alias::new("metric_latest"))
                .to_owned(),
        )
        .await
    }
}
