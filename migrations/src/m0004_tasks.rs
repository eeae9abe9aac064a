//! Work the pipeline hands to people: tasks (outreach, follow-ups) with due dates, and the
//! in-app notifications that remind them.

use crate::builders::{cascade, index, set_null};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("task")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("campaign_id"))
                .col(integer("pipeline_entry_id"))
                // Nobody when the owner left the team; the card on the board still shows it.
                .col(integer_null("assignee_id"))
                // outreach | follow_up | final_notice
                .col(string("kind"))
                .col(timestamp_with_time_zone("due_at"))
                // When the reminder for a due task went out (the background job sets it).
                .col(timestamp_with_time_zone_null("reminded_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                // done (by a person) | replied (the creator answered: the card moved on)
                .col(string_null("closed_as"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("task", "pipeline_entry_id", "pipeline_entry"))
                .foreign_key(&mut set_null("task", "assignee_id", "app_user"))
                .to_owned(),
        )
        .await?;
        // "My tasks" and the reminder job read open tasks by due date.
        m.create_index(index("idx_task_open", "task", &["closed_at", "due_at"]))
            .await?;
        m.create_index(index("idx_task_entry", "task", &["pipeline_entry_id"]))
            .await?;

        m.create_table(
            Table::create()
                .table("notification")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("user_id"))
                .col(string("title"))
                .col(string("link"))
                .col(timestamp_with_time_zone_null("read_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("notification", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_notification_user",
            "notification",
            &["user_id", "created_at"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("notification").to_owned())
            .await?;
        m.drop_table(Table::drop().table("task").to_owned()).await
    }
}
