//! Email delivery, notification settings, reminders and creator payments.
//!
//! - The outbox gains what a sender needs to deliver each message once: a lease while a
//!   message is being sent, the time of the next attempt, and the time it failed for good.
//! - A notification names its kind and when it was considered for email; a user lists
//!   the kinds not wanted by email.
//! - A reminder is written when it is sent; its key is unique, so it is sent once.
//! - A password reset is a single-use emailed link, stored as a hash.
//! - A pipeline entry's fee is paid in one or more payments.

use crate::builders::{add_columns, cascade, index, set_null};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let added = [
            (
                "outbox_message",
                timestamp_with_time_zone_null("next_attempt_at"),
            ),
            (
                "outbox_message",
                timestamp_with_time_zone_null("claimed_until"),
            ),
            ("outbox_message", timestamp_with_time_zone_null("failed_at")),
            ("notification", string("kind").default("general").to_owned()),
            ("notification", timestamp_with_time_zone_null("emailed_at")),
            ("app_user", text("email_muted").default("").to_owned()),
        ];
        add_columns(m, added).await?;
        // Notifications from before email are not mailed now.
        m.get_connection()
            .execute_unprepared("UPDATE notification SET emailed_at = created_at")
            .await?;
        m.create_index(index(
            "notification_to_email",
            "notification",
            &["emailed_at"],
        ))
        .await?;
        m.create_index(index(
            "outbox_message_unsent",
            "outbox_message",
            &["sent_at", "next_attempt_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("reminder")
                .col(pk_auto("id"))
                // What it reminds of, e.g. `deliverable.due_72h:<id>`.
                .col(string_uniq("key"))
                .col(timestamp_with_time_zone("sent_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("password_reset")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                // SHA-256 of the emailed link's token.
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("password_reset", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "password_reset_of_user",
            "password_reset",
            &["user_id", "created_at"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("payment")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("campaign_id"))
                .col(integer("pipeline_entry_id"))
                .col(big_integer("amount_minor"))
                .col(string("currency"))
                .col(date("due_on"))
                // pending | approved | paid
                .col(string("status"))
                .col(big_integer_null("paid_minor"))
                .col(date_null("paid_on"))
                .col(string_null("reference"))
                // Why less than the amount was paid (a late post, say).
                .col(text_null("partial_reason"))
                .col(integer_null("approved_by"))
                .col(integer_null("paid_by"))
                .col(integer("version"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut cascade(
                    "payment",
                    "pipeline_entry_id",
                    "pipeline_entry",
                ))
                .foreign_key(&mut cascade("payment", "campaign_id", "campaign"))
                .foreign_key(&mut set_null("payment", "approved_by", "app_user"))
                .foreign_key(&mut set_null("payment", "paid_by", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "payment_by_due_date",
            "payment",
            &["organization_id", "status", "due_on"],
        ))
        .await?;
        m.create_index(index("payment_of_entry", "payment", &["pipeline_entry_id"]))
            .await?;
        Ok(())
    }
}
