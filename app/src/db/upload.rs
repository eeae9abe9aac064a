use sea_orm::entity::prelude::*;

/// A file on disk (by content hash) that a user uploaded, attached to a draft version once
/// the version is submitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "upload")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub original_name: String,
    pub draft_version_id: Option<i32>,
    pub position: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
