use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub campaign_id: i32,
    pub pipeline_entry_id: i32,
    pub amount_minor: i64,
    pub currency: String,
    pub due_on: Date,
    /// A `PaymentStatus`.
    pub status: String,
    pub paid_minor: Option<i64>,
    pub paid_on: Option<Date>,
    pub reference: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub partial_reason: Option<String>,
    pub approved_by: Option<i32>,
    pub paid_by: Option<i32>,
    /// Raised by each change; a change made on an older version is refused.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
