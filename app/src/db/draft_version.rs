use sea_orm::entity::prelude::*;

/// One upload of a deliverable's draft: caption or script, and its media (`upload` rows).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "draft_version")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub deliverable_id: i32,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub caption: String,
    pub submitted_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
