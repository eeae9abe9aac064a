use sea_orm::entity::prelude::*;

/// A comment on a draft: the first of a thread (anchored to caption text, a point of an
/// image, or the whole draft) or a reply to one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_comment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub deliverable_id: i32,
    pub draft_version_id: i32,
    pub parent_id: Option<i32>,
    pub author_id: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub target: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub quote: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub prefix: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub suffix: Option<String>,
    pub origin_start: Option<i32>,
    pub origin_end: Option<i32>,
    pub anchor_version_id: Option<i32>,
    pub anchor_start: Option<i32>,
    pub anchor_end: Option<i32>,
    pub outdated_at: Option<DateTimeUtc>,
    pub upload_id: Option<i32>,
    pub point_x: Option<i32>,
    pub point_y: Option<i32>,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i32>,
    pub edited_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
