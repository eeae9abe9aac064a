use sea_orm::entity::prelude::*;

/// What a creator account filled in on first sign-in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "creator_onboarding")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    pub legal_name: String,
    #[sea_orm(column_type = "Text")]
    pub shipping_address: String,
    #[sea_orm(column_type = "Text")]
    pub payment_details: String,
    pub tax_id: String,
    pub preferred_platforms: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
