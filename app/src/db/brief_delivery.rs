use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "brief_delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pipeline_entry_id: i32,
    pub brief_id: i32,
    pub sent_by: Option<i32>,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
