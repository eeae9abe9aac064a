//! The creator database (creators, their channels and niches), pipeline entries that put a
//! creator on a campaign, and staged CSV imports.

use crate::builders::{cascade, index, references, set_null};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("creator")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(string("name"))
                // Lower-cased; unique per organization when present.
                .col(string_null("email"))
                .col(string_len_null("country", 2))
                .col(string_null("tier"))
                .col(string_null("performance_tag"))
                .col(big_integer_null("rate_minor"))
                .col(string_len_null("rate_currency", 3))
                .col(text("notes").default(""))
                // Onboarding data: only marketing and admins see or change it.
                .col(text_null("legal_name"))
                .col(text_null("shipping_address"))
                .col(text_null("payment_details"))
                .col(text_null("tax_id"))
                // The creator's portal account, once linked.
                .col(integer_null("user_id"))
                // Kept in step with the channels, for sorting and the list: the total
                // audience, and the audience-weighted engagement rate in basis points.
                .col(big_integer("followers").default(0))
                .col(integer_null("engagement_bp"))
                // Lower-cased name, email and handles: what the search box matches.
                .col(text("search_text").default(""))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut cascade("creator", "organization_id", "organization"))
                .foreign_key(&mut set_null("creator", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_creator_email",
                "creator",
                &["organization_id", "email"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        // Covers the search box: its substring match reads this index, not the table.
        m.create_index(index(
            "idx_creator_search",
            "creator",
            &["organization_id", "search_text"],
        ))
        .await?;
        for (name, col) in [
            ("idx_creator_name", "name"),
            ("idx_creator_followers", "followers"),
            ("idx_creator_engagement", "engagement_bp"),
            ("idx_creator_country", "country"),
            ("idx_creator_tier", "tier"),
            ("idx_creator_tag", "performance_tag"),
            ("idx_creator_updated", "updated_at"),
        ] {
            m.create_index(index(name, "creator", &["organization_id", col, "id"]))
                .await?;
        }

        m.create_table(
            Table::create()
                .table("channel")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("creator_id"))
                .col(string("platform"))
                .col(string("handle"))
                .col(text_null("url"))
                .col(big_integer("followers"))
                .col(integer_null("engagement_bp"))
                .col(integer_null("fake_followers_bp"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("channel", "creator_id", "creator"))
                .to_owned(),
        )
        .await?;
        // A handle belongs to one creator of the organization (handles are stored lower-case).
        m.create_index(
            index(
                "idx_channel_handle",
                "channel",
                &["organization_id", "platform", "handle"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        // One channel per platform and creator; the other columns make the per-creator
        // channel check of a search an index-only read.
        m.create_index(
            index(
                "idx_channel_creator",
                "channel",
                &["creator_id", "platform", "followers", "engagement_bp"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_channel_engagement",
            "channel",
            &["organization_id", "engagement_bp", "creator_id"],
        ))
        .await?;
        m.create_index(index(
            "idx_channel_followers",
            "channel",
            &["organization_id", "followers", "creator_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("creator_niche")
                .col(integer("creator_id"))
                .col(integer("organization_id"))
                .col(string("niche"))
                .primary_key(Index::create().col("creator_id").col("niche"))
                .foreign_key(&mut cascade("creator_niche", "creator_id", "creator"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_creator_niche",
            "creator_niche",
            &["organization_id", "niche", "creator_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("pipeline_entry")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("campaign_id"))
                .col(integer("creator_id"))
                .col(string("stage"))
                // Order within the stage's column.
                .col(integer("position"))
                // In the campaign's currency, minor units.
                .col(big_integer_null("fee_minor"))
                .col(big_integer("shipping_minor").default(0))
                .col(big_integer("product_cost_minor").default(0))
                .col(integer_null("owner_id"))
                .col(timestamp_with_time_zone("stage_changed_at"))
                .col(integer("version").default(1))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut cascade("pipeline_entry", "campaign_id", "campaign"))
                // A creator with collaborations is kept: their history matters.
                .foreign_key(&mut references(
                    "pipeline_entry",
                    "creator_id",
                    "creator",
                    ForeignKeyAction::Restrict,
                ))
                .foreign_key(&mut set_null("pipeline_entry", "owner_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_pipeline_entry_pair",
                "pipeline_entry",
                &["campaign_id", "creator_id"],
            )
            .unique()
            .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_pipeline_entry_creator",
            "pipeline_entry",
            &["creator_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("creator_import")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("user_id"))
                .col(string("file_name"))
                // previewed → imported | cancelled
                .col(string("status"))
                // The checked rows as JSON: what the preview showed is exactly what is written.
                .col(text("rows"))
                .col(integer("row_count"))
                .col(integer("ready_count"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("finished_at"))
                .foreign_key(&mut cascade(
                    "creator_import",
                    "organization_id",
                    "organization",
                ))
                .foreign_key(&mut cascade("creator_import", "user_id", "app_user"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "creator_import",
            "pipeline_entry",
            "creator_niche",
            "channel",
            "creator",
        ] {
            m.drop_table(Table::drop().table(table.to_string()).to_owned())
                .await?;
        }
        Ok(())
    }
}
