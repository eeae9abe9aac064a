use sea_orm::entity::prelude::*;

/// One reading of one deliverable's figures at a time. Never changed once recorded.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "metric_snapshot")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub campaign_id: i32,
    pub deliverable_id: i32,
    pub captured_at: DateTimeUtc,
    /// `captured_at` in microseconds since the epoch: the time-order index's key.
    pub captured_micros: i64,
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
    /// manual | csv | api | simulator
    pub source: String,
    pub recorded_by: Option<i32>,
    pub api_token_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
