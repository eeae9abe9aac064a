//! Draft review: comment threads (anchored to caption text, to a point on an image, or to
//! the whole draft) and the two lanes' decisions on each version. A deliverable remembers
//! the version both lanes approved.

use crate::builders::{cascade, index, set_null};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("deliverable")
                .add_column(integer_null("approved_version_id"))
                .to_owned(),
        )
        .await?;
        // Browsers send form text with CR LF line ends; captions keep LF only, so the
        // offsets of a text selection mean the same on both sides.
        m.get_connection()
            .execute_unprepared("UPDATE draft_version SET caption = REPLACE(caption, '\r\n', '\n')")
            .await?;

        m.create_table(
            Table::create()
                .table("review_comment")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("deliverable_id"))
                // The version the comment was made on.
                .col(integer("draft_version_id"))
                // A reply's thread; the first comment of a thread has none.
                .col(integer_null("parent_id"))
                .col(integer_null("author_id"))
                .col(text("body"))
                // text | image | draft
                .col(string("target"))
                // A text comment's anchor: the quote with its context, where it was made,
                // and where it is on the newest version it was found in.
                .col(text_null("quote"))
                .col(text_null("prefix"))
                .col(text_null("suffix"))
                .col(integer_null("origin_start"))
                .col(integer_null("origin_end"))
                .col(integer_null("anchor_version_id"))
                .col(integer_null("anchor_start"))
                .col(integer_null("anchor_end"))
                .col(timestamp_with_time_zone_null("outdated_at"))
                // An image comment's point, in thousandths of the width and height.
                .col(integer_null("upload_id"))
                .col(integer_null("point_x"))
                .col(integer_null("point_y"))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .col(integer_null("resolved_by"))
                .col(timestamp_with_time_zone_null("edited_at"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade(
                    "review_comment",
                    "deliverable_id",
                    "deliverable",
                ))
                .foreign_key(&mut cascade(
                    "review_comment",
                    "draft_version_id",
                    "draft_version",
                ))
                .foreign_key(&mut cascade(
                    "review_comment",
                    "parent_id",
                    "review_comment",
                ))
                .foreign_key(&mut set_null("review_comment", "author_id", "app_user"))
                .foreign_key(&mut set_null("review_comment", "upload_id", "upload"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_review_comment_deliverable",
            "review_comment",
            &["deliverable_id"],
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("review_decision")
                .col(pk_auto("id"))
                .col(integer("organization_id"))
                .col(integer("deliverable_id"))
                .col(integer("draft_version_id"))
                // marketing | legal
                .col(string("lane"))
                // approved | changes_requested
                .col(string("verdict"))
                // The checklist keys the reviewer ticked, comma-separated.
                .col(string("checked"))
                .col(text("note"))
                .col(integer_null("decided_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut cascade(
                    "review_decision",
                    "deliverable_id",
                    "deliverable",
                ))
                .foreign_key(&mut cascade(
                    "review_decision",
                    "draft_version_id",
                    "draft_version",
                ))
                .foreign_key(&mut set_null("review_decision", "decided_by", "app_user"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "idx_review_decision_deliverable",
            "review_decision",
            &["deliverable_id"],
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["review_decision", "review_comment"] {
            m.drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("deliverable")
                .drop_column("approved_version_id")
                .to_owned(),
        )
        .await
    }
}
