//! The pipeline board read column by column: a card move lays out again only the columns
//! it leaves and enters, reading them in order from this index (covering on SQLite, where
//! the row id is part of every index).

use crate::builders::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "idx_pipeline_entry_column";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            NAME,
            "pipeline_entry",
            &["campaign_id", "stage", "position"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(NAME)
                .table(Alias::new("pipeline_entry"))
                .to_owned(),
        )
        .await
    }
}
