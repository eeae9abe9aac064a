//! The creator's side of a collaboration: briefs (versioned), agreements (immutable once
//! accepted), deliverables, draft versions with their uploaded media, and the onboarding
//! a creator fills in once.

use crate::builders::{cascade, index, set_null};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One column per statement: SQLite alters a table one column at a time.
async fn add_column(m: &SchemaManager<'_>, table: &str, col: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(Alias::new(table))
            .add_column(col)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Tracking links are built from it.
        add_column(m, "campaign", string_null("landing_url")).await?;
        // Comma-separated platform keys the creator prefers, from onboarding.
        add_column(
            m,
            "creator",
            string("preferred_platforms").default("").to_owned(),
        )
        .await?;
        // A creator's invitation links the new account to this creator profile.
        add_column(m, "invitation", integer_null("creator_id")).await?;

        // What a creator account filled in on first sign-in; copied to every creator
        // profile the account is linked to.
        m.create_table(
            Table::create()
                .table("creator_onboarding")
                .col(integer("user_id").primary_key())
                .col(string("legal_name"))
                .col(text("shipping_address"))
                .col(text("payment_details"))
                .col(string("tax_id"))
                .col(string("preferred_platforms"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut cascade("creator_onboarding", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("brief")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("campaign_id"))
                .col(integer("version"))
                // The brief's fields as JSON: a version is read whole and never changes.
                .col(text("content"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("brief", "campaign_id", "campaign"))
                .foreign_key(&mut set_null("brief", "created_by", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("idx_brief_version", "brief", &["campaign_id", "version"])
                .unique()
                .to_owned(),
        )
        .await?;

        // Which brief version went to which creator, and when: they see the last one sent.
        m.create_table(
            Table::create()
                .table("brief_delivery")
                .col(pk_auto("id"))
                .col(integer("pipeline_entry_id"))
                .col(integer("brief_id"))
                .col(integer_null("sent_by"))
                .col(timestamp_with_time_zone("sent_at"))
                .foreign_key(&mut cascade(
                    "brief_delivery",
                    "pipeline_entry_id",
                    "pipeline_entry",
                ))
                .foreign_key(&mut cascade("brief_delivery", "brief_id", "brief"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_brief_delivery_entry",
            "brief_delivery",
            &["pipeline_entry_id", "sent_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("agreement")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("pipeline_entry_id"))
                // The terms as JSON, and the exact text rendered from them when sent.
                .col(text("terms"))
                .col(text("body"))
                // SHA-256 (hex) of `body`: what the creator's acceptance is bound to.
                .col(string("body_sha256"))
                // Who the text names as the creator: the name typed to accept must be it.
                .col(string("signer_name"))
                // sent | accepted | declined | withdrawn
                .col(string("status"))
                .col(integer_null("sent_by"))
                .col(timestamp_with_time_zone("sent_at"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .col(integer_null("answered_by"))
                .col(string_null("accepted_name"))
                .col(string_null("accepted_ip"))
                .col(text_null("decline_reason"))
                .foreign_key(&mut cascade(
                    "agreement",
                    "pipeline_entry_id",
                    "pipeline_entry",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_agreement_entry",
            "agreement",
            &["pipeline_entry_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("deliverable")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("pipeline_entry_id"))
                .col(string("platform"))
                .col(string("format"))
                .col(integer("number"))
                .col(integer("of_count"))
                .col(date("due_on"))
                .col(string_null("live_url"))
                .col(timestamp_with_time_zone_null("live_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade(
                    "deliverable",
                    "pipeline_entry_id",
                    "pipeline_entry",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_deliverable_entry",
            "deliverable",
            &["pipeline_entry_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("draft_version")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("deliverable_id"))
                .col(integer("number"))
                .col(text("caption"))
                .col(integer_null("submitted_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade(
                    "draft_version",
                    "deliverable_id",
                    "deliverable",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "idx_draft_version_number",
                "draft_version",
                &["deliverable_id", "number"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        // A file a user uploaded, stored on disk by content hash. It joins a draft version
        // when the version is submitted; until then only its uploader can use it.
        m.create_table(
            Table::create()
                .table("upload")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                .col(string("sha256"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(string("original_name"))
                .col(integer_null("draft_version_id"))
                .col(integer("position").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("upload", "user_id", "app_user"))
                .foreign_key(&mut cascade("upload", "draft_version_id", "draft_version"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idx_upload_version", "upload", &["draft_version_id"]))
            .await?;
        m.create_index(index("idx_upload_sha", "upload", &["sha256"]))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "upload",
            "draft_version",
            "deliverable",
            "agreement",
            "brief_delivery",
            "brief",
            "creator_onboarding",
        ] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        for (table, col) in [
            ("invitation", "creator_id"),
            ("creator", "preferred_platforms"),
            ("campaign", "landing_url"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .drop_column(Alias::new(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
