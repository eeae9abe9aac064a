use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organization_id: i32,
    pub name: String,
    pub objective: String,
    pub status: String,
    pub currency: String,
    pub budget_minor: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub target_reach: Option<i64>,
    pub target_engagement_bp: Option<i32>,
    pub target_conversions: Option<i64>,
    pub target_revenue_minor: Option<i64>,
    pub target_creators: Option<i32>,
    pub owner_id: Option<i32>,
    pub landing_url: Option<String>,
    pub version: i32,
    /// Set when the campaign was finalized; `final_figures` then holds its figures (JSON).
    pub finalized_at: Option<DateTimeUtc>,
    pub final_figures: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The campaign `id` if it belongs to organization `org`. Another organization's campaign is
/// not found, like one that does not exist: its id tells the caller nothing.
pub async fn of_organization(
    db: &impl sea_orm::ConnectionTrait,
    org: i32,
    id: i32,
) -> Result<Model, crate::error::AppError> {
    Entity::find_by_id(id)
        .filter(Column::OrganizationId.eq(org))
        .one(db)
        .await?
        .ok_or_else(|| crate::error::AppError::NotFound("Campaign".into()))
}
