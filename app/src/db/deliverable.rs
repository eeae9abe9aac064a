use sea_orm::entity::prelude::*;

/// One post or video a creator owes under their accepted agreement.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliverable")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub pipeline_entry_id: i32,
    pub platform: String,
    pub format: String,
    pub number: i32,
    pub of_count: i32,
    pub due_on: Date,
    pub live_url: Option<String>,
    pub live_at: Option<DateTimeUtc>,
    /// The version both review lanes approved; from then on the draft is frozen.
    pub approved_version_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
