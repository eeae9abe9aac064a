//! Metrics, the dashboard and the campaign's final report.
//!
//! - A metric snapshot is one reading of one deliverable at a time, from manual entry, a
//!   CSV import, the ingest API or the demo simulator. Snapshots are never changed.
//! - `metric_latest` keeps each deliverable's latest snapshot (totals count only that), and
//!   `metric_trend` what the latest readings added up to change per campaign and day (the
//!   charts): both kept by the writer, so the dashboard never scans the snapshots.
//! - API tokens let integrations post snapshots; stored as a hash, revocable.
//! - An ingest batch remembers its idempotency key, so a retried batch counts once.
//! - A finalized campaign keeps the figures it was finalized with.

use crate::builders::{cascade, index, set_null};
use sea_orm_migration::{prelude::*, schema::*};

/// The counts a snapshot carries, in the order of docs/PRODUCT.md §7.2 (revenue in minor units).
const COUNTS: [&str; 10] = [
    "impressions",
    "reach",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "conversions",
    "revenue_minor",
];

fn with_counts(table: &mut TableCreateStatement) -> &mut TableCreateStatement {
    for count in COUNTS {
        table.col(big_integer(count).default(0));
    }
    table
}

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut snapshot = Table::create();
        snapshot
            .table("metric_snapshot")
            .col(pk_auto("id"))
            .col(integer("organization_id"))
            .col(integer("campaign_id"))
            .col(integer("deliverable_id"))
            .col(timestamp_with_time_zone("captured_at"));
        with_counts(&mut snapshot)
            // manual | csv | api | simulator
            .col(string("source"))
            .col(integer_null("recorded_by"))
            .col(integer_null("api_token_id"))
            .col(timestamp_with_time_zone("created_at"))
            .foreign_key(&mut cascade(
                "metric_snapshot",
                "deliverable_id",
                "deliverable",
            ))
            .foreign_key(&mut cascade("metric_snapshot", "campaign_id", "campaign"));
        m.create_table(snapshot.to_owned()).await?;
        m.create_index(index(
            "metric_snapshot_of_deliverable",
            "metric_snapshot",
            &["deliverable_id", "captured_at"],
        ))
        .await?;

        let mut latest = Table::create();
        latest
            .table("metric_latest")
            .col(integer("deliverable_id").primary_key())
            .col(integer("organization_id"))
            .col(integer("campaign_id"))
            .col(integer("pipeline_entry_id"))
            .col(timestamp_with_time_zone("captured_at"));
        with_counts(&mut latest).foreign_key(&mut cascade(
            "metric_latest",
            "deliverable_id",
            "deliverable",
        ));
        m.create_table(latest.to_owned()).await?;
        m.create_index(index(
            "metric_latest_of_campaign",
            "metric_latest",
            &["campaign_id"],
        ))
        .await?;

        let mut trend = Table::create();
        trend
            .table("metric_trend")
            .col(integer("campaign_id"))
            .col(date("day"));
        with_counts(&mut trend)
            .primary_key(
                Index::create()
                    .col(Alias::new("campaign_id"))
                    .col(Alias::new("day")),
            )
            .foreign_key(&mut cascade("metric_trend", "campaign_id", "campaign"));
        m.create_table(trend.to_owned()).await?;

        m.create_table(
            Table::create()
                .table("api_token")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(string("name"))
                // SHA-256 of the token, which is shown once, when it is created.
                .col(string_uniq("token_hash"))
                // The token's last characters, so people can tell their tokens apart.
                .col(string("hint"))
                .col(integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(integer_null("revoked_by"))
                .foreign_key(&mut cascade("api_token", "organization_id", "organization"))
                .foreign_key(&mut set_null("api_token", "created_by", "app_user"))
                .foreign_key(&mut set_null("api_token", "revoked_by", "app_user"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("ingest_batch")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(string("idempotency_key"))
                // SHA-256 of the request body: the same key with another body is refused.
                .col(string("body_hash"))
                // The answer given, given again to a retry.
                .col(text("response"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade(
                    "ingest_batch",
                    "organization_id",
                    "organization",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index(
                "ingest_batch_key",
                "ingest_batch",
                &["organization_id", "idempotency_key"],
            )
            .unique()
            .to_owned(),
        )
        .await?;

        for mut column in [
            timestamp_with_time_zone_null("finalized_at"),
            // The figures as finalized (JSON), never recomputed.
            text_null("final_figures"),
        ] {
            m.alter_table(
                Table::alter()
                    .table("campaign")
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
