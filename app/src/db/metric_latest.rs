use sea_orm::entity::prelude::*;

/// Each deliverable's latest snapshot, kept by the writer: what totals count.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "metric_latest")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deliverable_id: i32,
    pub organization_id: i32,
    pub campaign_id: i32,
    pub pipeline_entry_id: i32,
    pub captured_at: DateTimeUtc,
    pub impressions: i64,
    pub reach: i64,
    pub views: i64,
    pub likes: i64,
    pub comments: i64,
    pub shares: i64,
    pub saves: i64,
    pub clicks: i64,
    pub conversions: i64,
    pub revenue_minor: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
