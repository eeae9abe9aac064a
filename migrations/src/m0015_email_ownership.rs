//! Who owns an email address: when an account proved it owns its address (a link only that
//! mailbox received), whether an invitation's link went to its addressee alone, and the
//! pending confirmations of an address (one's own, or the new one of an email change).

use crate::builders::{add_columns, cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let added = [
            // Unknown for accounts made before: they confirm like anyone else.
            (
                "app_user",
                timestamp_with_time_zone_null("email_confirmed_at"),
            ),
            (
                "invitation",
                boolean("sent_privately").default(false).to_owned(),
            ),
        ];
        add_columns(m, added).await?;
        m.create_table(
            Table::create()
                .table("email_confirmation")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                // The address to confirm: the account's own, or the one it changes to.
                .col(string("email"))
                // SHA-256 of the emailed link's token.
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("email_confirmation", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "email_confirmation_of_user",
            "email_confirmation",
            &["user_id", "created_at"],
        ))
        .await
    }
}
