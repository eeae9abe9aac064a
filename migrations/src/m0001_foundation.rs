//! Organizations, users, sessions, invitations, the email outbox, login attempts and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to_table: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("organization")
                .col(pk_auto("id"))
                .col(string("name"))
                .col(boolean("is_demo").default(false))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;

        // Staff belong to one organization; creator accounts belong to none (they are linked to
        // creator profiles in any number of organizations).
        m.create_table(
            Table::create()
                .table("app_user")
                .col(pk_auto("id"))
                .col(integer_null("organization_id"))
                .col(string_uniq("email"))
                .col(string("name"))
                .col(string("password_hash"))
                .col(string("role"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("app_user", "organization_id", "organization"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_app_user_organization")
                .table("app_user")
                .col("organization_id")
                .to_owned(),
        )
        .await?;

        // tower-sessions records. `user_id` is lifted out of the data so that
        // "sign out everywhere" is one DELETE.
        m.create_table(
            Table::create()
                .table("session")
                .col(string("id").primary_key())
                .col(integer_null("user_id"))
                .col(text("data"))
                .col(big_integer("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_user")
                .table("session")
                .col("user_id")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_expires")
                .table("session")
                .col("expires_at")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("invitation")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(string("email"))
                .col(string("name"))
                .col(string("role"))
                .col(string_uniq("token_hash"))
                .col(integer_null("invited_by"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(timestamp_with_time_zone_null("revoked_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("invitation", "organization_id", "organization"))
                .foreign_key(
                    ForeignKey::create()
                        .from("invitation", "invited_by")
                        .to("app_user", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_invitation_organization")
                .table("invitation")
                .col("organization_id")
                .to_owned(),
        )
        .await?;

        // Every email goes through here; a sender job (later) delivers and marks it sent.
        m.create_table(
            Table::create()
                .table("outbox_message")
                .col(pk_auto("id"))
                .col(integer_null("organization_id"))
                .col(string("to_email"))
                .col(string("subject"))
                .col(text("body_text"))
                .col(text("body_html"))
                .col(string("link"))
                .col(integer("attempts").default(0))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("outbox_message", "organization_id", "organization"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_organization")
                .table("outbox_message")
                .col("organization_id")
                .col("created_at")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("login_attempt")
                .col(pk_auto("id"))
                .col(string("email"))
                .col(string_null("ip"))
                .col(boolean("succeeded"))
                .col(timestamp_with_time_zone("attempted_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_attempt_email")
                .table("login_attempt")
                .col("email")
                .col("attempted_at")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_attempt_ip")
                .table("login_attempt")
                .col("ip")
                .col("attempted_at")
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("audit_event")
                .col(pk_auto("id"))
                .col(integer_null("organization_id"))
                .col(integer_null("actor_user_id"))
                .col(string("action"))
                .col(string("entity_type"))
                .col(string_null("entity_id"))
                .col(json_null("before"))
                .col(json_null("after"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_entity")
                .table("audit_event")
                .col("organization_id")
                .col("entity_type")
                .col("entity_id")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_time")
                .table("audit_event")
                .col("organization_id")
                .col("created_at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "audit_event",
            "login_attempt",
            "outbox_message",
            "invitation",
            "session",
            "app_user",
            "organization",
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
