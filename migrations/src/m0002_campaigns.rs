//! Campaigns: objective, budget in minor units, dates, goals, owner and status.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("campaign")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(string("name"))
                .col(string("objective"))
                .col(string("status"))
                .col(string_len("currency", 3))
                .col(big_integer("budget_minor"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(big_integer_null("target_reach"))
                // Basis points: 325 is 3.25 %.
                .col(integer_null("target_engagement_bp"))
                .col(big_integer_null("target_conversions"))
                .col(big_integer_null("target_revenue_minor"))
                .col(integer_null("target_creators"))
                .col(integer_null("owner_id"))
                // Bumped by every change: an edit based on an older version is refused.
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("campaign", "organization_id")
                        .to("organization", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("campaign", "owner_id")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_campaign_org_status")
                .table("campaign")
                .col("organization_id")
                .col("status")
                .col("starts_on")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("campaign").to_owned())
            .await
    }
}
