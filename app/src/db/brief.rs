use sea_orm::entity::prelude::*;

/// One version of a campaign's brief. Versions are only ever added.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "brief")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub campaign_id: i32,
    pub version: i32,
    /// `briefs::BriefFields` as JSON.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
