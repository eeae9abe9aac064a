use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "creator_niche")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub creator_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub niche: String,
    pub organization_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
