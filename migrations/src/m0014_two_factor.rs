//! Two-factor sign-in: an account's authenticator secret (a time-based one-time code,
//! RFC 6238), the last time step it accepted (a code is good once), its recovery codes
//! kept as hashes, and an organization's rule that its admins use it.

use crate::builders::{add_columns, cascade, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let added = [
            ("app_user", string_null("totp_secret")),
            ("app_user", timestamp_with_time_zone_null("totp_enabled_at")),
            ("app_user", big_integer_null("totp_last_step")),
            (
                "organization",
                boolean("admins_need_two_factor").default(false).to_owned(),
            ),
        ];
        add_columns(m, added).await?;
        m.create_table(
            Table::create()
                .table("recovery_code")
                .col(pk_auto("id"))
                .col(integer("user_id"))
                // SHA-256 of the code as shown once to its owner.
                .col(string("code_hash"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade("recovery_code", "user_id", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "recovery_code_user",
            "recovery_code",
            &["user_id", "code_hash"],
        ))
        .await
    }
}
