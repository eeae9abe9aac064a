use sea_orm::entity::prelude::*;

/// A review lane's verdict on one draft version. Only added, never changed: a lane that
/// changes its mind decides again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "review_decision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub deliverable_id: i32,
    pub draft_version_id: i32,
    pub lane: String,
    pub verdict: String,
    pub checked: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub decided_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
