//! The demo's metrics simulator: a switch per organization, only ever on for the demo
//! organization, so its dashboard moves by itself until someone turns it off.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("organization")
                .add_column(boolean("simulator_on").default(false))
                .to_owned(),
        )
        .await
    }
}
