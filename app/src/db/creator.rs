use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "creator")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub name: String,
    pub email: Option<String>,
    pub country: Option<String>,
    pub tier: Option<String>,
    pub performance_tag: Option<String>,
    pub rate_minor: Option<i64>,
    pub rate_currency: Option<String>,
    pub notes: String,
    pub legal_name: Option<String>,
    pub shipping_address: Option<String>,
    pub payment_details: Option<String>,
    pub tax_id: Option<String>,
    /// Comma-separated platform keys, from the creator's onboarding.
    pub preferred_platforms: String,
    pub user_id: Option<i32>,
    pub followers: i64,
    pub engagement_bp: Option<i32>,
    pub search_text: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
