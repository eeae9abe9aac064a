//! Organizations for real: set up from a one-time link, with their own settings, members
//! who can be deactivated, and sessions kept only as hashes.
//!
//! - An organization has a default currency and a time zone (dates and reminders use it).
//! - A member can be deactivated (kept for the history, signed out, unable to sign in).
//! - A setup link, printed on the console of a server with no organization, is kept as a
//!   hash until it is used.
//! - Sessions are found by a hash of their id from now on: those stored before (by the id
//!   itself) are ended, so everyone signs in once more.

use crate::builders::add_columns;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let added = [
            ("organization", string("currency").default("EUR").to_owned()),
            (
                "organization",
                string("time_zone").default("UTC").to_owned(),
            ),
            ("app_user", timestamp_with_time_zone_null("deactivated_at")),
        ];
        add_columns(m, added).await?;
        m.create_table(
            Table::create()
                .table("setup_token")
                .col(pk_auto("id"))
                // SHA-256 of the printed link's token.
                .col(string_uniq("token_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("DELETE FROM session")
            .await?;
        Ok(())
    }
}
